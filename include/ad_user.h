/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Directory answers: what a directory (SQL through mod_dbd, LDAP through
 * mod_ldap) says of one address or domain, laid over the scope's answer.
 */
#ifndef AD_USER_H
#define AD_USER_H

#include "httpd.h"
#include "ad_config.h"
#include "ad_dir.h"

/* A per-user directory is keyed by the address (or its local part); a
 * domain-level one is an SQL query whose every parameter is the domain. */
typedef enum { AD_DIR_USER = 0, AD_DIR_DOMAIN } ad_dir_level_e;

/* The scope has a directory of that level. */
int ad_directory_has(const ad_dir_conf_t *c, ad_dir_level_e level);

/* Ask the scope's directory of that level (through the cache) for address
 * (or, AD_DIR_DOMAIN, for domain); u filled when found. */
ad_lookup_e ad_directory_lookup(request_rec *r, const ad_dir_conf_t *c,
                                ad_dir_level_e level, const char *address,
                                const char *local, const char *domain, ad_user_t *u);

/* The usable redirect u gives for address (NULL: a domain's entry, whose
 * redirect_addr is ignored): 1 with *target and *is_url, else 0 (an
 * unusable one is logged). */
int ad_user_redirect(request_rec *r, const ad_user_t *u, const char *address,
                     const char **target, int *is_url);

/* The scope's profile with the user's fields laid over it, with the
 * formats compiled in p; prof itself when the user changes nothing. */
const ad_profile_t *ad_user_profile(apr_pool_t *p, const ad_profile_t *prof,
                                    const ad_user_t *u, unsigned formats);

/* A temporary-error answer: 503 with Retry-After. */
int ad_user_unavailable(request_rec *r);

#endif
