/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Apple configuration profile at /mobileconfig?emailaddress=ADDRESS, GET
 * only: the link a user opens in Safari on an iPhone or a Mac. Signed with
 * AutodiscoverProfileSigner when one applies, unsigned otherwise.
 */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_handler.h"
#include "ad_request.h"
#include "ad_user.h"
#include "ad_decide.h"
#include "ad_mobileconfig.h"
#include "ad_signer.h"
#include "ad_profile_cache.h"

APLOG_USE_MODULE(autodiscover);

#define PROFILE_TYPE "application/x-apple-aspen-config"
#define PATH         "/mobileconfig"

static int redirect_to(request_rec *r, const char *origin, const char *address)
{
    const char *location = apr_pstrcat(r->pool, origin, PATH "?emailaddress=",
                                       ap_escape_urlencoded(r->pool, address), NULL);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77054)
                  "mobileconfig: %s redirected to %s", address, location);
    apr_table_setn(r->headers_out, "Location", location);
    return HTTP_MOVED_TEMPORARILY;
}

int ad_mobileconfig_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    ad_verdict_t d;
    const char *address, *local, *domain, *why;
    ad_vars_t v;
    ad_buf_t b;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_MOBILECONFIG, AD_EP_MOBILECONFIG, M_GET, &c)) != OK
        || (rv = ad_get_only(r)) != OK)
        return rv;

    rv = ad_query_param(r, "emailaddress", 3 * AD_MAX_ADDRESS, &address);
    if (rv != OK || !address
        || (why = ad_address_split(r->pool, address, &local, &domain))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77055)
                      "mobileconfig: no usable emailaddress parameter");
        return HTTP_BAD_REQUEST;
    }
    address = apr_pstrcat(r->pool, local, "@", domain, NULL);
    ad_vars_set(&v, r->pool, address, local, domain);
    ad_decide(r, c, AD_EP_MOBILECONFIG, ad_audience(r, c, &v), &v, 1,
              AD_FMT_MOBILECONFIG, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:          /* not for this endpoint */
    case AD_VERDICT_FOREIGN:
    case AD_VERDICT_UNKNOWN:
        return HTTP_NOT_FOUND;
    case AD_VERDICT_REDIRECT_ADDR:
        return redirect_to(r, ad_origin(r, c), d.target);
    case AD_VERDICT_REDIRECT_URL:
        return redirect_to(r, ad_url_origin(r->pool, d.target), address);
    case AD_VERDICT_UNAVAILABLE:
        return ad_user_unavailable(r);
    case AD_VERDICT_SETTINGS:
        break;
    }
    prof = d.prof;
    if (!prof->compiled_mobileconfig) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77058)
                      "mobileconfig: no mail server or ActiveSync URL configured here");
        return HTTP_NOT_FOUND;
    }
    ad_mobileconfig_vars(&v, r->pool);
    ad_buf_init(&b, r->pool, ad_size_hint(prof->compiled_mobileconfig) + 256);
    ad_tmpl_expand_xml(&b, prof->compiled_mobileconfig, &v);
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_psprintf(r->pool, "attachment; filename=\"%s.mobileconfig\"",
                                domain));
    if (c->signer) {
        const char *der;
        apr_size_t der_len;
        if ((why = ad_profile_sign(r, c->signer, b.data, b.len, &der, &der_len))) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, APLOGNO(77059)
                          "mobileconfig: signing with %s failed: %s",
                          ad_signer_subject(c->signer), why);
            return HTTP_INTERNAL_SERVER_ERROR;
        }
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77060)
                      "mobileconfig: signed profile for %s", address);
        return ad_send(r, PROFILE_TYPE, der, der_len);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77061)
                  "mobileconfig: unsigned profile for %s", address);
    return ad_send_buf(r, PROFILE_TYPE, &b);
}
