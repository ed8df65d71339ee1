/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The directory cache: one socache instance per server (shmcb unless
 * AutodiscoverDirectoryCache names another provider), shared by every
 * child process, guarded by a global mutex when the provider needs one.
 * An entry is keyed by a hash, the query's label and the address; its
 * value is a status byte ('F' found, 'U' unknown) and, for a found user,
 * each given field as its index byte and its NUL-terminated text.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_global_mutex.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "ap_provider.h"
#include "ap_socache.h"
#include "util_mutex.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_user_cache.h"

APLOG_USE_MODULE(autodiscover);

#define MUTEX_TYPE      "autodiscover-cache"
#define DEFAULT_PROVIDER "shmcb"
#define MAX_VALUE       2048    /* larger answers are not cached */

static struct {
    int off;                            /* AutodiscoverDirectoryCache Off */
    const ap_socache_provider_t *provider;
    const char *name;
    ap_socache_instance_t *instance;
    apr_global_mutex_t *mutex;          /* NULL: the provider needs none */
    int ready;
} cache;

const char *ad_cache_configure(cmd_parms *cmd, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *sep, *args = NULL;

    if (err)
        return err;
    if (!strcasecmp(arg, "Off")) {
        cache.off = 1;
        return NULL;
    }
    cache.off = 0;
    cache.name = arg;
    if ((sep = strchr(arg, ':')) != NULL) {
        cache.name = apr_pstrmemdup(cmd->pool, arg, sep - arg);
        args = sep + 1;
    }
    cache.provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, cache.name,
                                        AP_SOCACHE_PROVIDER_VERSION);
    if (!cache.provider)
        return apr_psprintf(cmd->pool, AD_D_DIR_CACHE ": there is no socache "
                            "provider '%s'; load its module first (LoadModule "
                            "socache_%s_module ...), such as socache_shmcb_module, "
                            "or give Off", cache.name, cache.name);
    if ((err = cache.provider->create(&cache.instance, args, cmd->temp_pool, cmd->pool)))
        return apr_psprintf(cmd->pool, AD_D_DIR_CACHE ": %s", err);
    return NULL;
}

int ad_cache_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    memset(&cache, 0, sizeof(cache));
    return ap_mutex_register(pconf, MUTEX_TYPE, NULL, APR_LOCK_DEFAULT, 0);
}

static apr_status_t destroy_cache(void *data)
{
    server_rec *s = data;

    if (cache.instance)
        cache.provider->destroy(cache.instance, s);
    cache.instance = NULL;
    cache.ready = 0;
    return APR_SUCCESS;
}

int ad_cache_post_config(apr_pool_t *pconf, server_rec *s, int directory_used)
{
    struct ap_socache_hints hints = { 48, 160, 60 };
    apr_status_t rv;
    const char *err;

    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
        || cache.off || !directory_used)
        return OK;
    if (!cache.provider) {
        cache.name = DEFAULT_PROVIDER;
        cache.provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, DEFAULT_PROVIDER,
                                            AP_SOCACHE_PROVIDER_VERSION);
        if (!cache.provider) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77069)
                         "directory answers are not cached: load socache_shmcb_module, "
                         "or set " AD_D_DIR_CACHE " Off to say so");
            return OK;
        }
        if ((err = cache.provider->create(&cache.instance, NULL, pconf, pconf))) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, APLOGNO(77070)
                         AD_D_DIR_CACHE ": %s", err);
            return !OK;
        }
    }
    if (cache.provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        rv = ap_global_mutex_create(&cache.mutex, NULL, MUTEX_TYPE, NULL, s, pconf, 0);
        if (rv != APR_SUCCESS)
            return !OK;     /* ap_global_mutex_create logged why */
    }
    rv = cache.provider->init(cache.instance, "mod_autodiscover", &hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, APLOGNO(77071)
                     AD_D_DIR_CACHE ": the %s cache could not be set up", cache.name);
        return !OK;
    }
    apr_pool_cleanup_register(pconf, s, destroy_cache, apr_pool_cleanup_null);
    cache.ready = 1;
    return OK;
}

void ad_cache_child_init(apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;

    if (!cache.ready || !cache.mutex)
        return;
    rv = apr_global_mutex_child_init(&cache.mutex, apr_global_mutex_lockfile(cache.mutex), p);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, APLOGNO(77072)
                     "directory cache: the mutex could not be attached; not caching");
        cache.ready = 0;
    }
}

static int lock(request_rec *r)
{
    apr_status_t rv;

    if (!cache.mutex)
        return 1;
    if ((rv = apr_global_mutex_lock(cache.mutex)) == APR_SUCCESS)
        return 1;
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, APLOGNO(77073)
                  "directory cache: lock failed; not using the cache");
    return 0;
}

static void unlock(void)
{
    if (cache.mutex)
        apr_global_mutex_unlock(cache.mutex);
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
    unsigned char buf[MAX_VALUE];
    unsigned int len = sizeof(buf), klen, pos;
    const char *key;
    apr_status_t rv;

    if (!cache.ready)
        return AD_LOOKUP_FAILED;
    key = cache_key(r, query, address, &klen);
    if (!lock(r))
        return AD_LOOKUP_FAILED;
    rv = cache.provider->retrieve(cache.instance, r->server, (const unsigned char *)key,
                                  klen, buf, &len, r->pool);
    unlock();
    if (rv != APR_SUCCESS || len < 1)
        return AD_LOOKUP_FAILED;
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

    if (!cache.ready || found == AD_LOOKUP_FAILED || ttl <= 0)
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
    if (!lock(r))
        return;
    rv = cache.provider->store(cache.instance, r->server, (const unsigned char *)key,
                               klen, apr_time_now() + ttl, buf, len, r->pool);
    unlock();
    if (rv != APR_SUCCESS)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, APLOGNO(77074)
                      "directory cache: could not store the answer for %s", address);
}
