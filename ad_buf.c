/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Pool-backed growing buffer and XML escaping. */
#include <string.h>
#include "ad_buf.h"

void ad_buf_init(ad_buf_t *b, apr_pool_t *p, apr_size_t initial)
{
    b->pool = p;
    b->cap = initial ? initial : 256;
    b->data = apr_palloc(p, b->cap);
    b->len = 0;
    b->data[0] = '\0';
}

static void ad_buf_reserve(ad_buf_t *b, apr_size_t more)
{
    char *grown;
    apr_size_t cap = b->cap;

    if (b->len + more + 1 <= cap)
        return;
    while (b->len + more + 1 > cap)
        cap *= 2;
    grown = apr_palloc(b->pool, cap);
    memcpy(grown, b->data, b->len + 1);
    b->data = grown;
    b->cap = cap;
}

void ad_buf_add(ad_buf_t *b, const char *s, apr_size_t n)
{
    ad_buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void ad_buf_adds(ad_buf_t *b, const char *s)
{
    ad_buf_add(b, s, strlen(s));
}

void ad_buf_add_xml(ad_buf_t *b, const char *s, apr_size_t n)
{
    apr_size_t i, run = 0;

    for (i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&':  rep = "&amp;";  break;
        case '<':  rep = "&lt;";   break;
        case '>':  rep = "&gt;";   break;
        case '"':  rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default:   continue;
        }
        ad_buf_add(b, s + run, i - run);
        ad_buf_adds(b, rep);
        run = i + 1;
    }
    ad_buf_add(b, s + run, n - run);
}

const char *ad_xml_escape(apr_pool_t *p, const char *s)
{
    ad_buf_t b;
    apr_size_t n = strlen(s);

    if (strcspn(s, "&<>\"'") == n)
        return s;
    ad_buf_init(&b, p, n + 32);
    ad_buf_add_xml(&b, s, n);
    return b.data;
}

void ad_buf_add_json(ad_buf_t *b, const char *s, apr_size_t n)
{
    apr_size_t i, run = 0;

    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];

        if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7f)
            continue;
        ad_buf_add(b, s + run, i - run);
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            esc[2] = '\0';
        }
        else {
            static const char hex[] = "0123456789abcdef";
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            esc[6] = '\0';
        }
        ad_buf_adds(b, esc);
        run = i + 1;
    }
    ad_buf_add(b, s + run, n - run);
}
