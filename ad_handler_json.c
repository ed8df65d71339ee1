/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Autodiscover v2 at /autodiscover/autodiscover.json, GET only, no
 * credentials: ?Email=ADDRESS&Protocol=NAME or /v1.0/ADDRESS?Protocol=NAME.
 * The answer is one URL: AutodiscoverV1 (this server's POX endpoint),
 * ActiveSync or EWS (the configured URLs). The parameters are data only:
 * nothing is fetched or proxied on their account.
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
#include "ad_counters.h"
#include "ad_json.h"
#include "ad_query.h"

APLOG_USE_MODULE(autodiscover);

#define JSON_PATH "/autodiscover/autodiscover.json"
#define V1_PREFIX "/v1.0/"

static int send_json_error(request_rec *r, int status, const char *code,
                           const char *message)
{
    ad_buf_t b;

    ad_count_outcome(r, AD_OUT_ERROR);
    ad_buf_init(&b, r->pool, 256);
    ad_json_render_error(&b, code, message);
    r->status = status;
    return ad_send_buf(r, AD_TYPE_JSON, &b);
}

static int missing(request_rec *r, const char *param)
{
    return send_json_error(r, HTTP_BAD_REQUEST, "MandatoryParameterMissing",
                           apr_psprintf(r->pool, "A valid value must be provided "
                                        "for the query parameter '%s'.", param));
}

/* The configured URL of a protocol, external preferred; NULL if none. */
static const ad_tmpl_t *service_url(const ad_profile_t *prof, ad_v2_protocol_e proto)
{
    ad_service_e svc = proto == AD_V2_EWS ? AD_SVC_EWS : AD_SVC_ACTIVESYNC;

    return prof->url[svc][AD_EXTERNAL] ? prof->url[svc][AD_EXTERNAL]
                                       : prof->url[svc][AD_INTERNAL];
}

static const char *supported(request_rec *r, const ad_profile_t *prof)
{
    return apr_pstrcat(r->pool, "AutodiscoverV1",
                       service_url(prof, AD_V2_ACTIVESYNC) ? ",ActiveSync" : "",
                       service_url(prof, AD_V2_EWS) ? ",EWS" : "", NULL);
}

/* 302 to the v2 endpoint at origin, for address. */
static int redirect_to(request_rec *r, const char *origin, const char *address,
                       ad_v2_protocol_e proto)
{
    const char *location = apr_pstrcat(r->pool, origin, JSON_PATH V1_PREFIX,
                                       ap_escape_uri(r->pool, address),
                                       "?Protocol=", ad_v2_protocol_name(proto),
                                       NULL);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77038)
                  "autodiscover.json: %s redirected to %s", address, location);
    apr_table_setn(r->headers_out, "Location", location);
    return HTTP_MOVED_TEMPORARILY;
}

static int send_url(request_rec *r, ad_v2_protocol_e proto, const char *url)
{
    ad_buf_t b;

    ad_buf_init(&b, r->pool, strlen(url) + 64);
    ad_json_render_url(&b, proto, url);
    return ad_send_buf(r, AD_TYPE_JSON, &b);
}

/* The address: from the path form, else from Email. */
static int request_address(request_rec *r, const char **address)
{
    const char *why = ad_v2_path_address(r->pool, r->uri + sizeof(JSON_PATH) - 1,
                                         address);

    if (why == ad_v2_path_unknown)
        return HTTP_NOT_FOUND;
    if (why) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77081)
                      "autodiscover.json: path refused: %s", why);
        return HTTP_BAD_REQUEST;
    }
    if (*address || r->uri[sizeof(JSON_PATH) - 1])
        return OK;
    return ad_query_param(r, "Email", 3 * AD_MAX_ADDRESS, address);
}

int ad_json_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    const ad_tmpl_t *url;
    const char *address, *protocol, *local, *domain, *why;
    ad_v2_protocol_e proto;
    ad_verdict_t d;
    ad_vars_t v;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_JSON, AD_EP_JSON, M_GET, &c)) != OK
        || (rv = ad_get_only(r)) != OK)
        return rv;

    if ((rv = request_address(r, &address)) == HTTP_NOT_FOUND)
        return rv;
    if (rv != OK || ad_query_param(r, "Protocol", 64, &protocol) != OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77039)
                      "autodiscover.json: malformed query string");
        return send_json_error(r, HTTP_BAD_REQUEST, "InvalidRequest",
                               "The query string is malformed.");
    }
    if (!address)
        return missing(r, "Email");
    if (!protocol || !*protocol)
        return missing(r, "Protocol");
    if ((why = ad_address_split(r->pool, address, &local, &domain))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77040)
                      "autodiscover.json: address refused: %s", why);
        return send_json_error(r, HTTP_BAD_REQUEST, "InvalidUser",
                               "The e-mail address is not valid.");
    }
    address = apr_pstrcat(r->pool, local, "@", domain, NULL);
    prof = ad_compiled_profile(r, c);
    proto = ad_v2_protocol(protocol);
    if (proto == AD_V2_UNKNOWN
        || (proto != AD_V2_AUTODISCOVERV1 && !service_url(prof, proto))) {
        ad_buf_t b;
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77041)
                      "autodiscover.json: protocol not served here");
        ad_buf_init(&b, r->pool, 256);
        ad_json_render_invalid_protocol(&b, protocol, supported(r, prof));
        r->status = HTTP_BAD_REQUEST;
        return ad_send_buf(r, AD_TYPE_JSON, &b);
    }

    ad_vars_set(&v, r->pool, address, local, domain);
    ad_decide(r, c, AD_EP_JSON, ad_audience(r, c, &v), &v, 1, 0 /* URLs only */, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:          /* not for this endpoint */
    case AD_VERDICT_FOREIGN:
        return send_json_error(r, HTTP_NOT_FOUND, "InvalidUser",
                               "The domain of the address is not served here.");
    case AD_VERDICT_REDIRECT_ADDR:
        /* The POX answer redirects the address; other protocols ask again. */
        return proto == AD_V2_AUTODISCOVERV1
            ? send_url(r, proto, ad_pox_url(r, c))
            : redirect_to(r, ad_origin(r, c), d.target, proto);
    case AD_VERDICT_REDIRECT_URL:
        return proto == AD_V2_AUTODISCOVERV1
            ? send_url(r, proto, d.target)
            : redirect_to(r, ad_url_origin(r->pool, d.target), address, proto);
    case AD_VERDICT_UNKNOWN:
        return send_json_error(r, HTTP_NOT_FOUND, "InvalidUser",
                               "The user is not known here.");
    case AD_VERDICT_UNAVAILABLE:
        return ad_user_unavailable(r);
    case AD_VERDICT_SETTINGS:
        break;
    }
    if (proto == AD_V2_AUTODISCOVERV1)
        return send_url(r, proto, ad_pox_url(r, c));
    /* The user's URL, or the scope's when the user has none. */
    url = service_url(d.prof, proto);
    if (!url)
        url = service_url(prof, proto);
    return send_url(r, proto, ad_tmpl_expand_raw(r->pool, url, &v));
}
