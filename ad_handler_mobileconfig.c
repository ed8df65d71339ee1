/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Apple configuration profile at /mobileconfig?emailaddress=ADDRESS, GET
 * only: the link a user opens in Safari on an iPhone or a Mac. A Mac gets
 * the profile without ActiveSync (&platform=macos, or Safari's
 * "Macintosh"), everything else the whole profile (&platform=ios). Signed
 * with AutodiscoverProfileSigner when one applies, unsigned otherwise.
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
#include "ad_signed_cache.h"

APLOG_USE_MODULE(autodiscover);

#define PROFILE_TYPE "application/x-apple-aspen-config"
#define PATH         "/mobileconfig"

/* The profile of address elsewhere; a platform asked for stays asked for. */
static int redirect_to(request_rec *r, const char *origin, const char *address,
                       const char *platform)
{
    const char *location = apr_pstrcat(r->pool, origin, PATH "?emailaddress=",
                                       ap_escape_urlencoded(r->pool, address),
                                       platform ? "&platform=" : "", platform ? platform : "",
                                       NULL);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77054)
                  "mobileconfig: %s redirected to %s", address, location);
    apr_table_setn(r->headers_out, "Location", location);
    return HTTP_MOVED_TEMPORARILY;
}

/* Which of the two profiles: the platform parameter, else the User-Agent
 * (the answer then varies by it). *asked: the parameter's canonical value,
 * NULL when absent. */
static int platform(request_rec *r, ad_apple_os_e *os, const char **asked)
{
    const char *param, *why;
    int by_ua, rv;

    if ((rv = ad_query_param(r, "platform", 16, &param)) != OK)
        return rv;
    why = ad_apple_platform(param, apr_table_get(r->headers_in, "User-Agent"), os, &by_ua);
    if (why) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77130)
                      "mobileconfig: %s", why);
        return HTTP_BAD_REQUEST;
    }
    if (by_ua)
        apr_table_mergen(r->err_headers_out, "Vary", "User-Agent");
    *asked = by_ua ? NULL : ad_apple_os_name(*os);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77131)
                  "mobileconfig: the %s profile, by the %s", ad_apple_os_name(*os),
                  by_ua ? "User-Agent" : "platform parameter");
    return OK;
}

int ad_mobileconfig_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    ad_verdict_t d;
    const char *address, *local, *domain, *why, *asked;
    const ad_tmpl_t *f;
    ad_apple_os_e os;
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
    if ((rv = platform(r, &os, &asked)) != OK)
        return rv;
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
        return redirect_to(r, ad_origin(r, c), d.target, asked);
    case AD_VERDICT_REDIRECT_URL:
        return redirect_to(r, ad_url_origin(r->pool, d.target), address, asked);
    case AD_VERDICT_UNAVAILABLE:
        return ad_user_unavailable(r);
    case AD_VERDICT_SETTINGS:
        break;
    }
    prof = d.prof;
    f = os == AD_APPLE_MACOS ? prof->compiled_mobileconfig_mac : prof->compiled_mobileconfig;
    if (!f && prof->compiled_mobileconfig) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77132)
                      "mobileconfig: nothing for macOS here: ActiveSync is the only "
                      "account configured, and macOS profiles have no ActiveSync");
        return HTTP_NOT_FOUND;
    }
    if (!f) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77058)
                      "mobileconfig: no mail server, ActiveSync, CalDAV or CardDAV "
                      "URL configured here");
        return HTTP_NOT_FOUND;
    }
    ad_mobileconfig_vars(&v, r->pool);
    ad_buf_init(&b, r->pool, ad_size_hint(f) + 256);
    ad_tmpl_expand_xml(&b, f, &v);
    apr_table_setn(r->headers_out, "Content-Disposition",
                   apr_psprintf(r->pool, "attachment; filename=\"%s.mobileconfig\"",
                                domain));
    if (ad_conf_signer(c)) {
        const char *der;
        apr_size_t der_len;
        if ((why = ad_profile_sign(r, ad_conf_signer(c), b.data, b.len, &der, &der_len))) {
            ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, APLOGNO(77059)
                          "mobileconfig: signing with %s failed: %s",
                          ad_signer_subject(ad_conf_signer(c)), why);
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
