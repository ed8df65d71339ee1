/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The request path: ad_fixups() claims /autodiscover/autodiscover.xml (any
 * letter case) where "Autodiscover On" applies, and every path under
 * /autodiscover/ where "AutodiscoverHTTPRedirect" applies. ad_pox_handler()
 * reads the bounded body, parses it, decides (owner, redirects, domains) and
 * writes one response. ad_redirect_handler() answers 302 to https.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_buckets.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_handler.h"
#include "ad_autoconfig.h"

APLOG_USE_MODULE(autodiscover);

#define POX_PATH      "/autodiscover/autodiscover.xml"
/* Thunderbird's two locations, and the one some Android apps use. */
static const char *const autoconfig_paths[] = {
    "/mail/config-v1.1.xml",
    "/.well-known/autoconfig/mail/config-v1.1.xml",
    "/v1.1/mail/config-v1.1.xml",
    NULL
};
#define PREFIX        "/autodiscover/"
#define CONTENT_TYPE  "text/xml; charset=utf-8"

static int is_pox_path(const char *uri)
{
    return uri && strcasecmp(uri, POX_PATH) == 0;
}

static int is_autoconfig_path(const char *uri)
{
    int i;

    for (i = 0; uri && autoconfig_paths[i]; i++) {
        if (strcasecmp(uri, autoconfig_paths[i]) == 0)
            return 1;
    }
    return 0;
}

static int is_under_prefix(const char *uri)
{
    return uri && (strncasecmp(uri, PREFIX, sizeof(PREFIX) - 1) == 0
                   || strcasecmp(uri, "/autodiscover") == 0);
}

int ad_fixups(request_rec *r)
{
    ad_dir_conf_t *c = ap_get_module_config(r->per_dir_config, &autodiscover_module);

    if (!c)
        return DECLINED;
    if (AD_HTTP_REDIRECT(c) && is_under_prefix(r->uri))
        r->handler = AD_HANDLER_REDIRECT;
    else if (AD_ENABLED(c) && is_pox_path(r->uri))
        r->handler = AD_HANDLER_POX;
    else if (AD_ENABLED(c) && is_autoconfig_path(r->uri))
        r->handler = AD_HANDLER_AUTOCONFIG;
    return DECLINED;
}

/* ------------------------------------------------------------- responses */

/* The answer lives in the request pool: pass it as a pool bucket, no copy. */
static int send_xml(request_rec *r, const ad_buf_t *b)
{
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_status_t rv;

    ap_set_content_type(r, CONTENT_TYPE);
    ap_set_content_length(r, b->len);
    if (!r->header_only)
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(b->data, b->len, r->pool,
                                                           bb->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    rv = ap_pass_brigade(r->output_filters, bb);
    if (rv != APR_SUCCESS && !r->connection->aborted)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, APLOGNO(77031)
                      "sending the answer failed");
    return OK;
}

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

    ad_buf_init(&b, r->pool, 512);
    ad_pox_render_error(&b, mobilesync, code, &e);
    return send_xml(r, &b);
}

static const char *culture(const ad_dir_conf_t *c)
{
    return c->profile->culture ? c->profile->culture : AD_DEFAULT_CULTURE;
}

static int send_address_error(request_rec *r, const ad_dir_conf_t *c,
                              ad_schema_e schema, const ad_vars_t *v,
                              const char *debug)
{
    ad_error_info_t e = error_info(r, debug);
    ad_buf_t b;

    ad_buf_init(&b, r->pool, 768);
    ad_pox_render_address_error(&b, schema, AD_ERR_NOT_FOUND, &e, v, culture(c));
    return send_xml(r, &b);
}

/* ------------------------------------------------------------ body input */

/*
 * Read the whole body (Content-Length or chunked) into the request pool,
 * at most limit bytes. Returns OK, or the HTTP status to answer with.
 */
