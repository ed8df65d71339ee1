/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Answers of scopes merged per request, per process (include/ad_scope_cache.h). */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include <apr_atomic.h>
#include <apr_allocator.h>
#if APR_HAS_THREADS
#include <apr_thread_mutex.h>
#endif
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "mod_autodiscover.h"
#include "ad_scope_cache.h"

APLOG_USE_MODULE(autodiscover);

typedef struct {
    apr_pool_t *pool;           /* entries and table; its own allocator, so
                                   that it is touched under the lock only */
#if APR_HAS_THREADS
    apr_thread_mutex_t *lock;   /* around every use of pool and table */
#endif
    apr_hash_t *table;          /* key (the scopes' addresses) -> ad_profile_t* */
    unsigned int kept;          /* entries, at most AD_SCOPE_CACHE_MAX */
    int generation;             /* the configuration it was made for */
    apr_uint32_t said_full;     /* AH77300 logged */
    apr_uint32_t said_deep;     /* AH77302 logged */
} scope_cache_t;

/* This process's, set in child_init before its threads start. */
static scope_cache_t *cache;

static apr_status_t forget(void *data)
{
    if (cache == data)
        cache = NULL;
    return APR_SUCCESS;
}

void ad_scope_cache_child_init(apr_pool_t *pchild, server_rec *s)
{
    apr_allocator_t *allocator;
    scope_cache_t *c;
    apr_status_t rv;

    cache = NULL;
    if ((rv = apr_allocator_create(&allocator)) != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, APLOGNO(77303)
                     "no table for the answers of merged scopes: they are compiled "
                     "per request in this process");
        return;
    }
    c = apr_pcalloc(pchild, sizeof(*c));
    apr_pool_create_ex(&c->pool, pchild, NULL, allocator);
    apr_allocator_owner_set(allocator, c->pool);
    apr_pool_tag(c->pool, "autodiscover-scope-cache");
#if APR_HAS_THREADS
    if ((rv = apr_thread_mutex_create(&c->lock, APR_THREAD_MUTEX_DEFAULT, c->pool))
        != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_ERR, rv, s, APLOGNO(77304)
                     "no lock for the table of answers of merged scopes: they are "
                     "compiled per request in this process");
        apr_pool_destroy(c->pool);
        return;
    }
#endif
    c->table = apr_hash_make(c->pool);
    c->generation = ap_state_query(AP_SQ_CONFIG_GEN);
    apr_pool_cleanup_register(c->pool, c, forget, apr_pool_cleanup_null);
    cache = c;
}

static void lock(scope_cache_t *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_lock(c->lock);
#endif
}

static void unlock(scope_cache_t *c)
{
#if APR_HAS_THREADS
    apr_thread_mutex_unlock(c->lock);
#endif
}

/* None kept: compiled for r alone; why said once per process. */
static const ad_profile_t *per_request(request_rec *r, scope_cache_t *c,
                                       ad_profile_t *compiled, int full)
{
    if (!c)
        return compiled;
    if (full && apr_atomic_cas32(&c->said_full, 1, 0) == 0)
        ap_log_rerror(APLOG_MARK, APLOG_NOTICE, 0, r, APLOGNO(77300)
                      "this process keeps the answers of %d combinations of scopes "
                      "(<VirtualHost>, <Location>, <If> ... that shape one answer "
                      "together), its most: the answers of further ones are compiled "
                      "per request, which is slower", AD_SCOPE_CACHE_MAX);
    else if (!full && apr_atomic_cas32(&c->said_deep, 1, 0) == 0)
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77302)
                      "an answer shaped by more than %d scopes is compiled per "
                      "request: %s%s", AD_PROFILE_KEY_MAX, r->hostname ? r->hostname : "",
                      r->uri);
    return compiled;
}

static ad_profile_t *compile(apr_pool_t *p, const ad_profile_t *prof)
{
    ad_profile_t *compiled = apr_pmemdup(p, prof, sizeof(*prof));

    ad_profile_compile(p, compiled);
    return compiled;
}

const ad_profile_t *ad_scope_cache_answers(request_rec *r, const ad_profile_t *prof)
{
    scope_cache_t *c = cache;
    const void *scope[AD_PROFILE_KEY_MAX];
    ad_profile_key_t *key;
    ad_profile_t *compiled, *kept;
    apr_size_t len;
    unsigned int number = 0;
    int n, full = 0;

    if (!c || c->generation != ap_state_query(AP_SQ_CONFIG_GEN))
        return per_request(r, NULL, compile(r->pool, prof), 0);
    if (!(n = ad_profile_key(prof, scope)))
        return per_request(r, c, compile(r->pool, prof), 0);
    len = n * sizeof(scope[0]);

    lock(c);
    kept = apr_hash_get(c->table, scope, len);
    full = !kept && c->kept >= AD_SCOPE_CACHE_MAX;
    unlock(c);
    if (kept)
        return kept;
    /*
     * Compiled outside the lock, in the request's pool: it takes several
     * times as long as a request's own work, and holding the lock that
     * long would stall every other thread's lookups, of any combination.
     * Two threads may compile one combination at once: the first to come
     * back keeps its answers, the other answers with its own.
     */
    compiled = compile(r->pool, prof);
    if (full)
        return per_request(r, c, compiled, 1);

    lock(c);
    if (!(kept = apr_hash_get(c->table, scope, len)) && c->kept < AD_SCOPE_CACHE_MAX) {
        kept = apr_pmemdup(c->pool, compiled, sizeof(*compiled));
        ad_profile_keep(c->pool, kept);
        /* The copy names its scopes itself: the merged key was r's. */
        key = apr_pcalloc(c->pool, sizeof(*key));
        key->n = n;
        memcpy(key->scope, scope, len);
        kept->key = key;
        apr_hash_set(c->table, key->scope, len, kept);
        number = ++c->kept;
    }
    full = !kept;
    unlock(c);
    if (full)
        return per_request(r, c, compiled, 1);
    if (number)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77301)
                      "answers of a combination of %d scope%s compiled and kept "
                      "(%u of at most %d in this process), first asked as %s%s",
                      n, n == 1 ? "" : "s", number, AD_SCOPE_CACHE_MAX,
                      r->hostname ? r->hostname : "", r->uri);
    return kept;
}
