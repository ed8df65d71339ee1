/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * autodiscover-check's checks of what servers send before it is used
 * (addresses, host names, URLs) and the escaping of what it prints. No
 * library but libc.
 */
#ifndef CHECK_TEXT_H
#define CHECK_TEXT_H

#include <stddef.h>
#include <stdio.h>

#define CHECK_MAX_ADDRESS 254   /* RFC 5321's path limit, less the brackets */
#define CHECK_MAX_HOST    253
#define CHECK_MAX_URL     1024

/* NULL when address is one to ask about: at most CHECK_MAX_ADDRESS bytes,
 * exactly one @, a local part of 1 to 64 bytes without controls, spaces or
 * markup (<>&"'/\), valid UTF-8, and a host name after the @. Otherwise the
 * reason, in words. */
const char *check_address_invalid(const char *address);

/* NULL when host is an ASCII DNS host name (letters, digits, '-', labels of
 * 1 to 63 bytes, at most CHECK_MAX_HOST bytes, one trailing dot allowed). */
const char *check_host_invalid(const char *host);

/* NULL when url is an https URL to follow: at most CHECK_MAX_URL bytes of
 * printable ASCII without <>"\^`{|}, "https://" (any case), a host name, an
 * optional port 1 to 65535, no user information, then nothing or one of
 * "/?#". Then its host (lower case) is in host (hlen >= CHECK_MAX_HOST + 1)
 * and its port in *port. Otherwise the reason: "not https" when only the
 * scheme is wrong among the checks above (the characters come first). */
const char *check_url_invalid(const char *url, char *host, size_t hlen, int *port);

/* Writes s for a terminal: valid UTF-8 as it is, but control characters
 * (C0, DEL, C1), bidirectional overrides and bytes that are not UTF-8 as
 * \xNN, so no server can move the cursor, retitle the window or forge a
 * line. */
void check_put_text(FILE *to, const char *s);

/* Writes s as a JSON string (quotes included): '"', '\' and controls
 * escaped, C1 and bidirectional overrides as \uNNNN, bytes that are not
 * UTF-8 as \ufffd. */
void check_put_json(FILE *to, const char *s);

/* The length of the valid UTF-8 sequence at s (of at most n bytes), 0 when
 * there is none (bad, overlong, surrogate, beyond U+10FFFF, cut); *cp gets
 * the code point. */
size_t check_utf8_char(const unsigned char *s, size_t n, unsigned long *cp);

/* PACC's TXT record, "v=UAAC1; a=sha256; d=BASE64": NULL when txt is one,
 * with d's value in d (at most dlen - 1 bytes). Tag names and the v and a
 * values in any case, tags in any order, blanks around them, unknown tags,
 * empty ones and a trailing ';' ignored (as PACC's clients read them).
 * Otherwise why not: check_not_uaac for a record that is no PACC record
 * (v is not UAAC1), else the fault in words. */
extern const char check_not_uaac[];
const char *check_uaac_invalid(const char *txt, char *d, size_t dlen);

/* Standard base64 with padding: n bytes into out, which has room for
 * 4 * ((n + 2) / 3) + 1. */
void check_base64_encode(const unsigned char *in, size_t n, char *out);
/* s decoded into out (at most max bytes): how many, or -1 when s is not
 * standard base64 (another alphabet, padding in the middle, a bad length,
 * more than max bytes). Padding may be left out. */
int check_base64_decode(const char *s, unsigned char *out, size_t max);

#endif