static int read_body(request_rec *r, apr_off_t limit, ad_buf_t *out)
{
    const char *cl = apr_table_get(r->headers_in, "Content-Length");
    apr_bucket_brigade *bb;
    apr_off_t declared = 0;
    int seen_eos = 0;

    if (cl) {
        char *end;
        if (apr_strtoff(&declared, cl, &end, 10) != APR_SUCCESS || *end
            || declared < 0)
            return HTTP_BAD_REQUEST;    /* HTTP_IN refuses these first */
        if (declared > limit) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77010)
                          "request body of %" APR_OFF_T_FMT " bytes exceeds "
                          AD_D_MAX_BODY " %" APR_OFF_T_FMT, declared, limit);
            return HTTP_REQUEST_ENTITY_TOO_LARGE;
        }
    }
    ad_buf_init(out, r->pool, declared ? (apr_size_t)declared + 1 : 1024);
    bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    do {
        apr_bucket *e;
        apr_status_t rv = ap_get_brigade(r->input_filters, bb, AP_MODE_READBYTES,
                                         APR_BLOCK_READ, HUGE_STRING_LEN);
        if (rv != APR_SUCCESS) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, rv, r, APLOGNO(77011)
                          "reading the request body failed");
            return ap_map_http_request_error(rv, HTTP_BAD_REQUEST);
        }
        for (e = APR_BRIGADE_FIRST(bb); e != APR_BRIGADE_SENTINEL(bb);
             e = APR_BUCKET_NEXT(e)) {
            const char *data;
            apr_size_t len;

            if (APR_BUCKET_IS_EOS(e)) {
                seen_eos = 1;
                break;
            }
            if (APR_BUCKET_IS_METADATA(e))
                continue;
            rv = apr_bucket_read(e, &data, &len, APR_BLOCK_READ);
            if (rv != APR_SUCCESS) {
                ap_log_rerror(APLOG_MARK, APLOG_INFO, rv, r, APLOGNO(77012)
                              "reading the request body failed");
                return HTTP_BAD_REQUEST;
            }
            if ((apr_off_t)(out->len + len) > limit) {
                ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77013)
                              "request body exceeds " AD_D_MAX_BODY " %"
                              APR_OFF_T_FMT, limit);
                return HTTP_REQUEST_ENTITY_TOO_LARGE;
            }
            ad_buf_add(out, data, len);
        }
        apr_brigade_cleanup(bb);
    } while (!seen_eos);
    return OK;
}

/* ------------------------------------------------------------- decisions */

static const ad_redirect_t *find_redirect(const ad_dir_conf_t *c,
                                          const char *domain)
{
    return c->redirects ? apr_hash_get(c->redirects, domain, APR_HASH_KEY_STRING)
                        : NULL;
}

static int domain_accepted(const ad_dir_conf_t *c, const char *domain)
{
    return AD_ANY_DOMAIN(c)
        || (c->domains && apr_hash_get(c->domains, domain, APR_HASH_KEY_STRING));
}

static int answer_redirect(request_rec *r, const ad_dir_conf_t *c,
                           const ad_pox_request_t *q, const ad_vars_t *v,
                           const ad_redirect_t *rd)
{
    ad_buf_t b;

    ad_buf_init(&b, r->pool, 640);
    if (rd->kind == AD_REDIRECT_ADDR) {
        const char *to = apr_pstrcat(r->pool, q->local, "@", rd->target, NULL);
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77020)
                      "redirectAddr %s -> %s", q->address, to);
        ad_pox_render_redirect_addr(&b, q->schema, v, to, culture(c));
        return send_xml(r, &b);
    }
    {
        const char *url = rd->target ? rd->target : c->service_uri;
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77021)
                      "redirectUrl for domain %s -> %s", q->domain, url);
        /* MobileSync has no URL redirect element: HTTP 302 is its way. */
        if (rd->http || q->schema == AD_SCHEMA_MOBILESYNC) {
            apr_table_setn(r->headers_out, "Location", url);
            return HTTP_MOVED_TEMPORARILY;
        }
        ad_pox_render_redirect_url(&b, url);
        return send_xml(r, &b);
    }
}

/* The scope's profile with its answers compiled: at start-up, except for a
 * profile merged per request (a vhost and a <Location> both shaping it). */
static const ad_profile_t *compiled_profile(request_rec *r, const ad_dir_conf_t *c)
{
    ad_profile_t *prof = c->profile;

    if (!prof->compiled) {
        prof = apr_pmemdup(r->pool, prof, sizeof(*prof));
        ad_profile_compile(r->pool, prof);
    }
    return prof;
}

/* Enough for the compiled answer and a few long addresses: one allocation. */
static apr_size_t size_hint(const ad_tmpl_t *f)
{
    return (f ? f->literal_len : 0) + 8 * (AD_MAX_ADDRESS + 1);
}

