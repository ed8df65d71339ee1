/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * A growing byte buffer allocated from an APR pool, and XML and JSON escaping.
 * Pure APR: no httpd types, usable from unit tests and fuzzers.
 */
#ifndef AD_BUF_H
#define AD_BUF_H

#include <apr_pools.h>

typedef struct {
    apr_pool_t *pool;
    char *data;        /* always NUL-terminated */
    apr_size_t len;
    apr_size_t cap;
} ad_buf_t;

void ad_buf_init(ad_buf_t *b, apr_pool_t *p, apr_size_t initial);
void ad_buf_add(ad_buf_t *b, const char *s, apr_size_t n);
void ad_buf_adds(ad_buf_t *b, const char *s);
/* Append s escaped for XML text and attribute values (& < > " '). */
void ad_buf_add_xml(ad_buf_t *b, const char *s, apr_size_t n);

/* Append s escaped for a JSON string (" \ and control characters). */
void ad_buf_add_json(ad_buf_t *b, const char *s, apr_size_t n);

/* s escaped for XML, allocated from p. */
const char *ad_xml_escape(apr_pool_t *p, const char *s);

#endif
