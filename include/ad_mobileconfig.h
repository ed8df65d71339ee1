/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Apple configuration profiles (.mobileconfig): the property list compiled
 * from the same profile as the POX answers, with holes for the address and
 * for the UUIDs derived from it. Pure APR: no httpd types.
 */
#ifndef AD_MOBILECONFIG_H
#define AD_MOBILECONFIG_H

#include "ad_pox.h"

/* The holes for the profile's and its payloads' UUIDs. */
#define AD_SEG_UUID_PROFILE AD_SEG_EXTRA1
#define AD_SEG_UUID_MAIL    AD_SEG_EXTRA2
#define AD_SEG_UUID_EAS     AD_SEG_EXTRA3

/* A mail payload (first IMAP, else POP3, server and first SMTP server) and
 * an Exchange ActiveSync payload (where an ActiveSync URL is configured);
 * NULL when the profile has neither. */
ad_tmpl_t *ad_mobileconfig_compile(apr_pool_t *p, const ad_profile_t *prof);

/* Fill the UUID holes of v (already set for an address): name-based UUIDs
 * (version 5) of the address in lower case, so that installing the profile
 * again for the same address replaces the one installed before. */
void ad_mobileconfig_vars(ad_vars_t *v, apr_pool_t *p);

/* The UUID (version 5, upper case) of name in the module's namespace. */
const char *ad_uuid5(apr_pool_t *p, const char *name);

#endif
