/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The directory cache: found users in one socache instance (ad_socache.c;
 * shmcb unless AutodiscoverDirectoryCache names another provider), unknown
 * users in a local shmcb of their own, both shared by every child process.
 * Two budgets: any number of addresses that do not exist cannot push a
 * real user out of the cache (and so make her answer slower than theirs).
 * An entry is keyed by a hash, the query's label and the address; its
 * value is a status byte ('F' found, 'U' unknown) and, for a found user,
 * each given field as its index byte and its NUL-terminated text.
 */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_socache.h"
#include "ad_user_cache.h"

APLOG_USE_MODULE(autodiscover);

#define MAX_VALUE       2048    /* larger answers are not cached */

static ad_socache_t cache = AD_SOCACHE_INIT(AD_D_DIR_CACHE, "autodiscover-cache",
                                            "directory answers", MAX_VALUE);
static ad_socache_t unknown = AD_SOCACHE_INIT(AD_D_DIR_CACHE, "autodiscover-cache-unknown",
                                              "unknown users", 1);

const char *ad_cache_configure(cmd_parms *cmd, const char *arg)
{
    const char *err = ad_socache_configure(&cache, cmd, arg);

    if (!err && !strcasecmp(arg, "Off"))
        err = ad_socache_configure(&unknown, cmd, "Off");
    return err;
}

int ad_cache_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    int rv = ad_socache_pre_config(&cache, pconf);

    return rv != OK ? rv : ad_socache_pre_config(&unknown, pconf);
}

int ad_cache_post_config(apr_pool_t *pconf, server_rec *s, int directory_used)
{
    struct ap_socache_hints hints = { 48, 160, 60 }, unknown_hints = { 48, 1, 60 };
    int rv = ad_socache_post_config(&cache, pconf, s, directory_used, "mod_autodiscover",
                                    NULL, &hints);

    return rv != OK ? rv : ad_socache_post_config(&unknown, pconf, s, directory_used,
                                                  "mod_autodiscover-unknown", NULL,
                                                  &unknown_hints);
}

void ad_cache_child_init(apr_pool_t *p, server_rec *s)
{
    ad_socache_child_init(&cache, p, s);
    ad_socache_child_init(&unknown, p, s);
}

/*
 * The key: a 4-byte hash of the rest first, then the query's label and the
 * address. shmcb picks an entry's subcache by the key's first byte; keys
 * that all began with the label went to one subcache of 32, which held
 * 1/32 of the memory and was searched linearly.
 */
static const char *cache_key(request_rec *r, const char *query, const char *address,
                             unsigned int *len)
{
    const char *rest = apr_pstrcat(r->pool, query, "\n", address, NULL);
    apr_size_t n = strlen(rest);
    apr_uint32_t h = 2166136261u;            /* FNV-1a */
    unsigned char *key = apr_palloc(r->pool, n + 4);
    apr_size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)rest[i]) * 16777619u;
    key[0] = (unsigned char)h;
    key[1] = (unsigned char)(h >> 8);
    key[2] = (unsigned char)(h >> 16);
    key[3] = (unsigned char)(h >> 24);
    memcpy(key + 4, rest, n);
    *len = (unsigned int)(n + 4);
    return (const char *)key;
}

ad_lookup_e ad_cache_get(request_rec *r, const char *query, const char *address,
                         ad_user_t *u)
{
    const unsigned char *buf;
    unsigned int len, klen, pos;
    const char *key;

    key = cache_key(r, query, address, &klen);
    if (ad_socache_get(&cache, r, (const unsigned char *)key, klen, &buf, &len)
        != APR_SUCCESS || len < 1) {
        if (ad_socache_get(&unknown, r, (const unsigned char *)key, klen, &buf, &len)
            == APR_SUCCESS && len == 1 && buf[0] == 'U')
            return AD_LOOKUP_UNKNOWN;
        return AD_LOOKUP_FAILED;
    }
    if (buf[0] == 'U')
        return AD_LOOKUP_UNKNOWN;
    if (buf[0] != 'F')
        return AD_LOOKUP_FAILED;
    for (pos = 1; pos < len; ) {
        unsigned int f = buf[pos++];
        const unsigned char *end = memchr(buf + pos, '\0', len - pos);
        if (f >= AD_UF_COUNT || !end)
            return AD_LOOKUP_FAILED;        /* not ours: treat as a miss */
        u->value[f] = apr_pstrmemdup(r->pool, (const char *)buf + pos,
                                     end - (buf + pos));
        pos = (unsigned int)(end - buf) + 1;
    }
    return AD_LOOKUP_FOUND;
}

void ad_cache_put(request_rec *r, const char *query, const char *address,
                  ad_lookup_e found, const ad_user_t *u, apr_interval_time_t ttl)
{
    unsigned char buf[MAX_VALUE];
    unsigned int len = 1, klen;
    const char *key;
    apr_status_t rv;
    int f;

    if (found == AD_LOOKUP_FAILED || ttl <= 0)
        return;
    buf[0] = found == AD_LOOKUP_FOUND ? 'F' : 'U';
    for (f = 0; found == AD_LOOKUP_FOUND && f < AD_UF_COUNT; f++) {
        apr_size_t n;
        if (!u->value[f])
            continue;
        n = strlen(u->value[f]);
        if (len + 2 + n > sizeof(buf))
            return;                         /* too large to cache */
        buf[len++] = (unsigned char)f;
        memcpy(buf + len, u->value[f], n + 1);
        len += (unsigned int)n + 1;
    }
    key = cache_key(r, query, address, &klen);
    rv = ad_socache_put(found == AD_LOOKUP_FOUND ? &cache : &unknown, r,
                        (const unsigned char *)key, klen, buf, len, apr_time_now() + ttl);
    if (rv != APR_SUCCESS && rv != APR_NOTFOUND)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, APLOGNO(77074)
                      "directory cache: could not store the answer for %s", address);
}
