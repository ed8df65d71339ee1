/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * PACC (draft-ietf-mailmaint-pacc): the per-domain JSON document at
 * https://ua-auto-config.DOMAIN/.well-known/user-agent-configuration.json
 * and the TXT record _ua-auto-config.DOMAIN that pins its bytes. Pure APR
 * (and libcrypto's SHA-256): no httpd types.
 *
 * PACC has no port, no TLS mode and no login name: a client connects with
 * implicit TLS to the protocol's default port (IMAP 993, POP3 995,
 * submission 465, https 443) and logs in with the address. So a document
 * describes, of each kind, the first server that is just that; the others
 * are named by ad_pacc_left_out().
 */
#ifndef AD_PACC_H
#define AD_PACC_H

#include <apr_pools.h>
#include "ad_pox.h"

#define AD_PACC_PATH "/.well-known/user-agent-configuration.json"
#define AD_PACC_TYPE "application/json"

/* The document of prof, compact JSON in a fixed key order, with
 * %EMAILDOMAIN% holes; NULL when prof has no server PACC can describe for
 * incoming or for outgoing mail (ad_pacc_none() says which). */
ad_tmpl_t *ad_pacc_compile(apr_pool_t *p, const ad_profile_t *prof);

/* Why ad_pacc_compile() gives no document, in words ("no IMAP or POP3
 * server it can describe"); NULL when it gives one. */
const char *ad_pacc_none(apr_pool_t *p, const ad_profile_t *prof);

/* The servers and services of prof PACC cannot describe, one line each,
 * named as configured, and why: "IMAP imap.%EMAILDOMAIN%:143 (STARTTLS)";
 * an empty array when none. A describable server after the first of its
 * kind is not left out: the document names one of each kind by design. */
apr_array_header_t *ad_pacc_left_out(apr_pool_t *p, const ad_profile_t *prof);

/* The bytes served for domain (lower case; compiled is ad_pacc_compile()'s). */
const char *ad_pacc_document(apr_pool_t *p, const ad_tmpl_t *compiled,
                             const char *domain, apr_size_t *len);

/* The TXT record's value for those bytes: "v=UAAC1; a=sha256; d=" and the
 * standard base64 (with padding) of their SHA-256. */
const char *ad_pacc_txt(apr_pool_t *p, const char *doc, apr_size_t len);

#endif
