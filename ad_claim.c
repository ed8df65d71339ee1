/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Claiming URLs: the request hooks that run before any handler.
 * ad_translate_name() gives every spelling of a module URL the module's
 * own before access control; ad_fixups() gives an endpoint (ad_endpoint.c)
 * to its handler where "Autodiscover On" applies, or every path under
 * /autodiscover/ to ad_handler_redirect.c where "AutodiscoverHTTPRedirect"
 * applies. The endpoints' handlers live in ad_handler_*.c.
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
#include "ad_claim.h"
#include "ad_endpoint.h"
#include "ad_request.h"

APLOG_USE_MODULE(autodiscover);

/*
 * httpd matches <Location>, <LocationMatch> and <If> against r->uri with
 * letter case; the module answers its URLs in any case. So every spelling
 * becomes the module's own before the location walk that decides access
 * (this runs after httpd decoded %-escapes and before the walk that
 * follows translation). The access log keeps the request line as sent.
 */
int ad_translate_name(request_rec *r)
{
    const ad_srv_conf_t *srv = ap_get_module_config(r->server->module_config,
                                                    &autodiscover_module);
    const char *canon;

    if (!srv->claims)       /* a vhost the module answers nothing in */
        return DECLINED;
    canon = ad_canonical_path(r->pool, r->uri);

    if (canon != r->uri && strcmp(canon, r->uri) != 0) {
        ap_log_rerror(APLOG_MARK, APLOG_TRACE1, 0, r, "path %s taken as %s", r->uri, canon);
        r->uri = (char *)canon;
    }
    return DECLINED;
}

/* Whether the module answers endpoint ep in scope c: a DAV well-known URL
 * only where that service is configured (a DAV server on the same vhost
 * may answer it otherwise), autodiscover.json unless AutodiscoverV2 Off. */
static int answers(const ad_dir_conf_t *c, ad_endpoint_e ep)
{
    switch (ep) {
    case AD_EP_CALDAV:
        return ad_conf_profile(c)->dav[AD_DAV_CALDAV] != NULL;
    case AD_EP_CARDDAV:
        return ad_conf_profile(c)->dav[AD_DAV_CARDDAV] != NULL;
    case AD_EP_JSON:
        return AD_V2(c);
    default:
        return 1;
    }
}

int ad_fixups(request_rec *r)
{
    ad_dir_conf_t *c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ad_endpoint_e ep;

    if (!c)
        return DECLINED;
    if (AD_HTTP_REDIRECT(c) && ad_under_prefix(r->uri))
        r->handler = AD_HANDLER_REDIRECT;
    else if (AD_ENABLED(c) && (ep = ad_endpoint(r->uri)) != AD_EP_NONE
             && answers(c, ep))
        r->handler = ad_endpoint_handler(ep);
    return DECLINED;
}

/*
 * Before authentication, so that a 401 carries these too: no cache keeps
 * an answer of an endpoint; and EWS clients (ews-javascript-api) look for
 * SOAP Autodiscover only on hosts whose GET of the POX URL, typically
 * answered 401, says X-SOAP-Enabled.
 */
int ad_header_parser(request_rec *r)
{
    ad_dir_conf_t *c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ad_endpoint_e ep;

    if (!c || !AD_ENABLED(c) || AD_HTTP_REDIRECT(c) || (ep = ad_endpoint(r->uri)) == AD_EP_NONE
        || !answers(c, ep))
        return DECLINED;
    ad_no_store(r);
    if (r->method_number == M_GET && ep == AD_EP_POX)
        apr_table_setn(r->err_headers_out, "X-SOAP-Enabled", "True");
    return DECLINED;
}

/*
 * A <Location> written in another spelling of a URL the module answers
 * (Exchange's /Autodiscover/, say) never matches now: warn, once per
 * section, naming the spelling that does.
 */
void ad_location_spelling_check(apr_pool_t *p, server_rec *s)
{
    apr_hash_t *seen = apr_hash_make(p);

    /* Every vhost inherits the main server's sections: each section is
     * looked at once, by the first server that answers there. */
    for (; s; s = s->next) {
        const ad_dir_conf_t *sc = ap_get_module_config(s->lookup_defaults,
                                                       &autodiscover_module);
        core_server_config *core = ap_get_core_module_config(s->module_config);
        int i;

        for (i = 0; core->sec_url && i < core->sec_url->nelts; i++) {
            ap_conf_vector_t *v = APR_ARRAY_IDX(core->sec_url, i, ap_conf_vector_t *);
            const core_dir_config *cd = ap_get_core_module_config(v);
            const ad_dir_conf_t *sec = ap_get_module_config(v, &autodiscover_module);
            const char *canon;

            if (!cd->d || cd->r || apr_hash_get(seen, &cd, sizeof(cd))
                || !(AD_ENABLED(sc) || AD_HTTP_REDIRECT(sc)
                     || (sec && (AD_ENABLED(sec) || AD_HTTP_REDIRECT(sec)))))
                continue;
            apr_hash_set(seen, apr_pmemdup(p, &cd, sizeof(cd)), sizeof(cd), "");
            canon = ad_canonical_path(p, cd->d);
            if (canon == cd->d || !strcmp(canon, cd->d))
                continue;
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77086)
                         "<Location %s> never matches a request the module answers: "
                         "every spelling of its URLs is taken as %s before access "
                         "control; write <Location %s>", cd->d, canon, canon);
        }
    }
}
