/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * POX Autodiscover at /autodiscover/autodiscover.xml: reads the bounded
 * body, parses it, decides (owner, redirects, domains) and writes one
 * Outlook or MobileSync answer.
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

APLOG_USE_MODULE(autodiscover);

/* ------------------------------------------------------------- responses */

static ad_error_info_t error_info(request_rec *r, const char *debug)
{
    ad_srv_conf_t *srv = ap_get_module_config(r->server->module_config,
                                              &autodiscover_module);
    ad_error_info_t e;
    apr_time_exp_t t;

    apr_time_exp_gmt(&t, r->request_time);
    e.time = apr_psprintf(r->pool, "%02d:%02d:%02d.%06d",
                          t.tm_hour, t.tm_min, t.tm_sec, t.tm_usec);
    e.id = srv->error_id;
    e.debug = debug;
    return e;
}

static int send_error(request_rec *r, int mobilesync, int code)
{
    ad_error_info_t e = error_info(r, NULL);
    ad_buf_t b;

    ad_count_outcome(r, AD_OUT_ERROR);
    ad_buf_init(&b, r->pool, 512);
    ad_pox_render_error(&b, mobilesync, code, &e);
    return ad_send_buf(r, AD_TYPE_XML, &b);
}

static const char *culture(const ad_dir_conf_t *c)
{
    return ad_profile_culture(ad_conf_profile(c));
}

static int send_address_error(request_rec *r, const ad_dir_conf_t *c,
                              ad_schema_e schema, const ad_vars_t *v,
                              const char *debug)
{
    ad_error_info_t e = error_info(r, debug);
    ad_buf_t b;

    ad_buf_init(&b, r->pool, 768);
    ad_pox_render_address_error(&b, schema, AD_ERR_NOT_FOUND, &e, v, culture(c));
    return ad_send_buf(r, AD_TYPE_XML, &b);
}

/* ------------------------------------------------------------- decisions */

static int redirect_addr(request_rec *r, const ad_dir_conf_t *c,
                         const ad_pox_request_t *q, const ad_vars_t *v,
                         const char *to)
{
    ad_buf_t b;

    ad_buf_init(&b, r->pool, 640);
    ad_pox_render_redirect_addr(&b, q->schema, v, to, culture(c));
    return ad_send_buf(r, AD_TYPE_XML, &b);
}

static int redirect_url(request_rec *r, const ad_pox_request_t *q,
                        const char *url, int http)
{
    ad_buf_t b;

    /* MobileSync has no URL redirect element: HTTP 302 is its way. */
    if (http || q->schema == AD_SCHEMA_MOBILESYNC) {
        apr_table_setn(r->headers_out, "Location", url);
        return HTTP_MOVED_TEMPORARILY;
    }
    ad_buf_init(&b, r->pool, 640);
    ad_pox_render_redirect_url(&b, url);
    return ad_send_buf(r, AD_TYPE_XML, &b);
}

static int answer(request_rec *r, const ad_dir_conf_t *c,
                  const ad_pox_request_t *q)
{
    const ad_profile_t *prof;
    ad_verdict_t d;
    ad_vars_t v;
    ad_buf_t b;

    ad_vars_set(&v, r->pool, q->address, q->local, q->domain);
    ad_decide(r, c, AD_EP_POX, ad_audience(r, c, &v), &v, 1,
              q->schema == AD_SCHEMA_MOBILESYNC ? AD_FMT_MOBILESYNC : AD_FMT_OUTLOOK, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:
        return send_address_error(r, c, q->schema, &v, "NotOwner");
    case AD_VERDICT_FOREIGN:
        if (AD_FOREIGN(c) == AD_FOREIGN_NOTFOUND)
            return HTTP_NOT_FOUND;
        return send_address_error(r, c, q->schema, &v, "DomainNotServed");
    case AD_VERDICT_REDIRECT_ADDR:
        return redirect_addr(r, c, q, &v, d.target);
    case AD_VERDICT_REDIRECT_URL:
        return redirect_url(r, q, d.target, d.http);
    case AD_VERDICT_UNKNOWN:
        return send_address_error(r, c, q->schema, &v, "UnknownUser");
    case AD_VERDICT_UNAVAILABLE:
        return ad_user_unavailable(r);
    case AD_VERDICT_SETTINGS:
        break;
    }
    prof = d.prof;
    ad_buf_init(&b, r->pool, ad_size_hint(q->schema == AD_SCHEMA_MOBILESYNC
                                       ? prof->compiled_mobilesync
                                       : prof->compiled_outlook));
    if (!ad_pox_render_settings(&b, prof, q->schema, &v)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77024)
                      "nothing is configured for the %s schema here",
                      q->schema == AD_SCHEMA_MOBILESYNC ? "MobileSync" : "Outlook");
        return send_error(r, q->schema == AD_SCHEMA_MOBILESYNC, AD_ERR_SCHEMA);
    }
    return ad_send_buf(r, AD_TYPE_XML, &b);
}

int ad_pox_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    ad_pox_request_t q;
    ad_buf_t body;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_POX, AD_EP_POX, M_POST, &c)) != OK)
        return rv;
    if (r->method_number == M_GET) {    /* GET and HEAD: never settings */
        if (!r->user)
            return HTTP_METHOD_NOT_ALLOWED;
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77026)
                      "%s without a request document", r->method);
        if ((rv = ap_discard_request_body(r)) != OK)
            return rv;
        return send_error(r, 0, AD_ERR_INVALID_REQUEST);
    }
    if (r->method_number != M_POST)
        return HTTP_METHOD_NOT_ALLOWED;

    if ((rv = ad_read_body(r, AD_MAX_BODY(c), &body)) != OK)
        return rv;
    ad_pox_parse(r->pool, body.data, body.len, &q);
    if (q.mobilesync_request || (q.status == AD_PARSE_OK && q.schema == AD_SCHEMA_MOBILESYNC))
        ad_count_family(r, AD_FAM_MOBILESYNC);
    if (q.status != AD_PARSE_OK) {
        int code = q.status == AD_PARSE_SCHEMA ? AD_ERR_SCHEMA
                 : q.status == AD_PARSE_LEGACYDN ? AD_ERR_NOT_FOUND
                 : AD_ERR_INVALID_REQUEST;
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77027)
                      "request refused with error %d: %s", code, q.reason);
        return send_error(r, q.mobilesync_request, code);
    }
    return answer(r, c, &q);
}
