/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The directory cache: found users in one socache instance (ad_socache.c;
 * shmcb unless AutodiscoverDirectoryCache names another provider, such as
 * memcache or redis shared by several nodes), unknown users in a local
 * shmcb of their own, both shared by every child process. Two budgets: any
 * number of addresses that do not exist cannot push a real user out of the
 * cache (and so make her answer slower than theirs).
 *
 * The key (the socache id) is the same on every node that asks the same
 * directory for the same address, whatever the order of its configuration:
 *
 *   4 bytes    FNV-1a of the rest: shmcb picks an entry's subcache by the
 *              key's first byte, so keys must not all begin alike
 *   16 bytes   the directory's name (ad_cache_dir_name)
 *   the rest   the address (or "@domain") as asked, when the key stays
 *              within AD_SOCACHE_MAX_ID bytes; else a NUL (which no
 *              address holds) and the address's SHA-256
 *
 * The value is a status byte ('F' found, 'U' unknown) and, for a found
 * user, each given field as its index byte and its NUL-terminated text.
 * Under a hashed key the value also carries the address it was stored for
 * (index byte KEY_FIELD), and a lookup compares it: two addresses of one
 * digest may share a key, never an answer.
 */
#include <string.h>
#include <apr_strings.h>
#include <openssl/evp.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_core.h"
#include "mod_autodiscover.h"
#include "ad_directives.h"
#include "ad_pox.h"
#include "ad_socache.h"
#include "ad_user_cache.h"

APLOG_USE_MODULE(autodiscover);

#define MAX_VALUE       2048    /* larger answers are not cached */
/* An unknown user's value: 'U' and, under a hashed key, the address. */
#define UNKNOWN_VALUE   (3 + AD_MAX_ADDRESS + 2)
#define KEY_FIELD       0xff    /* the value's copy of a hashed key's address */
#define HASH_LEN        4
#define PLAIN_MAX       (AD_SOCACHE_MAX_ID - HASH_LEN - AD_CACHE_DIR_LEN)

/* The namespaces: "autodiscover:" begins the found users' keys in memcached
 * or redis (at most AD_SOCACHE_NAMESPACE_MAX characters each). */
#define NAMESPACE           "autodiscover"
#define NAMESPACE_UNKNOWN   "autodiscover-u"
_Static_assert(sizeof(NAMESPACE_UNKNOWN) - 1 <= AD_SOCACHE_NAMESPACE_MAX,
               "namespace too long for mod_socache_memcache and _redis");

static ad_socache_t cache = AD_SOCACHE_INIT(AD_D_DIR_CACHE, "autodiscover-cache",
                                            "directory answers", MAX_VALUE);
static ad_socache_t unknown = AD_SOCACHE_INIT(AD_D_DIR_CACHE, "autodiscover-cache-unknown",
                                              "unknown users", UNKNOWN_VALUE);

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
    int rv = ad_socache_post_config(&cache, pconf, s, directory_used, NAMESPACE,
                                    NULL, &hints);

    return rv != OK ? rv : ad_socache_post_config(&unknown, pconf, s, directory_used,
                                                  NAMESPACE_UNKNOWN, NULL,
                                                  &unknown_hints);
}

void ad_cache_child_init(apr_pool_t *p, server_rec *s)
{
    ad_socache_child_init(&cache, p, s);
    ad_socache_child_init(&unknown, p, s);
}

static int sha256(const void *a, apr_size_t alen, const void *b, apr_size_t blen,
                  unsigned char out[32])
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    int ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL)
             && EVP_DigestUpdate(md, a, alen)
             && (!b || EVP_DigestUpdate(md, b, blen))
             && EVP_DigestFinal_ex(md, out, NULL);

    EVP_MD_CTX_free(md);
    return ok;
}

int ad_cache_dir_name(unsigned char name[AD_CACHE_DIR_LEN], const char *what,
                      const char *where)
{
    unsigned char d[32];
    /* what holds no NUL: the NUL before where keeps ("ab", "c") and
     * ("a", "bc") apart. */
    if (!sha256(what, strlen(what) + 1, where, where ? strlen(where) : 0, d))
        return 0;
    memcpy(name, d, AD_CACHE_DIR_LEN);
    return 1;
}

/* The key of dir's entry for address (see the top of this file); *hashed
 * when it holds the address's digest. NULL when the digest failed. */
