/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Thunderbird autoconfig (config-v1.1.xml), GET only. With ?emailaddress=
 * the answer is filled in for that address; without it, the domain is the
 * one the client asked (Host, less a leading "autoconfig.") and the client
 * replaces the placeholders itself.
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
#include "ad_autoconfig.h"

APLOG_USE_MODULE(autodiscover);

int ad_autoconfig_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    const char *address, *local, *domain, *why;
    ad_verdict_t d;
    ad_vars_t v;
    ad_buf_t b;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_AUTOCONFIG, AD_EP_AUTOCONFIG, M_GET, &c)) != OK
        || (rv = ad_get_only(r)) != OK)
        return rv;

    if ((rv = ad_query_param(r, "emailaddress", 3 * AD_MAX_ADDRESS, &address)) != OK)
        return rv;
    if (address) {
        if ((why = ad_address_split(r->pool, address, &local, &domain))) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77033)
                          "autoconfig: emailaddress refused: %s", why);
            return HTTP_BAD_REQUEST;
        }
        ad_vars_set(&v, r->pool, apr_pstrcat(r->pool, local, "@", domain, NULL),
                    local, domain);
    }
    else {
        /* No address: the domain the client asked, autoconfig.DOMAIN or
         * DOMAIN itself (a name of this vhost); the client fills in the
         * placeholders. */
        if (!(domain = ad_request_domain(r))) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77034)
                          "autoconfig: no emailaddress and no usable host name");
            return HTTP_NOT_FOUND;
        }
        ad_autoconfig_vars_unknown(&v, r->pool, domain);
    }
    ad_decide(r, c, AD_EP_AUTOCONFIG, ad_audience(r, c, &v), &v, address != NULL,
              AD_FMT_AUTOCONFIG, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:          /* not for this endpoint */
    case AD_VERDICT_FOREIGN:
    case AD_VERDICT_REDIRECT_ADDR:      /* the format has no redirects */
    case AD_VERDICT_REDIRECT_URL:
    case AD_VERDICT_UNKNOWN:
        return HTTP_NOT_FOUND;
    case AD_VERDICT_UNAVAILABLE:
        return ad_user_unavailable(r);
    case AD_VERDICT_SETTINGS:
        break;
    }
    prof = d.prof;
    if (!prof->compiled_autoconfig) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77036)
                      "autoconfig: no incoming and outgoing server configured here");
        return HTTP_NOT_FOUND;
    }
    ad_buf_init(&b, r->pool, ad_size_hint(prof->compiled_autoconfig));
    ad_tmpl_expand_xml(&b, prof->compiled_autoconfig, &v);
    return ad_send_buf(r, AD_TYPE_XML, &b);
}
