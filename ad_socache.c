/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* One socache instance and its mutex (see include/ad_socache.h). */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "ap_provider.h"
#include "util_mutex.h"
#include "mod_autodiscover.h"
#include "ad_socache.h"

APLOG_USE_MODULE(autodiscover);

#define DEFAULT_PROVIDER "shmcb"

int ad_socache_pre_config(ad_socache_t *c, apr_pool_t *pconf)
{
    c->off = 0;
    c->name = NULL;
    c->provider = NULL;
    c->instance = NULL;
    c->mutex = NULL;
    c->ready = 0;
    c->server = NULL;
    c->failures.last = 0;
    c->failures.quiet = 0;
    c->failing = 0;
    return ap_mutex_register(pconf, c->mutex_type, NULL, APR_LOCK_DEFAULT, 0);
}

const char *ad_socache_configure(ad_socache_t *c, cmd_parms *cmd, const char *arg)
{
    const char *err = ap_check_cmd_context(cmd, GLOBAL_ONLY);
    const char *sep, *args = NULL;

    if (err)
        return err;
    if (!strcasecmp(arg, "Off")) {
        c->off = 1;
        return NULL;
    }
    c->off = 0;
    c->name = arg;
    if ((sep = strchr(arg, ':')) != NULL) {
        c->name = apr_pstrmemdup(cmd->pool, arg, sep - arg);
        args = sep + 1;
    }
    c->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, c->name,
                                     AP_SOCACHE_PROVIDER_VERSION);
    if (!c->provider)
        return apr_psprintf(cmd->pool, "%s: there is no socache provider '%s'; load "
                            "its module first (LoadModule socache_%s_module ...), "
                            "such as socache_shmcb_module, or give Off",
                            c->directive, c->name, c->name);
    if ((err = c->provider->create(&c->instance, args, cmd->temp_pool, cmd->pool)))
        return apr_psprintf(cmd->pool, "%s: %s", c->directive, err);
    return NULL;
}

static apr_status_t destroy(void *data)
{
    ad_socache_t *c = data;

    if (c->instance)
        c->provider->destroy(c->instance, c->server);
    c->instance = NULL;
    c->ready = 0;
    return APR_SUCCESS;
}

int ad_socache_post_config(ad_socache_t *c, apr_pool_t *pconf, server_rec *s,
                           int used, const char *namespace,
                           const char *default_args,
                           const struct ap_socache_hints *hints)
{
    apr_status_t rv;
    const char *err;

    AP_DEBUG_ASSERT(strlen(namespace) <= AD_SOCACHE_NAMESPACE_MAX);
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG
        || c->off || !used)
        return OK;
    if (!c->provider) {
        c->name = DEFAULT_PROVIDER;
        c->provider = ap_lookup_provider(AP_SOCACHE_PROVIDER_GROUP, DEFAULT_PROVIDER,
                                         AP_SOCACHE_PROVIDER_VERSION);
        if (!c->provider) {
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77069)
                         "%s are not cached: load socache_shmcb_module, "
                         "or set %s Off to say so", c->what, c->directive);
            return OK;
        }
        if ((err = c->provider->create(&c->instance, default_args, pconf, pconf))) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, APLOGNO(77070)
                         "%s: %s", c->directive, err);
            return !OK;
        }
    }
    if (c->provider->flags & AP_SOCACHE_FLAG_NOTMPSAFE) {
        rv = ap_global_mutex_create(&c->mutex, NULL, c->mutex_type, NULL, s, pconf, 0);
        if (rv != APR_SUCCESS)
            return !OK;     /* ap_global_mutex_create logged why */
    }
    rv = c->provider->init(c->instance, namespace, hints, s, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, rv, s, APLOGNO(77071)
                     "%s: the %s cache could not be set up", c->directive, c->name);
        return !OK;
    }
    c->server = s;
    apr_pool_cleanup_register(pconf, c, destroy, apr_pool_cleanup_null);
    c->ready = 1;
    return OK;
}

void ad_socache_child_init(ad_socache_t *c, apr_pool_t *p, server_rec *s)
{
    apr_status_t rv;

    if (!c->ready || !c->mutex)
        return;
    rv = apr_global_mutex_child_init(&c->mutex, apr_global_mutex_lockfile(c->mutex), p);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, APLOGNO(77072)
                     "%s: the mutex could not be attached; %s are not cached",
                     c->directive, c->what);
        c->ready = 0;
    }
}