static int answer(request_rec *r, const ad_dir_conf_t *c,
                  const ad_pox_request_t *q)
{
    const ad_redirect_t *rd;
    const ad_profile_t *prof;
    ad_vars_t v;
    ad_buf_t b;

    ad_vars_set(&v, r->pool, q->address, q->local, q->domain);

    if (c->owner) {
        const char *owner = ad_tmpl_expand_raw(r->pool, c->owner, &v);
        if (!r->user || strcasecmp(r->user, owner) != 0) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77022)
                          "user '%s' is not the owner of %s (expected '%s')",
                          r->user ? r->user : "", q->address, owner);
            return send_address_error(r, c, q->schema, &v, "NotOwner");
        }
    }
    if ((rd = find_redirect(c, q->domain)))
        return answer_redirect(r, c, q, &v, rd);
    if (!domain_accepted(c, q->domain)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77023)
                      "domain %s is not served here", q->domain);
        if (AD_FOREIGN(c) == AD_FOREIGN_NOTFOUND)
            return HTTP_NOT_FOUND;
        return send_address_error(r, c, q->schema, &v, "DomainNotServed");
    }
    if ((rd = find_redirect(c, "*")))
        return answer_redirect(r, c, q, &v, rd);

    prof = compiled_profile(r, c);
    ad_buf_init(&b, r->pool, size_hint(q->schema == AD_SCHEMA_MOBILESYNC
                                       ? prof->compiled_mobilesync
                                       : prof->compiled_outlook));
    if (!ad_pox_render_settings(&b, prof, q->schema, &v)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77024)
                      "nothing is configured for the %s schema here",
                      q->schema == AD_SCHEMA_MOBILESYNC ? "MobileSync" : "Outlook");
        return send_error(r, q->schema == AD_SCHEMA_MOBILESYNC, AD_ERR_SCHEMA);
    }
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77025)
                  "%s settings for %s",
                  q->schema == AD_SCHEMA_MOBILESYNC ? "MobileSync" : "Outlook",
                  q->address);
    return send_xml(r, &b);
}

int ad_pox_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    ad_pox_request_t q;
    ad_buf_t body;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_POX) != 0)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    if (!is_pox_path(r->uri))
        return HTTP_NOT_FOUND;      /* SetHandler over a wider location */

    ap_allow_standard_methods(r, REPLACE_ALLOW, M_POST, -1);
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

    if ((rv = read_body(r, AD_MAX_BODY(c), &body)) != OK)
        return rv;
    ad_pox_parse(r->pool, body.data, body.len, &q);
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

/* ------------------------------------------------- Thunderbird autoconfig */

/* The value of the emailaddress parameter, decoded; NULL when absent.
 * Returns HTTP_BAD_REQUEST for a malformed one. '+' stays '+': addresses
 * hold it, and clients percent-encode spaces. */
static int autoconfig_address(request_rec *r, const char **address)
{
    char *args, *pair, *last;

    *address = NULL;
    if (!r->args)
        return OK;
    args = apr_pstrdup(r->pool, r->args);
    for (pair = apr_strtok(args, "&", &last); pair; pair = apr_strtok(NULL, "&", &last)) {
        char *value = strchr(pair, '=');
        if (!value || (apr_size_t)(value - pair) != sizeof("emailaddress") - 1
            || strncasecmp(pair, "emailaddress", value - pair) != 0)
            continue;
        value++;
        if (strlen(value) > 3 * AD_MAX_ADDRESS || ap_unescape_url(value) != OK)
            return HTTP_BAD_REQUEST;
        *address = value;
        return OK;
    }
    return OK;
}

int ad_autoconfig_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    const char *address, *local, *domain, *why;
    ad_vars_t v;
    ad_buf_t b;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_AUTOCONFIG) != 0)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    if (!is_autoconfig_path(r->uri))
        return HTTP_NOT_FOUND;      /* SetHandler over a wider location */
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    if (r->method_number != M_GET)  /* GET and HEAD */
        return HTTP_METHOD_NOT_ALLOWED;
    if ((rv = ap_discard_request_body(r)) != OK)
        return rv;

    if ((rv = autoconfig_address(r, &address)) != OK) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77032)
                      "autoconfig: malformed emailaddress parameter");
        return rv;
    }
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
         * DOMAIN itself; the client fills in the placeholders. */
        const char *host = r->hostname ? r->hostname : "";
        if (strncasecmp(host, "autoconfig.", sizeof("autoconfig.") - 1) == 0)
            host += sizeof("autoconfig.") - 1;
        if ((why = ad_address_split(r->pool, apr_pstrcat(r->pool, "x@", host, NULL),
                                    &local, &domain))) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77034)
                          "autoconfig: no emailaddress and no usable host name");
            return HTTP_NOT_FOUND;
        }
        ad_autoconfig_vars_unknown(&v, r->pool, domain);
    }
    if (!domain_accepted(c, domain)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77035)
                      "autoconfig: domain %s is not served here", domain);
        return HTTP_NOT_FOUND;
    }
    prof = compiled_profile(r, c);
    if (!prof->compiled_autoconfig) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77036)
                      "autoconfig: no incoming and outgoing server configured here");
        return HTTP_NOT_FOUND;
    }
    ad_buf_init(&b, r->pool, size_hint(prof->compiled_autoconfig));
    ad_tmpl_expand_xml(&b, prof->compiled_autoconfig, &v);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77037)
                  "autoconfig for %s", v.value[AD_SEG_ADDRESS]);
    return send_xml(r, &b);
}
