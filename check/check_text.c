/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * What autodiscover-check takes from servers is checked here before it is
 * used, and what it prints is escaped here: every address, host name and
 * URL a server chose (redirectAddr, redirectUrl, Location, SRV targets)
 * and every string it shows.
 */
#include <string.h>
#include <strings.h>
#include "check_text.h"

size_t check_utf8_char(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned long c;
    size_t len, i;

    if (!n)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf)
        len = 2, c = s[0] & 0x1f;
    else if (s[0] >= 0xe0 && s[0] <= 0xef)
        len = 3, c = s[0] & 0x0f;
    else if (s[0] >= 0xf0 && s[0] <= 0xf4)
        len = 4, c = s[0] & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10ffff
        || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

/* Characters a terminal may act on: C0, DEL, C1, and the bidirectional
 * embeddings, overrides and isolates (which reorder what follows). */
static int unsafe(unsigned long c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
}

void check_put_text(FILE *to, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);

    while (n) {
        unsigned long c;
        size_t len = check_utf8_char(p, n, &c), i;
        if (len && !unsafe(c))
            fwrite(p, 1, len, to);
        else {
            if (!len)
                len = 1;
            for (i = 0; i < len; i++)
                fprintf(to, "\\x%02x", p[i]);
        }
        p += len;
        n -= len;
    }
}

void check_put_json(FILE *to, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);

    fputc('"', to);
    while (n) {
        unsigned long c;
        size_t len = check_utf8_char(p, n, &c);
        if (!len) {
            fputs("\\ufffd", to);
            len = 1;
        }
        else if (c == '"' || c == '\\')
            fprintf(to, "\\%c", (int)c);
        else if (unsafe(c))
            fprintf(to, "\\u%04lx", c);
        else
            fwrite(p, 1, len, to);
        p += len;
        n -= len;
    }
    fputc('"', to);
}

const char *check_host_invalid(const char *host)
{
    size_t n = strlen(host), label = 0, i;

    if (!n)
        return "an empty host name";
    if (n > CHECK_MAX_HOST + (host[n - 1] == '.'))
        return "a host name too long";
    for (i = 0; i < n; i++) {
        char c = host[i];
        if (c == '.') {
            if (!label && !(i == n - 1 && i > 0))
                return "an empty label in the host name";
            label = 0;
        }
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                 || c == '-') {
            if (++label > 63)
                return "a label longer than 63 bytes";
        }
        else
            return "not a host name";
    }
    return NULL;
}

const char *check_address_invalid(const char *address)
{
    const char *at = strchr(address, '@'), *p;
    size_t n = strlen(address);

    if (n > CHECK_MAX_ADDRESS)
        return "too long";
    if (!at || strchr(at + 1, '@'))
        return "not one @";
    if (at == address)
        return "an empty local part";
    if (at - address > 64)
        return "a local part longer than 64 bytes";
    for (p = address; p < at; ) {
        unsigned long c;
        size_t len = check_utf8_char((const unsigned char *)p, (size_t)(at - p), &c);
        if (!len)
            return "not UTF-8";
        if (c <= 0x20 || unsafe(c) || (c < 0x80 && strchr("<>&\"'/\\", (int)c)))
            return "a character an address cannot have";
        p += len;
    }
    return check_host_invalid(at + 1) ? "not a host name after the @" : NULL;
}

const char *check_url_invalid(const char *url, char *host, size_t hlen, int *port)
{
    const char *p, *h;
    char *q;
    size_t n = strlen(url), hn;
    long v = 0;

    if (n > CHECK_MAX_URL)
        return "too long";
    for (p = url; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= 0x20 || c == 0x7f)
            return "a control character or space";
        if (c >= 0x80)
            return "not ASCII";
        if (strchr("<>\"\\^`{|}", c))
            return "a character a URL cannot have";
    }
    if (strncasecmp(url, "https://", 8)) {
        /* Only the scheme is wrong when an http URL is otherwise fine. */
        return "not https";
    }
    h = url + 8;
    hn = strcspn(h, "/?#");
    if (memchr(h, '@', hn))
        return "user information in the URL";
    p = memchr(h, ':', hn);
    if (p) {
        const char *d;
        if (p == h + hn - 1)
            return "a bad port";
        for (d = p + 1; d < h + hn; d++) {
            if (*d < '0' || *d > '9' || (v = v * 10 + (*d - '0')) > 65535)
                return "a bad port";
        }
        if (!v)
            return "a bad port";
        hn = (size_t)(p - h);
    }
    if (hn >= hlen)
        return "a host name too long";
    memcpy(host, h, hn);
    host[hn] = '\0';
    if (check_host_invalid(host))
        return "not a host name";
    for (q = host; *q; q++)
        if (*q >= 'A' && *q <= 'Z')
            *q = (char)(*q + 32);
    *port = v ? (int)v : 443;
    return NULL;
}

