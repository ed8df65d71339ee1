/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Query strings and URL paths (see include/ad_query.h). */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ad_query.h"

#define V1_PREFIX "/v1.0/"

int ad_utf8_valid(const char *s, apr_size_t len)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + len;

    while (u < end) {
        unsigned int c = *u++, need, min;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f)
                return 0;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf)      { need = 1; min = 0x80;    c &= 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { need = 2; min = 0x800;   c &= 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { need = 3; min = 0x10000; c &= 0x07; }
        else
            return 0;                   /* stray continuation, 0xc0/0xc1, > 0xf4 */
        if ((apr_size_t)(end - u) < need)
            return 0;
        while (need--) {
            if ((*u & 0xc0) != 0x80)
                return 0;
            c = (c << 6) | (*u++ & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)
            || (c >= 0x80 && c < 0xa0))   /* C1 controls */
            return 0;
    }
    return 1;
}

static int hex(int c)
{
    return apr_isdigit(c) ? c - '0' : apr_isxdigit(c) ? (c | 0x20) - 'a' + 10 : -1;
}

/* Percent-decode s[0..len) into p; NULL for a bad escape. */
static char *decode(apr_pool_t *p, const char *s, apr_size_t len, apr_size_t *out_len)
{
    char *out = apr_palloc(p, len + 1), *o = out;
    apr_size_t i;

    for (i = 0; i < len; i++) {
        if (s[i] != '%') {
            *o++ = s[i];
            continue;
        }
        if (i + 2 >= len || hex(s[i + 1]) < 0 || hex(s[i + 2]) < 0)
            return NULL;
        *o++ = (char)(hex(s[i + 1]) * 16 + hex(s[i + 2]));
        i += 2;
    }
    *o = '\0';
    *out_len = (apr_size_t)(o - out);
    return out;
}

const char *ad_query_get(apr_pool_t *p, const char *args, const char *name,
                         apr_size_t max, const char **value)
{
    apr_size_t nlen = strlen(name);
    const char *s = args;

    *value = NULL;
    while (s && *s) {
        const char *end = s + strcspn(s, "&");
        const char *eq = memchr(s, '=', end - s);
        if (eq && (apr_size_t)(eq - s) == nlen && strncasecmp(s, name, nlen) == 0) {
            apr_size_t elen = (apr_size_t)(end - eq - 1), dlen;
            char *v;
            if (elen > max)
                return "value too long";
            if (!(v = decode(p, eq + 1, elen, &dlen)))
                return "bad %-escape";
            if (!ad_utf8_valid(v, dlen))
                return "value is not valid UTF-8 text";
            *value = v;
            return NULL;
        }
        s = *end ? end + 1 : NULL;
    }
    return NULL;
}

const char ad_v2_path_unknown[] = "not /v1.0/ADDRESS";

const char *ad_v2_path_address(apr_pool_t *p, const char *rest,
                               const char **address)
{
    *address = NULL;
    if (!*rest)
        return NULL;
    if (strncasecmp(rest, V1_PREFIX, sizeof(V1_PREFIX) - 1) != 0)
        return ad_v2_path_unknown;
    rest += sizeof(V1_PREFIX) - 1;
    if (!ad_utf8_valid(rest, strlen(rest)))
        return "address is not valid UTF-8 text";
    *address = *rest ? rest : NULL;
    return NULL;
}

apr_size_t ad_discovery_label(const char *host)
{
    static const char *const labels[] = { "autodiscover.", "autoconfig.", "ua-auto-config." };
    apr_size_t i, n;

    for (i = 0; host && i < sizeof(labels) / sizeof(labels[0]); i++) {
        n = strlen(labels[i]);
        if (strncasecmp(host, labels[i], n) == 0 && host[n])
            return n;
    }
    return 0;
}
