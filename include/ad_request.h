/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * What every content handler shares: sending a finished answer, reading a
 * bounded body, query parameters, and the scope decisions (domains,
 * redirects, the compiled profile).
 */
#ifndef AD_REQUEST_H
#define AD_REQUEST_H

#include "httpd.h"
#include "ad_config.h"
#include "ad_endpoint.h"

#define AD_TYPE_XML  "text/xml; charset=utf-8"
#define AD_TYPE_JSON "application/json; charset=utf-8"

/*
 * The start of every content handler: DECLINED when r is not for handler;
 * HTTP_NOT_FOUND when its path is not endpoint (SetHandler over a wider
 * location); otherwise OK, with Allow set to method and *c the scope.
 */
int ad_handler_begin(request_rec *r, const char *handler, ad_endpoint_e endpoint,
                     int method, ad_dir_conf_t **c);

/* Cache-Control: private, no-store on the answer, whatever its status
 * (ad_handler_begin() sets it). */
void ad_no_store(request_rec *r);

/* GET and HEAD only: OK with the body discarded, or the status to answer. */
int ad_get_only(request_rec *r);

/* Send len bytes from the request pool as the whole answer; returns OK. */
int ad_send(request_rec *r, const char *type, const char *data, apr_size_t len);
int ad_send_buf(request_rec *r, const char *type, const ad_buf_t *b);

/* Read the whole body, at most limit bytes. OK, or the status to answer. */
int ad_read_body(request_rec *r, apr_off_t limit, ad_buf_t *out);

/*
 * The first query parameter called name (compared case-insensitively),
 * percent-decoded; '+' stays '+' (addresses hold it). *value is NULL when
 * the parameter is absent. Returns OK, or HTTP_BAD_REQUEST (logged) when
 * ad_query_get() refuses the value: too long, a bad escape, not UTF-8.
 */
int ad_query_param(request_rec *r, const char *name, apr_size_t max,
                   const char **value);

const ad_redirect_t *ad_find_redirect(const ad_dir_conf_t *c, const char *domain);
int ad_domain_accepted(const ad_dir_conf_t *c, const char *domain);

/* The scope's profile with its answers compiled: at start-up, except for a
 * profile merged per request (a vhost and a <Location> both shaping it). */
const ad_profile_t *ad_compiled_profile(request_rec *r, const ad_dir_conf_t *c);

/* The largest answer a request may get: 10 times its own size, at least
 * 16 KiB, so that no request amplifies much (SOAP's is the one whose size
 * the client chooses). */
#define AD_MIN_ANSWER_CAP 16384
apr_size_t ad_answer_cap(apr_size_t request_len);

/* Enough for a compiled answer and a few long addresses: one allocation. */
apr_size_t ad_size_hint(const ad_tmpl_t *f);

/* host is one of the names of s: its ServerName or a ServerAlias,
 * wildcards included. */
int ad_names_vhost(const server_rec *s, const char *host);

/* The host name the client asked (Host), when it is one of the vhost's
 * names (ServerName, ServerAlias with wildcards); else the ServerName. */
const char *ad_host(request_rec *r);
/* The mail domain a request without an address is for: ad_host() less its
 * discovery label (autodiscover., autoconfig., ua-auto-config.), checked
 * and in lower case; NULL when that is no domain name. */
const char *ad_request_domain(request_rec *r);

/* https://host[:port] of this service: AutodiscoverServiceURI's, or built
 * from ad_host() and the port the connection reached (https), or 443. */
const char *ad_origin(request_rec *r, const ad_dir_conf_t *c);

/* scheme://host[:port] of an absolute URL. */
const char *ad_url_origin(apr_pool_t *p, const char *url);

/* The https URL of this server's POX endpoint: AutodiscoverServiceURI, or
 * built from the host name of the request. */
const char *ad_pox_url(request_rec *r, const ad_dir_conf_t *c);

#endif
