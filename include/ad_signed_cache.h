/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Signed Apple profiles cached across processes in a socache instance of
 * their own (AutodiscoverProfileCache; shmcb by default), so that asking
 * again for an address costs no private-key operation. An entry's key is a
 * SHA-256 over the signer's identity and the exact unsigned profile bytes,
 * so a hit is the signature this request would make, whatever the scope,
 * the user or the configuration; its value is the DER. Entries live an
 * hour; the provider's size bounds the memory, the oldest giving way.
 */
#ifndef AD_PROFILE_CACHE_H
#define AD_PROFILE_CACHE_H

#include "httpd.h"
#include "http_config.h"
#include "ad_signer.h"

/* AutodiscoverProfileCache provider[:args] | Off (server config). */
const char *ad_signed_cache_configure(cmd_parms *cmd, const char *arg);

/* A signer was configured somewhere: the cache is set up at start. */
void ad_signed_cache_signer_used(void);

/* Hooks: register the mutex and forget the last configuration; create the
 * cache when a signer is used; re-attach the mutex in each child. */
int ad_signed_cache_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int ad_signed_cache_post_config(apr_pool_t *pconf, server_rec *s);
void ad_signed_cache_child_init(apr_pool_t *p, server_rec *s);

/* ad_signer_sign through the cache: the cached DER for these bytes and this
 * signer, or a new signature, then stored. NULL and *der (from r->pool),
 * or what failed. */
const char *ad_profile_sign(request_rec *r, const ad_signer_t *s,
                            const char *data, apr_size_t len,
                            const char **der, apr_size_t *der_len);

#endif
