/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * autodiscover-check's reading of server answers, from a buffer: POX
 * answers (libxml2) and DNS answers with SRV records (libresolv). Nothing
 * read is trusted: redirect targets come back as they were sent, for
 * check_text.h's checks.
 */
#ifndef CHECK_PARSE_H
#define CHECK_PARSE_H

#include <stddef.h>

#define CHECK_MAX_SERVERS 16        /* servers kept from one answer */

typedef struct {
    char type[16], host[256], tls[16], login[256];
    int port;
} check_server_t;

enum { CHECK_POX_OTHER, CHECK_POX_SETTINGS, CHECK_POX_REDIRECT_ADDR, CHECK_POX_REDIRECT_URL };

typedef struct {
    int kind;                   /* CHECK_POX_... */
    char result[512];           /* the answer in words (may be cut) */
    char *redirect;             /* redirectAddr or redirectUrl as sent (malloc), or NULL */
    check_server_t servers[CHECK_MAX_SERVERS];
    int nservers;               /* at most CHECK_MAX_SERVERS; more are dropped */
    char ews_url[512];          /* the EwsUrl of EXPR or EXCH, "" if none or too long */
} check_pox_t;

/* Reads a POX answer of len bytes (need not be NUL-terminated). No DTD is
 * read (an answer that has one is refused), nothing is fetched, no entity
 * expanded; values are an element's own text. Free with check_pox_free. */
void check_parse_pox(const char *body, size_t len, check_pox_t *out);
void check_pox_free(check_pox_t *pox);

/* The servers of a Thunderbird autoconfig answer, at most max: how many,
 * or -1 when it is not XML or has a DTD. */
int check_parse_autoconfig(const char *body, size_t len, check_server_t *out, int max);

typedef struct {
    int priority, weight, port;
    char target[256];
} check_srv_t;

/* The SRV records of a DNS answer msg of len bytes, at most max: how many
 * (0: none), or -1 when the answer is malformed (cut, counts beyond its
 * end, a name pointing outside). */
int check_parse_srv(const unsigned char *msg, size_t len, check_srv_t *out, int max);

#define CHECK_MAX_TXT 1024          /* bytes kept of one TXT record */

typedef struct {
    char text[CHECK_MAX_TXT + 1];   /* its character-strings joined, NUL-terminated */
    int cut;                        /* it was longer: text holds its start */
} check_txt_t;

/* The TXT records of a DNS answer msg of len bytes, at most max, each
 * with its character-strings joined without a separator (as PACC clients
 * read them); a NUL inside becomes \x01, which no tag value passes with.
 * How many (0: none), or -1 when the answer is malformed (cut, a string
 * running past its record, a name pointing outside). */
int check_parse_txt(const unsigned char *msg, size_t len, check_txt_t *out, int max);

#endif
