/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * SOAP Autodiscover (SOAP 1.1, [MS-OXWSADISC]): the GetUserSettings
 * request, the per-setting answers compiled from the profile, and the
 * response and fault documents. Pure APR + libxml2: no httpd types.
 */
#ifndef AD_SOAP_H
#define AD_SOAP_H

#include <apr_tables.h>
#include "ad_pox.h"

#define AD_NS_SOAP     "http://schemas.xmlsoap.org/soap/envelope/"
#define AD_NS_WSA      "http://www.w3.org/2005/08/addressing"
#define AD_NS_XSI      "http://www.w3.org/2001/XMLSchema-instance"
#define AD_NS_SOAP_AD  "http://schemas.microsoft.com/exchange/2010/Autodiscover"
#define AD_SOAP_ACTION_PREFIX AD_NS_SOAP_AD "/Autodiscover/"

#define AD_SOAP_MAX_USERS    100    /* Exchange's own limit per request */
#define AD_SOAP_MAX_SETTINGS 100

typedef enum {
    AD_SOAP_OK = 0,
    AD_SOAP_MALFORMED,          /* not XML, a DTD, limits, not a SOAP envelope */
    AD_SOAP_UNSUPPORTED,        /* an operation other than GetUserSettings */
    AD_SOAP_BAD_BODY,           /* GetUserSettings without a readable Request */
    AD_SOAP_TOO_MANY            /* more users or settings than allowed */
} ad_soap_status_e;

typedef struct {
    ad_soap_status_e status;
    const char *reason;         /* for the log; never sent */
    const char *action;         /* wsa:Action, or the body element's name */
    apr_array_header_t *mailboxes;  /* of const char *, NULL: User without one */
    apr_array_header_t *settings;   /* of const char * */
} ad_soap_request_t;

void ad_soap_parse(apr_pool_t *p, const char *body, apr_size_t len,
                   ad_soap_request_t *out);

/* Compile the per-setting answers and the version header of a profile
 * (ad_profile_compile calls this). */
void ad_soap_compile(apr_pool_t *p, ad_profile_t *prof);
/* Copy what ad_soap_compile() made into p (ad_profile_compile_kept). */
void ad_soap_copy(apr_pool_t *p, ad_profile_t *prof);

/* ------------------------------------------------------------- rendering */

void ad_soap_render_begin(ad_buf_t *b, const ad_profile_t *prof);
void ad_soap_render_end(ad_buf_t *b);
/* A whole response whose Response/ErrorCode is code (InvalidRequest, ...). */
void ad_soap_render_request_error(ad_buf_t *b, const ad_profile_t *prof,
                                  const char *code, const char *message);

/* One UserResponse: the requested settings this profile answers and, with
 * report_unknown, an InvalidSetting error for each name the protocol does
 * not know, once per name (a request's first answered user carries them:
 * repeating them per user would multiply the answer); known settings
 * without a value here are left out (exchangelib fails on any
 * UserSettingError). */
void ad_soap_render_user(ad_buf_t *b, const ad_profile_t *prof,
                         const apr_array_header_t *settings, const ad_vars_t *v,
                         int report_unknown);
/* A UserResponse with code (InvalidUser, RedirectAddress, RedirectUrl, ...)
 * and, for redirects, the target. */
void ad_soap_render_user_error(ad_buf_t *b, const char *code,
                               const char *message, const char *target);

/* Faults. client: the body is not a GetUserSettings message. */
void ad_soap_render_fault_client(ad_buf_t *b, const char *message);
/* The action is not served (WCF's ActionNotSupported, which exchangelib
 * reads as an unsupported server version). */
void ad_soap_render_fault_action(ad_buf_t *b, const char *action);

#endif