static const unsigned char *cache_key(request_rec *r, const unsigned char *dir,
                                      const char *address, unsigned int *len,
                                      int *hashed)
{
    apr_size_t n = strlen(address), rest;
    unsigned char *key = apr_palloc(r->pool, AD_SOCACHE_MAX_ID);
    apr_uint32_t h = 2166136261u;            /* FNV-1a */
    apr_size_t i;

    memcpy(key + HASH_LEN, dir, AD_CACHE_DIR_LEN);
    rest = HASH_LEN + AD_CACHE_DIR_LEN;
    *hashed = n > PLAIN_MAX;
    if (!*hashed) {
        memcpy(key + rest, address, n);
        rest += n;
    }
    else {
        key[rest++] = '\0';
        if (!sha256(address, n, NULL, 0, key + rest))
            return NULL;
        rest += 32;
    }
    for (i = HASH_LEN; i < rest; i++)
        h = (h ^ key[i]) * 16777619u;
    key[0] = (unsigned char)h;
    key[1] = (unsigned char)(h >> 8);
    key[2] = (unsigned char)(h >> 16);
    key[3] = (unsigned char)(h >> 24);
    *len = (unsigned int)rest;
    return key;
}

/* A value read back: FOUND with u filled, UNKNOWN, or FAILED for one that
 * is not ours or, under a hashed key, was stored for another address. */
static ad_lookup_e decode(request_rec *r, const unsigned char *buf, unsigned int len,
                          const char *address, int hashed, ad_user_t *u)
{
    ad_user_t got;
    const char *stored = NULL;
    unsigned int pos;

    if (len < 1 || (buf[0] != 'F' && buf[0] != 'U'))
        return AD_LOOKUP_FAILED;
    memset(&got, 0, sizeof(got));
    for (pos = 1; pos < len; ) {
        unsigned int f = buf[pos++];
        const unsigned char *end = memchr(buf + pos, '\0', len - pos);
        const char *text;
        if ((f >= AD_UF_COUNT && f != KEY_FIELD) || !end)
            return AD_LOOKUP_FAILED;
        text = apr_pstrmemdup(r->pool, (const char *)buf + pos, end - (buf + pos));
        if (f == KEY_FIELD)
            stored = text;
        else
            got.value[f] = text;
        pos = (unsigned int)(end - buf) + 1;
    }
    if ((hashed || stored) && (!stored || strcmp(stored, address) != 0))
        return AD_LOOKUP_FAILED;
    if (buf[0] == 'U')
        return AD_LOOKUP_UNKNOWN;
    *u = got;
    return AD_LOOKUP_FOUND;
}

ad_lookup_e ad_cache_get(request_rec *r, const unsigned char *dir, const char *address,
                         ad_user_t *u)
{
    const unsigned char *buf, *key;
    unsigned int len, klen;
    ad_lookup_e found = AD_LOOKUP_FAILED;
    int hashed;

    if (!(key = cache_key(r, dir, address, &klen, &hashed)))
        return AD_LOOKUP_FAILED;
    if (ad_socache_get(&cache, r, key, klen, &buf, &len) == APR_SUCCESS)
        found = decode(r, buf, len, address, hashed, u);
    if (found == AD_LOOKUP_FAILED
        && ad_socache_get(&unknown, r, key, klen, &buf, &len) == APR_SUCCESS
        && decode(r, buf, len, address, hashed, u) == AD_LOOKUP_UNKNOWN)
        found = AD_LOOKUP_UNKNOWN;
    return found;
}

/* Append field f's text to buf (len bytes so far): 0 when it does not fit. */
static int append(unsigned char *buf, unsigned int *len, apr_size_t size, int f,
                  const char *text)
{
    apr_size_t n = strlen(text);

    if (*len + 2 + n > size)
        return 0;
    buf[(*len)++] = (unsigned char)f;
    memcpy(buf + *len, text, n + 1);
    *len += (unsigned int)n + 1;
    return 1;
}

void ad_cache_put(request_rec *r, const unsigned char *dir, const char *address,
                  ad_lookup_e found, const ad_user_t *u, apr_interval_time_t ttl)
{
    unsigned char buf[MAX_VALUE];
    apr_size_t size = found == AD_LOOKUP_FOUND ? MAX_VALUE : UNKNOWN_VALUE;
    unsigned int len = 1, klen;
    const unsigned char *key;
    int f, hashed;

    if ((found != AD_LOOKUP_FOUND && found != AD_LOOKUP_UNKNOWN) || ttl <= 0)
        return;
    if (!(key = cache_key(r, dir, address, &klen, &hashed)))
        return;
    buf[0] = found == AD_LOOKUP_FOUND ? 'F' : 'U';
    for (f = 0; found == AD_LOOKUP_FOUND && f < AD_UF_COUNT; f++)
        if (u->value[f] && !append(buf, &len, size, f, u->value[f]))
            return;                         /* too large to cache */
    if (hashed && !append(buf, &len, size, KEY_FIELD, address))
        return;
    /* ad_socache_put logs a failing provider. */
    ad_socache_put(found == AD_LOOKUP_FOUND ? &cache : &unknown, r, key, klen, buf, len,
                   apr_time_now() + ttl);
}
