/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Directory answers cached across processes with one of Apache's socache
 * providers (shmcb by default; memcache or redis to share them between
 * nodes): found users and unknown ones, each for its own lifetime;
 * failures are never cached. Bounded by the provider's size.
 *
 * An entry is named by its directory and its address, never by the order
 * of the configuration, so that nodes which ask the same directory share
 * their entries (the key's layout is in ad_user_cache.c).
 */
#ifndef AD_USER_CACHE_H
#define AD_USER_CACHE_H

#include "httpd.h"
#include "http_config.h"
#include "ad_dir.h"

/* A directory's name in the cache: the first AD_CACHE_DIR_LEN bytes of
 * SHA-256 over what it asks (the kind, the query's text and parameters,
 * or the LDAP URL, bind DN and attributes) and, when given, where (the
 * answering virtual host's ServerName: mod_dbd's database is one per
 * virtual host). */
#define AD_CACHE_DIR_LEN 16
int ad_cache_dir_name(unsigned char name[AD_CACHE_DIR_LEN], const char *what,
                      const char *where);

/* AutodiscoverDirectoryCache provider[:args] | Off (server config). */
const char *ad_cache_configure(cmd_parms *cmd, const char *arg);

/* Hooks: register the mutex; create the cache when a directory is used;
 * re-attach the mutex in each child. */
int ad_cache_pre_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp);
int ad_cache_post_config(apr_pool_t *pconf, server_rec *s, int directory_used);
void ad_cache_child_init(apr_pool_t *p, server_rec *s);

/* A cached answer of directory dir (ad_cache_dir_name) for address:
 * AD_LOOKUP_FOUND with u filled, AD_LOOKUP_UNKNOWN, or AD_LOOKUP_FAILED
 * for "not cached". */
ad_lookup_e ad_cache_get(request_rec *r, const unsigned char *dir, const char *address,
                         ad_user_t *u);
void ad_cache_put(request_rec *r, const unsigned char *dir, const char *address,
                  ad_lookup_e found, const ad_user_t *u, apr_interval_time_t ttl);

#endif
