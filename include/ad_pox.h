/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * POX Autodiscover (Outlook schema 2006a and MobileSync schema 2006):
 * the parsed request, the per-scope response profile, the parser and the
 * renderers. Pure APR + libxml2: no httpd types.
 */
#ifndef AD_POX_H
#define AD_POX_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ad_buf.h"
#include "ad_template.h"
#include "ad_profile.h"

#define AD_NS_RESPONSE        "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"
#define AD_NS_OUTLOOK_REQ     "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
#define AD_NS_OUTLOOK_RESP    "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
#define AD_NS_OUTLOOK_RESP_OLD "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006"
#define AD_NS_MOBILE_REQ      "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"
#define AD_NS_MOBILE_RESP     "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"

/* Longest address accepted (RFC 5321 path limit less the brackets). */
#define AD_MAX_ADDRESS 254

/* ------------------------------------------------------------------ request */

typedef enum {
    AD_PARSE_OK = 0,
    AD_PARSE_MALFORMED,     /* not well-formed XML, DTD, bad encoding, duplicates */
    AD_PARSE_NAMESPACE,     /* root is not a request Autodiscover element */
    AD_PARSE_NO_ADDRESS,    /* EMailAddress missing or empty */
    AD_PARSE_BAD_ADDRESS,   /* EMailAddress is not local@domain */
    AD_PARSE_LEGACYDN,      /* only a LegacyDN, which this server cannot resolve */
    AD_PARSE_SCHEMA         /* AcceptableResponseSchema missing or unknown */
} ad_parse_status_e;

typedef enum {
    AD_SCHEMA_OUTLOOK = 1,
    AD_SCHEMA_MOBILESYNC
} ad_schema_e;

typedef struct {
    ad_parse_status_e status;
    const char *reason;         /* why, for the log; never sent to the client */
    int mobilesync_request;     /* root in the MobileSync request namespace */
    ad_schema_e schema;         /* answer schema (when status is OK) */
    const char *address;        /* as sent, whitespace trimmed */
    const char *local;          /* local part */
    const char *domain;         /* domain, lower case */
} ad_pox_request_t;

/* Parse a request body. Never fails hard: the verdict is in out->status. */
void ad_pox_parse(apr_pool_t *p, const char *body, apr_size_t len,
                  ad_pox_request_t *out);

/* Split and check local@domain; returns NULL when fine, else the reason. */
const char *ad_address_split(apr_pool_t *p, const char *address,
                             const char **local, const char **domain);

/* ----------------------------------------------------------------- renderers */

/* Error codes of [MS-OXDSCLI] 2.2.4.1.1.3.2 / [MS-ASCMD] 2.2.3.64 */
#define AD_ERR_NOT_FOUND       500
#define AD_ERR_INVALID_REQUEST 600
#define AD_ERR_SCHEMA          601

typedef struct {
    const char *time;           /* Error Time attribute, hh:mm:ss.ffffff */
    unsigned long id;           /* Error Id attribute */
    const char *debug;          /* DebugData text (a fixed token, never input) */
} ad_error_info_t;

/* The whole settings document of a schema with holes for the address
 * (ad_profile_compile_formats calls it); NULL when the profile has nothing
 * to say in that schema. */
ad_tmpl_t *ad_pox_compile(apr_pool_t *p, const ad_profile_t *prof, ad_schema_e schema);

/* Settings; returns 0 when the profile has nothing for that schema. */
int ad_pox_render_settings(ad_buf_t *b, const ad_profile_t *prof,
                           ad_schema_e schema, const ad_vars_t *v);
void ad_pox_render_redirect_addr(ad_buf_t *b, ad_schema_e schema,
                                 const ad_vars_t *v, const char *new_address,
                                 const char *culture);
void ad_pox_render_redirect_url(ad_buf_t *b, const char *url);
/* Request-level error (600, 601): Response/Error. */
void ad_pox_render_error(ad_buf_t *b, int mobilesync, int code,
                         const ad_error_info_t *e);
/* Address-level error (500): Response/Error for Outlook, Action/Error for
 * MobileSync. */
void ad_pox_render_address_error(ad_buf_t *b, ad_schema_e schema, int code,
                                 const ad_error_info_t *e, const ad_vars_t *v,
                                 const char *culture);

#endif
