/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * One cache instance on Apache's socache providers (shmcb by default),
 * shared by every child process and guarded by a global mutex when the
 * provider needs one. Each user (the directory cache, the signed-profile
 * cache) holds its own ad_socache_t, made with AD_SOCACHE_INIT, and calls:
 *
 *   pre_config    ad_socache_pre_config     (forget the last configuration,
 *                                            register the mutex type)
 *   its directive ad_socache_configure      (provider[:args] or Off)
 *   post_config   ad_socache_post_config    (create the default, init)
 *   child_init    ad_socache_child_init     (re-attach the mutex)
 *   requests      ad_socache_get / ad_socache_put
 *
 * A cache that is Off, not used or failed to set up answers every get with
 * a miss and ignores every put, so callers need no checks of their own.
 * A provider that fails (its server down) is logged once per process and
 * 30 seconds (AH77240), its own lines kept out below LogLevel debug; the
 * callers go on without the cache, and use it again once it answers (the
 * first success after a logged failure says so, AH77241).
 */
#ifndef AD_SOCACHE_H
#define AD_SOCACHE_H

#include <apr_global_mutex.h>
#include "httpd.h"
#include "http_config.h"
#include "ap_socache.h"
#include "ad_user.h"

/* mod_socache_memcache and mod_socache_redis write "namespace:" and the id
 * in hexadecimal into a 254-byte key, and their debug builds assert that
 * "namespace:" and its NUL take at most 16 bytes. So a namespace has at
 * most AD_SOCACHE_NAMESPACE_MAX characters, and an id at most
 * AD_SOCACHE_MAX_ID bytes (2 * 118 + 14 + 2 < 254); a longer id would never
 * be stored by them. */
#define AD_SOCACHE_NAMESPACE_MAX 14
#define AD_SOCACHE_MAX_ID        118

typedef struct {
    /* Fixed by AD_SOCACHE_INIT. */
    const char *directive;      /* its directive, for messages */
    const char *mutex_type;     /* Mutex directive name, unique per instance */
    const char *what;           /* what it holds, for logs: "directory answers" */
    apr_size_t max_value;       /* larger values are not cached */
    /* Set by the functions below. */
    int off;                    /* the directive said Off */
    const char *name;           /* provider name */
    const ap_socache_provider_t *provider;
    ap_socache_instance_t *instance;
    apr_global_mutex_t *mutex;  /* NULL: the provider needs none */
    server_rec *server;         /* the one it was set up for */
    int ready;                  /* get and put work */
    ad_log_limit_t failures;    /* this process's failure log limit */
    int failing;                /* a failure was logged, no recovery since */
} ad_socache_t;

#define AD_SOCACHE_INIT(directive, mutex_type, what, max_value) \
    { (directive), (mutex_type), (what), (max_value), 0, NULL, NULL, NULL, NULL, NULL, 0, { 0, 0 }, 0 }

/* pre_config: reset to the AD_SOCACHE_INIT state, register the mutex type. */
int ad_socache_pre_config(ad_socache_t *c, apr_pool_t *pconf);

/* The directive's argument, server config only: "provider[:args]" (the
 * provider's module must be loaded) or "Off". NULL, or the message. */
const char *ad_socache_configure(ad_socache_t *c, cmd_parms *cmd, const char *arg);

/* post_config: when used and not Off, create the instance (shmcb with
 * default_args, which may be NULL, when the directive was not given; a
 * warning and no cache when shmcb is not loaded), make the mutex, init
 * under namespace (at most AD_SOCACHE_NAMESPACE_MAX characters) with
 * hints. OK, or !OK after logging why. */
int ad_socache_post_config(ad_socache_t *c, apr_pool_t *pconf, server_rec *s,
                           int used, const char *namespace,
                           const char *default_args,
                           const struct ap_socache_hints *hints);

/* child_init: re-attach the mutex; on failure the cache is not used. */
void ad_socache_child_init(ad_socache_t *c, apr_pool_t *p, server_rec *s);

/* The value stored under key (at most AD_SOCACHE_MAX_ID bytes): APR_SUCCESS
 * with *value (from r->pool, *value_len bytes), or APR_NOTFOUND for a miss,
 * an unready cache or an error. */
apr_status_t ad_socache_get(ad_socache_t *c, request_rec *r,
                            const unsigned char *key, unsigned int key_len,
                            const unsigned char **value, unsigned int *value_len);

/* Store value under key until expiry. A value over max_value, an unready
 * cache or a provider's refusal: not stored (APR_ENOSPC, APR_NOTFOUND, or
 * the provider's status). */
apr_status_t ad_socache_put(ad_socache_t *c, request_rec *r,
                            const unsigned char *key, unsigned int key_len,
                            const unsigned char *value, unsigned int value_len,
                            apr_time_t expiry);

#endif
