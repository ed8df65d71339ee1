/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The one decision every endpoint renders: what an address gets, given who
 * asks. POX, MobileSync, SOAP (per user), v2, autoconfig, Apple profiles,
 * the setup page and the status page's preview all call ad_decide(); each
 * handler keeps only parse -> decide -> render.
 *
 * Who asks (the audience):
 *   stranger  no credentials Apache accepted (r->user unset);
 *   trusted   authenticated, and no AutodiscoverOwner applies;
 *   owner     authenticated as the user AutodiscoverOwner maps the address to;
 *   other     authenticated, but not as that user.
 * What they get:
 *   the plain answer      the configured answer, no per-user directory query:
 *                         the same for every address of a domain but for the
 *                         address itself;
 *   the directory answer  the plain answer with the user's directory fields
 *                         (or the directory's verdict: moved, unknown).
 *
 *   endpoint              stranger          trusted    owner      other
 *   POX, MobileSync,      not-owner error   directory  directory  not-owner
 *   SOAP                  with Owner, else                        error
 *                         plain
 *   v2, autoconfig,       plain             directory  directory  plain
 *   Apple profile, the
 *   setup page
 *
 * AutodiscoverPublicDirectory On gives the directory answer wherever the
 * table says plain. Domain-level decisions (accepted and foreign domains,
 * AutodiscoverRedirectAddr/URL, a directory query keyed by the domain
 * alone) are not personal and apply in every cell.
 */
#ifndef AD_DECIDE_H
#define AD_DECIDE_H

#include "httpd.h"
#include "ad_config.h"
#include "ad_endpoint.h"

typedef enum {
    AD_AUDIENCE_STRANGER = 0,
    AD_AUDIENCE_TRUSTED,
    AD_AUDIENCE_OWNER,
    AD_AUDIENCE_OTHER
} ad_audience_e;

typedef enum {
    AD_VERDICT_SETTINGS = 0,    /* render prof */
    AD_VERDICT_NOT_OWNER,       /* the format's not-owner error */
    AD_VERDICT_FOREIGN,         /* the domain is not served here */
    AD_VERDICT_REDIRECT_ADDR,   /* target: the new address */
    AD_VERDICT_REDIRECT_URL,    /* target: the other server's POX URL */
    AD_VERDICT_UNKNOWN,         /* the format's unknown-user error */
    AD_VERDICT_UNAVAILABLE      /* the format's temporary error */
} ad_verdict_e;

typedef struct {
    ad_verdict_e kind;
    const ad_profile_t *prof;   /* SETTINGS: compiled for the formats asked */
    const char *target;         /* REDIRECT_*: never NULL */
    int http;                   /* REDIRECT_URL: answer with HTTP 302 */
    int personal;               /* the directory answer was given */
} ad_verdict_t;

/* Who asks for the address in v (AutodiscoverOwner expanded for it). */
ad_audience_e ad_audience(request_rec *r, const ad_dir_conf_t *c, const ad_vars_t *v);
const char *ad_audience_name(ad_audience_e who);

/*
 * The verdict for the address in v (checked local@domain), asked at
 * endpoint ep by who. per_user 0: a request without an address (autoconfig
 * without emailaddress): only domain-level decisions apply. formats: the
 * AD_FMT_* answers the caller renders. Counts the outcome and logs it once.
 */
void ad_decide(request_rec *r, const ad_dir_conf_t *c, ad_endpoint_e ep,
               ad_audience_e who, const ad_vars_t *v, int per_user,
               unsigned formats, ad_verdict_t *out);

#endif
