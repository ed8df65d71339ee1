/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Helpers every content handler shares (see include/ad_request.h). */
#include <string.h>
#include <apr_strings.h>
#include <apr_buckets.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "util_filter.h"
#include "mod_autodiscover.h"
#include "ad_request.h"
#include "ad_query.h"
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

int ad_handler_begin(request_rec *r, const char *handler, ad_endpoint_e endpoint,
                     int method, ad_dir_conf_t **c)
{
    if (!r->handler || strcmp(r->handler, handler) != 0)
        return DECLINED;
    if (ad_endpoint(r->uri) != endpoint)
        return HTTP_NOT_FOUND;
    static const ad_family_e family[] = {
        [AD_EP_POX] = AD_FAM_POX, [AD_EP_JSON] = AD_FAM_V2, [AD_EP_SOAP] = AD_FAM_SOAP,
        [AD_EP_AUTOCONFIG] = AD_FAM_AUTOCONFIG, [AD_EP_MOBILECONFIG] = AD_FAM_MOBILECONFIG,
        [AD_EP_CALDAV] = AD_FAM_DAV, [AD_EP_CARDDAV] = AD_FAM_DAV, [AD_EP_PACC] = AD_FAM_PACC
    };

    *c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ap_allow_standard_methods(r, REPLACE_ALLOW, method, -1);
    ad_no_store(r);
    ad_count_family(r, family[endpoint]);
    return OK;
}

void ad_no_store(request_rec *r)
{
    /* Answers are per address, and some per user: no shared cache keeps
     * one, and no browser stores it. On errors and redirects too. */
    apr_table_setn(r->err_headers_out, "Cache-Control", "private, no-store");
}

int ad_get_only(request_rec *r)
{
    if (r->method_number != M_GET)  /* GET and HEAD */
        return HTTP_METHOD_NOT_ALLOWED;
    return ap_discard_request_body(r);
}

/* The answer lives in the request pool: pass it as a pool bucket, no copy.
 * It is complete, so flush it: otherwise the core output filter holds an
 * answer under 4 KiB until the MPM has looked for a pipelined request (a
 * read that fails with EAGAIN), and a keep-alive client waits for that. */
int ad_send(request_rec *r, const char *type, const char *data, apr_size_t len)
{
    apr_bucket_brigade *bb = apr_brigade_create(r->pool, r->connection->bucket_alloc);
    apr_status_t rv;

    ap_set_content_type(r, type);
    ap_set_content_length(r, len);
    if (!r->header_only)
        APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_pool_create(data, len, r->pool,
                                                           bb->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_flush_create(bb->bucket_alloc));
    APR_BRIGADE_INSERT_TAIL(bb, apr_bucket_eos_create(bb->bucket_alloc));
    rv = ap_pass_brigade(r->output_filters, bb);
    if (rv != APR_SUCCESS && !r->connection->aborted)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, rv, r, APLOGNO(77031)
                      "sending the answer failed");
    return OK;
}

int ad_send_buf(request_rec *r, const char *type, const ad_buf_t *b)
{
    return ad_send(r, type, b->data, b->len);
}

int ad_read_body(request_rec *r, apr_off_t limit, ad_buf_t *out)
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

int ad_query_param(request_rec *r, const char *name, apr_size_t max,
                   const char **value)
{
    const char *why = ad_query_get(r->pool, r->args, name, max, value);

    if (why) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77080)
                      "query parameter %s refused: %s", name, why);
        return HTTP_BAD_REQUEST;
    }
    return OK;
}

const ad_redirect_t *ad_find_redirect(const ad_dir_conf_t *c, const char *domain)
{
    return ad_conf_redirects(c) ? apr_hash_get(ad_conf_redirects(c), domain, APR_HASH_KEY_STRING)
                        : NULL;
}

int ad_domain_accepted(const ad_dir_conf_t *c, const char *domain)
{
    return AD_ANY_DOMAIN(c)
        || (ad_conf_domains(c) && apr_hash_get(ad_conf_domains(c), domain, APR_HASH_KEY_STRING));
}

const ad_profile_t *ad_compiled_profile(request_rec *r, const ad_dir_conf_t *c)
{
    ad_profile_t *prof = ad_conf_profile(c);

    if (!prof->compiled) {
        prof = apr_pmemdup(r->pool, prof, sizeof(*prof));
        ad_profile_compile(r->pool, prof);
    }
    return prof;
}

apr_size_t ad_answer_cap(apr_size_t request_len)
{
    apr_size_t cap = 10 * request_len;

    return cap > AD_MIN_ANSWER_CAP ? cap : AD_MIN_ANSWER_CAP;
}

apr_size_t ad_size_hint(const ad_tmpl_t *f)
{
    return (f ? f->literal_len : 0) + 8 * (AD_MAX_ADDRESS + 1);
}

int ad_names_vhost(const server_rec *s, const char *host)
{
    const apr_array_header_t *lists[2] = { s->names, s->wild_names };
    int i, k;

    if (s->server_hostname && !strcasecmp(host, s->server_hostname))
        return 1;
    for (k = 0; k < 2; k++) {
        const char *const *name = lists[k] ? (const char *const *)lists[k]->elts : NULL;
        for (i = 0; name && i < lists[k]->nelts; i++)
            if (k == 0 ? !strcasecmp(host, name[i]) : !ap_strcasecmp_match(host, name[i]))
                return 1;
    }
    return 0;
}

const char *ad_host(request_rec *r)
{
    if (r->hostname && ad_names_vhost(r->server, r->hostname))
        return r->hostname;
    return r->server->server_hostname ? r->server->server_hostname : "localhost";
}

const char *ad_origin(request_rec *r, const ad_dir_conf_t *c)
{
    apr_port_t port = 443;

    if (ad_conf_service_origin(c))
        return ad_conf_service_origin(c);
    /* Over https, the port the client reached (the vhost's own when its
     * ServerName names one); over http, https's default. Never the
     * port of a Host header. */
    if (strcmp(ap_http_scheme(r), "https") == 0)
        port = r->server->port ? r->server->port : r->connection->local_addr->port;
    return port == 443 ? apr_pstrcat(r->pool, "https://", ad_host(r), NULL)
                       : apr_psprintf(r->pool, "https://%s:%u", ad_host(r), port);
}

const char *ad_pox_url(request_rec *r, const ad_dir_conf_t *c)
{
    if (ad_conf_service_uri(c))
        return ad_conf_service_uri(c);
    return apr_pstrcat(r->pool, ad_origin(r, c), "/autodiscover/autodiscover.xml",
                       NULL);
}

const char *ad_url_origin(apr_pool_t *p, const char *url)
{
    const char *s = strstr(url, "://");

    if (!s)
        return url;
    s += 3;
    return apr_pstrmemdup(p, url, (s - url) + strcspn(s, "/?#"));
}

const char *ad_request_domain(request_rec *r)
{
    const char *host = ad_host(r), *local, *domain;

    host += ad_discovery_label(host);
    if (ad_address_split(r->pool, apr_pstrcat(r->pool, "x@", host, NULL), &local, &domain))
        return NULL;
    return domain;
}
