/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * PACC (draft-ietf-mailmaint-pacc): the per-domain JSON document at
 * https://ua-auto-config.DOMAIN/.well-known/user-agent-configuration.json
 * and the TXT record _ua-auto-config.DOMAIN that pins its bytes. Pure APR
 * (and libcrypto's SHA-256): no httpd types.
 */
#ifndef AD_PACC_H
#define AD_PACC_H

#include <apr_pools.h>
#include "ad_pox.h"

/* The document of prof, with %EMAILDOMAIN% holes; NULL when prof has no
 * server PACC can describe for incoming or for outgoing mail. */
ad_tmpl_t *ad_pacc_compile(apr_pool_t *p, const ad_profile_t *prof);

/* The servers and services of prof PACC cannot describe, one line each
 * ("IMAP imap.%EMAILDOMAIN%:143: STARTTLS"); an empty array when none. */
apr_array_header_t *ad_pacc_left_out(apr_pool_t *p, const ad_profile_t *prof);

/* The bytes served for domain (compiled is ad_pacc_compile()'s). */
const char *ad_pacc_document(apr_pool_t *p, const ad_tmpl_t *compiled,
                             const char *domain, apr_size_t *len);

/* The TXT record's value for those bytes: v=UAAC1; a=sha256; d=BASE64 */
const char *ad_pacc_txt(apr_pool_t *p, const char *doc, apr_size_t len);

#endif
