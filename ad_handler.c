/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Claiming URLs. ad_endpoint() names the endpoint a path is (any letter
 * case); ad_fixups() gives it to its handler where "Autodiscover On"
 * applies, or gives every path under /autodiscover/ to
 * ad_redirect_handler() where "AutodiscoverHTTPRedirect" applies, which
 * answers 302 to https. The endpoints' handlers live in ad_handler_*.c.
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
#include "ad_counters.h"
#include "ad_request.h"

APLOG_USE_MODULE(autodiscover);

#define PREFIX     "/autodiscover/"
#define JSON_PATH  "/autodiscover/autodiscover.json"

static const struct {
    const char *path;
    ad_endpoint_e endpoint;
    const char *handler;
} endpoints[] = {
    { "/autodiscover/autodiscover.xml", AD_EP_POX, AD_HANDLER_POX },
    { JSON_PATH, AD_EP_JSON, AD_HANDLER_JSON },
    { "/autodiscover/autodiscover.svc", AD_EP_SOAP, AD_HANDLER_SOAP },
    /* Thunderbird's two locations, and the one some Android apps use. */
    { "/mail/config-v1.1.xml", AD_EP_AUTOCONFIG, AD_HANDLER_AUTOCONFIG },
    { "/.well-known/autoconfig/mail/config-v1.1.xml", AD_EP_AUTOCONFIG,
      AD_HANDLER_AUTOCONFIG },
    { "/v1.1/mail/config-v1.1.xml", AD_EP_AUTOCONFIG, AD_HANDLER_AUTOCONFIG },
    /* The link users open on an iPhone or a Mac (automx2's path too). */
    { "/mobileconfig", AD_EP_MOBILECONFIG, AD_HANDLER_MOBILECONFIG },
    { "/mobileconfig/", AD_EP_MOBILECONFIG, AD_HANDLER_MOBILECONFIG },
    /* RFC 6764: calendars and contacts, claimed where they are configured. */
    { "/.well-known/caldav", AD_EP_CALDAV, AD_HANDLER_DAV },
    { "/.well-known/carddav", AD_EP_CARDDAV, AD_HANDLER_DAV },
    /* PACC (draft-ietf-mailmaint-pacc): the per-domain document. */
    { "/.well-known/user-agent-configuration.json", AD_EP_PACC, AD_HANDLER_PACC },
};
#define N_ENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

static int endpoint_index(const char *uri)
{
    apr_size_t i;

    if (!uri)
        return -1;
    for (i = 0; i < N_ENDPOINTS; i++) {
        if (strcasecmp(uri, endpoints[i].path) == 0)
            return (int)i;
    }
    /* Autodiscover v2's path form: autodiscover.json/v1.0/<address> */
    if (strncasecmp(uri, JSON_PATH "/", sizeof(JSON_PATH)) == 0)
        return 1;
    return -1;
}

ad_endpoint_e ad_endpoint(const char *uri)
{
    int i = endpoint_index(uri);
    return i < 0 ? AD_EP_NONE : endpoints[i].endpoint;
}

static int is_under_prefix(const char *uri)
{
    return uri && (strncasecmp(uri, PREFIX, sizeof(PREFIX) - 1) == 0
                   || strcasecmp(uri, "/autodiscover") == 0);
}

const char *ad_canonical_path(apr_pool_t *p, const char *uri)
{
    int i = endpoint_index(uri);
    char *canon;

    if (i < 0 && !is_under_prefix(uri))
        return uri;
    canon = apr_pstrdup(p, uri);
    if (i >= 0 && endpoints[i].endpoint != AD_EP_JSON)
        memcpy(canon, endpoints[i].path, strlen(endpoints[i].path));
    else if (i >= 0) {
        /* autodiscover.json[/v1.0/ADDRESS]: the address keeps its case. */
        memcpy(canon, JSON_PATH, sizeof(JSON_PATH) - 1);
        if (strncasecmp(canon + sizeof(JSON_PATH) - 1, "/v1.0/", 6) == 0)
            memcpy(canon + sizeof(JSON_PATH) - 1, "/v1.0/", 6);
    }
    else
        memcpy(canon, PREFIX, strlen(canon) < sizeof(PREFIX) - 1
                              ? strlen(canon) : sizeof(PREFIX) - 1);
    return canon;
}

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
        return c->profile->dav[AD_DAV_CALDAV] != NULL;
    case AD_EP_CARDDAV:
        return c->profile->dav[AD_DAV_CARDDAV] != NULL;
    case AD_EP_JSON:
        return AD_V2(c);
    default:
        return 1;
    }
}

int ad_fixups(request_rec *r)
{
    ad_dir_conf_t *c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    int i;

    if (!c)
        return DECLINED;
    if (AD_HTTP_REDIRECT(c) && is_under_prefix(r->uri))
        r->handler = AD_HANDLER_REDIRECT;
    else if (AD_ENABLED(c) && (i = endpoint_index(r->uri)) >= 0
             && answers(c, endpoints[i].endpoint))
        r->handler = endpoints[i].handler;
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

/* ------------------------------------------------ the HTTP redirect vhost */

int ad_redirect_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const char *origin, *path, *location;
    char *lower;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_REDIRECT) != 0)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_POST, -1);
    ad_no_store(r);
    ad_count_family(r, AD_FAM_HTTP_REDIRECT);
    if (r->method_number != M_GET && r->method_number != M_POST)
        return HTTP_METHOD_NOT_ALLOWED;
    origin = c->http_redirect_origin ? c->http_redirect_origin : c->service_origin;
    if (!origin)
        return DECLINED;            /* refused by check_config; never reached */
    if ((rv = ap_discard_request_body(r)) != OK)
        return rv;

    /* Same endpoint, lower-case path: some clients match it case-sensitively. */
    lower = apr_pstrdup(r->pool, r->uri);
    ap_str_tolower(lower);
    path = ap_escape_uri(r->pool, lower);
    location = apr_pstrcat(r->pool, origin, path, r->args ? "?" : "",
                           r->args ? r->args : "", NULL);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77030)
                  "redirecting %s to %s", r->uri, location);
    apr_table_setn(r->headers_out, "Location", location);
    return HTTP_MOVED_TEMPORARILY;
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
