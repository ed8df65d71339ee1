/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Thunderbird autoconfig (config-v1.1.xml): the answer compiled from the
 * same profile as the POX answers. Pure APR: no httpd types.
 */
#ifndef AD_AUTOCONFIG_H
#define AD_AUTOCONFIG_H

#include "ad_pox.h"

/* The whole document with holes for the address; NULL when the profile has
 * no incoming or no outgoing server once those the clients cannot take are
 * left out (nothing a mail client can use). */
ad_tmpl_t *ad_autoconfig_compile(apr_pool_t *p, const ad_profile_t *prof);

/* Values for a request without an address: the placeholders themselves,
 * which the client replaces, and the domain the request was made for. */
void ad_autoconfig_vars_unknown(ad_vars_t *v, apr_pool_t *p, const char *domain);
/* The servers of prof the document leaves out, one line each, naming the
 * server and why ("IMAP imap.example.com:143 tls=none: ..."); empty: none. */
apr_array_header_t *ad_autoconfig_left_out(apr_pool_t *p, const ad_profile_t *prof);
/* Whether the document lists sv (one of prof's servers). */
int ad_autoconfig_lists(const ad_profile_t *prof, const ad_server_t *sv);

#endif
