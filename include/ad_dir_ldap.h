/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The LDAP directory: one search per address through mod_ldap (util_ldap's
 * shared connections and its own cache), attributes mapped onto the fields
 * of ad_user_t.
 */
#ifndef AD_DIR_LDAP_H
#define AD_DIR_LDAP_H

#include "httpd.h"
#include "http_config.h"
#include "ad_dir.h"

typedef struct ad_ldap ad_ldap_t;

/* AutodiscoverLDAPURL ldap://host[:port]/basedn?attribute?scope?filter
 * [binddn password]; NULL, or the message for configtest. */
const char *ad_ldap_configure(cmd_parms *cmd, const char *url, const char *binddn,
                              const char *password, ad_ldap_t **out);
/* AutodiscoverLDAPAttribute FIELD ATTRIBUTE for the search q. */
const char *ad_ldap_map(cmd_parms *cmd, ad_ldap_t *q, const char *field,
                        const char *attribute);

int ad_ldap_used(void);
/* What the search asks, for the cache's name of it (ad_cache_dir_name):
 * its URL, bind DN and attributes, the same on every node that configures
 * it. */
const char *ad_ldap_identity(const ad_ldap_t *q);

/* Search for one address: exactly one entry is a found user (its mapped
 * attributes fill u); none, or several, an unknown one. */
ad_lookup_e ad_ldap_lookup(request_rec *r, ad_ldap_t *q, const char *address,
                           ad_user_t *u);

#endif