static int lock(ad_socache_t *c, request_rec *r)
{
    apr_status_t rv;

    if (!c->mutex)
        return 1;
    if ((rv = apr_global_mutex_lock(c->mutex)) == APR_SUCCESS)
        return 1;
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, APLOGNO(77073)
                  "%s: lock failed; not using the cache", c->directive);
    return 0;
}

static void unlock(ad_socache_t *c)
{
    if (c->mutex)
        apr_global_mutex_unlock(c->mutex);
}

/*
 * The server a provider logs through. mod_socache_memcache and _redis log
 * every failed store (crit) and retrieve (error) while their server is
 * down: as many lines as requests. Below LogLevel debug the provider gets a
 * copy of the request's server that lets only emerg through, and a failure
 * is logged by log_failure, once per process and 30 seconds. Providers use
 * the server for their logs only.
 */
static server_rec *provider_server(request_rec *r, server_rec *quiet)
{
    if (APLOG_R_IS_LEVEL(r, APLOG_DEBUG))
        return r->server;
    *quiet = *r->server;
    quiet->log.level = APLOG_EMERG;
    quiet->log.module_levels = NULL;
    return quiet;
}

static void log_failure(ad_socache_t *c, request_rec *r, int storing, apr_status_t rv)
{
    char why[120];
    unsigned int quiet;

    if (!ad_log_limit_pass(&c->failures, &quiet))
        return;
    c->failing = 1;
    /* apr_memcache and apr_redis answer APR_NOTFOUND for a store while
     * they hold their only server for down (they try it again every 5 s). */
    if (storing && rv == APR_NOTFOUND)
        apr_cpystrn(why, "no server up", sizeof(why));
    else
        apr_strerror(rv, why, sizeof(why));
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77240)
                  "%s: the %s cache failed to %s an entry (%s); %s are not cached "
                  "meanwhile (%u more failures not logged since the last line)",
                  c->directive, c->name, storing ? "store" : "look up", why,
                  c->what, quiet);
}

/* The first success after a logged failure: at most one line per failure
 * line. Threads may race on the flag: at worst a line more. */
static void log_recovery(ad_socache_t *c, request_rec *r)
{
    if (!c->failing)
        return;
    c->failing = 0;
    ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, APLOGNO(77241)
                  "%s: the %s cache works again; %s are cached again",
                  c->directive, c->name, c->what);
}

apr_status_t ad_socache_get(ad_socache_t *c, request_rec *r,
                            const unsigned char *key, unsigned int key_len,
                            const unsigned char **value, unsigned int *value_len)
{
    unsigned char *buf;
    unsigned int len = (unsigned int)c->max_value;
    server_rec quiet;
    apr_status_t rv;

    if (!c->ready)
        return APR_NOTFOUND;
    buf = apr_palloc(r->pool, c->max_value);
    if (!lock(c, r))
        return APR_NOTFOUND;
    rv = c->provider->retrieve(c->instance, provider_server(r, &quiet), key, key_len,
                               buf, &len, r->pool);
    unlock(c);
    if (rv != APR_SUCCESS) {
        if (rv != APR_NOTFOUND)
            log_failure(c, r, 0, rv);
        return APR_NOTFOUND;
    }
    log_recovery(c, r);
    *value = buf;
    *value_len = len;
    return APR_SUCCESS;
}

apr_status_t ad_socache_put(ad_socache_t *c, request_rec *r,
                            const unsigned char *key, unsigned int key_len,
                            const unsigned char *value, unsigned int value_len,
                            apr_time_t expiry)
{
    server_rec quiet;
    apr_status_t rv;

    if (!c->ready)
        return APR_NOTFOUND;
    if (value_len > c->max_value)
        return APR_ENOSPC;
    if (!lock(c, r))
        return APR_NOTFOUND;
    /* The provider copies the value; its API takes a non-const pointer. */
    rv = c->provider->store(c->instance, provider_server(r, &quiet), key, key_len,
                            expiry, (unsigned char *)value, value_len, r->pool);
    unlock(c);
    if (rv != APR_SUCCESS)
        log_failure(c, r, 1, rv);
    else
        log_recovery(c, r);
    return rv;
}
