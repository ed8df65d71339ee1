/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Query strings and URL paths as clients send them: hostile until parsed.
 * Pure APR: no httpd types, so the fuzzer and the unit test call the very
 * code the handlers do.
 */
#ifndef AD_QUERY_H
#define AD_QUERY_H

#include <apr_pools.h>

/* 1 when s[0..len) is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF) and holds no NUL or other C0/C1 control. */
int ad_utf8_valid(const char *s, apr_size_t len);

/*
 * The first parameter called name (ASCII case-insensitive) in args, the raw
 * query string (NULL: none). Its value is percent-decoded; '+' stays '+'
 * (addresses hold it). Returns NULL with *value set (NULL when absent), or
 * the reason the value is refused: longer than max bytes encoded, a bad
 * %-escape, or not valid UTF-8 (ad_utf8_valid) once decoded.
 */
const char *ad_query_get(apr_pool_t *p, const char *args, const char *name,
                         apr_size_t max, const char **value);

/*
 * The address of Autodiscover v2's path form. rest is what follows
 * /autodiscover/autodiscover.json in the (already decoded) path. Returns
 * NULL with *address set (NULL when rest is empty or "/v1.0/"), or the
 * reason: ad_v2_path_unknown when rest is not /v1.0/... ("/v1.0/" matched in
 * any case: a path this endpoint does not have), another one when the
 * address is not valid UTF-8.
 */
extern const char ad_v2_path_unknown[];
const char *ad_v2_path_address(apr_pool_t *p, const char *rest,
                               const char **address);

/* The discovery names a mail domain D has: autodiscover.D, autoconfig.D and
 * ua-auto-config.D (PACC). The length of host's discovery label with its
 * dot, 0 when host starts with none of them. */
apr_size_t ad_discovery_label(const char *host);

#endif
