/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The signed-profile cache (see include/ad_signed_cache.h). */
#include <apr_strings.h>
#include <openssl/evp.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_socache.h"
#include "ad_signed_cache.h"

APLOG_USE_MODULE(autodiscover);

#define KEY_LEN     32                      /* SHA-256 */
#define MAX_VALUE   16384                   /* larger signatures are not cached */
#define LIFETIME    apr_time_from_sec(3600)
/* shmcb's default: 2 MiB, some 400 profiles of 4 KiB (signer and chain
 * included), in the runtime directory's file name if anonymous shared
 * memory is missing. */
#define DEFAULT_SHMCB "autodiscover-profiles(2097152)"

static ad_socache_t cache = AD_SOCACHE_INIT(AD_D_PROFILE_CACHE, "autodiscover-profile-cache",
                                            "signed profiles", MAX_VALUE);
static int signer_used;

const char *ad_signed_cache_configure(cmd_parms *cmd, const char *arg)
{
    return ad_socache_configure(&cache, cmd, arg);
}

void ad_signed_cache_signer_used(void)
{
    signer_used = 1;
}

int ad_signed_cache_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp)
{
    signer_used = 0;
    return ad_socache_pre_config(&cache, pconf);
}

int ad_signed_cache_post_config(apr_pool_t *pconf, server_rec *s)
{
    struct ap_socache_hints hints = { KEY_LEN, 4096, 3600 };

    /* A namespace short enough for mod_socache_memcache and _redis. */
    return ad_socache_post_config(&cache, pconf, s, signer_used, "autodiscover-p",
                                  ap_runtime_dir_relative(pconf, DEFAULT_SHMCB), &hints);
}

void ad_signed_cache_child_init(apr_pool_t *p, server_rec *s)
{
    ad_socache_child_init(&cache, p, s);
}

/* SHA-256 over the signer's identity, then the profile's bytes. */
static int cache_key(const ad_signer_t *s, const char *data, apr_size_t len,
                     unsigned char *key)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL)
             && EVP_DigestUpdate(md, ad_signer_id(s), AD_SIGNER_ID_LEN)
             && EVP_DigestUpdate(md, data, len)
             && EVP_DigestFinal_ex(md, key, NULL);

    EVP_MD_CTX_free(md);
    return ok;
}

const char *ad_profile_sign(request_rec *r, const ad_signer_t *s,
                            const char *data, apr_size_t len,
                            const char **der, apr_size_t *der_len)
{
    unsigned char key[KEY_LEN];
    const unsigned char *hit;
    unsigned int hit_len;
    const char *why;
    apr_status_t rv;
    int keyed = cache_key(s, data, len, key);

    if (keyed && ad_socache_get(&cache, r, key, KEY_LEN, &hit, &hit_len) == APR_SUCCESS) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77151)
                      "profile cache: hit, %u bytes", hit_len);
        *der = (const char *)hit;
        *der_len = hit_len;
        return NULL;
    }
    if ((why = ad_signer_sign(s, r->pool, data, len, der, der_len)))
        return why;
    if (!keyed)
        rv = APR_EGENERAL;
    else if (*der_len > MAX_VALUE)
        rv = APR_ENOSPC;
    else
        rv = ad_socache_put(&cache, r, key, KEY_LEN, (const unsigned char *)*der,
                            (unsigned int)*der_len, apr_time_now() + LIFETIME);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, APLOGNO(77152)
                  "profile cache: miss, signed %" APR_SIZE_T_FMT " bytes%s", *der_len,
                  rv == APR_SUCCESS ? ", stored" : ", not stored");
    return NULL;
}
