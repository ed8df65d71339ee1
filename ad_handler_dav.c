/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * RFC 6764 section 5: /.well-known/caldav and /.well-known/carddav on the
 * mail domain (or a discovery name of it) redirect to the configured
 * context, for clients that look for calendars and contacts themselves
 * (Thunderbird after adding an account, Apple devices adding a CalDAV or
 * CardDAV account by hand). Any method: clients PROPFIND these URLs too.
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
#include "ad_decide.h"
#include "ad_autoconfig.h"

APLOG_USE_MODULE(autodiscover);

int ad_dav_handler(request_rec *r)
{
    ad_endpoint_e ep = ad_endpoint(r->uri);
    ad_dav_e kind = ep == AD_EP_CARDDAV ? AD_DAV_CARDDAV : AD_DAV_CALDAV;
    ad_dir_conf_t *c;
    const char *domain, *url;
    ad_verdict_t d;
    ad_vars_t v;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_DAV, ep == AD_EP_CARDDAV ? AD_EP_CARDDAV
                                                                      : AD_EP_CALDAV,
                               M_GET, &c)) != OK)
        return rv;
    if ((rv = ap_discard_request_body(r)) != OK)
        return rv;
    if (!(domain = ad_request_domain(r))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77087)
                      "%s: no usable host name", ad_dav_name(kind));
        return HTTP_NOT_FOUND;
    }
    ad_autoconfig_vars_unknown(&v, r->pool, domain);
    ad_decide(r, c, ep, ad_audience(r, c, &v), &v, 0, 0, &d);
    if (d.kind != AD_VERDICT_SETTINGS)
        return HTTP_NOT_FOUND;          /* a domain not served here */
    if (!(url = ad_dav_domain_url(r->pool, d.prof->dav[kind], domain))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77088)
                      "%s: the configured URL names the user; no redirect for a "
                      "whole domain", ad_dav_name(kind));
        return HTTP_NOT_FOUND;
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77089)
                  "%s: %s redirected to %s", ad_dav_name(kind), domain, url);
    apr_table_setn(r->headers_out, "Location", url);
    return HTTP_MOVED_PERMANENTLY;
}