/* ------------------------------------------------------ PACC's TXT */

const char check_not_uaac[] = "not a PACC record (no v=UAAC1)";

static int blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The tag s..e (one between semicolons), blanks trimmed: its name and
 * value spans; 0 when it has no '='. */
static int tag_split(const char *s, const char *e, const char **name, size_t *nlen,
                     const char **value, size_t *vlen)
{
    const char *eq = memchr(s, '=', (size_t)(e - s)), *ne;

    if (!eq)
        return 0;
    while (s < eq && blank(*s))
        s++;
    for (ne = eq; ne > s && blank(ne[-1]); ne--)
        ;
    *name = s;
    *nlen = (size_t)(ne - s);
    for (s = eq + 1; s < e && blank(*s); s++)
        ;
    while (e > s && blank(e[-1]))
        e--;
    *value = s;
    *vlen = (size_t)(e - s);
    return 1;
}

static int span_is(const char *s, size_t n, const char *word)
{
    return n == strlen(word) && !strncasecmp(s, word, n);
}

const char *check_uaac_invalid(const char *txt, char *d, size_t dlen)
{
    const char *v = NULL, *a = NULL, *dv = NULL, *s = txt;
    size_t vn = 0, an = 0, dn = 0;

    while (*s) {
        const char *e = strchr(s, ';'), *name, *value;
        size_t nlen, vlen;
        if (!e)
            e = s + strlen(s);
        if (tag_split(s, e, &name, &nlen, &value, &vlen)) {
            /* The first of each tag counts. */
            if (span_is(name, nlen, "v") && !v)
                v = value, vn = vlen;
            else if (span_is(name, nlen, "a") && !a)
                a = value, an = vlen;
            else if (span_is(name, nlen, "d") && !dv)
                dv = value, dn = vlen;
        }
        s = *e ? e + 1 : e;
    }
    if (!v || !span_is(v, vn, "UAAC1"))
        return check_not_uaac;
    if (!a)
        return "no a= tag";
    if (!span_is(a, an, "sha256"))
        return "an algorithm other than a=sha256";
    if (!dv || !dn)
        return "no d= tag";
    if (dn >= dlen)
        return "a d= value too long for a SHA-256 digest";
    memcpy(d, dv, dn);
    d[dn] = '\0';
    return NULL;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void check_base64_encode(const unsigned char *in, size_t n, char *out)
{
    size_t i, o = 0;

    for (i = 0; i < n; i += 3) {
        unsigned long w = (unsigned long)in[i] << 16;
        if (i + 1 < n)
            w |= (unsigned long)in[i + 1] << 8;
        if (i + 2 < n)
            w |= in[i + 2];
        out[o++] = b64[(w >> 18) & 63];
        out[o++] = b64[(w >> 12) & 63];
        out[o++] = i + 1 < n ? b64[(w >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64[w & 63] : '=';
    }
    out[o] = '\0';
}

int check_base64_decode(const char *s, unsigned char *out, size_t max)
{
    size_t n = strlen(s), pad = 0, i, o = 0;
    unsigned long w = 0;

    while (pad < 2 && n > pad && s[n - 1 - pad] == '=')
        pad++;
    n -= pad;
    /* Without padding a length of 4k+1 cannot be; with it, the whole
     * must come in fours. */
    if (n % 4 == 1 || (pad && (n + pad) % 4))
        return -1;
    for (i = 0; i < n; i++) {
        const char *c = s[i] ? strchr(b64, s[i]) : NULL;
        if (!c)
            return -1;
        w = (w << 6) | (unsigned long)(c - b64);
        if (i % 4 == 3) {
            if (o + 3 > max)
                return -1;
            out[o++] = (unsigned char)(w >> 16);
            out[o++] = (unsigned char)(w >> 8);
            out[o++] = (unsigned char)w;
            w = 0;
        }
    }
    if (n % 4 == 2) {
        if (o + 1 > max)
            return -1;
        out[o++] = (unsigned char)(w >> 4);
    }
    else if (n % 4 == 3) {
        if (o + 2 > max)
            return -1;
        out[o++] = (unsigned char)(w >> 10);
        out[o++] = (unsigned char)(w >> 2);
    }
    return (int)o;
}
