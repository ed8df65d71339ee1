/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * PACC (draft-ietf-mailmaint-pacc): GET
 * https://ua-auto-config.DOMAIN/.well-known/user-agent-configuration.json,
 * the same bytes for every client of a domain: the domain comes from the
 * host name asked (ua-auto-config.DOMAIN, or DOMAIN itself), nothing from
 * the query or from credentials. Clients hash the body and compare it with
 * the TXT record _ua-auto-config.DOMAIN, so no filter may change it.
 */
#include <string.h>
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
#include "ad_pacc.h"

APLOG_USE_MODULE(autodiscover);

/* The body must reach the client as hashed: mod_deflate and mod_brotli
 * skip a request with these set (a client hashing a decoded body would
 * still match, but one that does not would refuse it). */
static void keep_bytes(request_rec *r)
{
    apr_table_setn(r->subprocess_env, "no-gzip", "1");
    apr_table_setn(r->subprocess_env, "no-brotli", "1");
}

int ad_pacc_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const char *domain, *doc;
    apr_size_t len;
    ad_verdict_t d;
    ad_vars_t v;
    int rv;

    if ((rv = ad_handler_begin(r, AD_HANDLER_PACC, AD_EP_PACC, M_GET, &c)) != OK
        || (rv = ad_get_only(r)) != OK)
        return rv;
    if (!(domain = ad_request_domain(r))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77100)
                      "PACC: no usable host name");
        return HTTP_NOT_FOUND;
    }
    ad_autoconfig_vars_unknown(&v, r->pool, domain);
    ad_decide(r, c, AD_EP_PACC, ad_audience(r, c, &v), &v, 0 /* per domain */,
              AD_FMT_PACC, &d);
    if (d.kind != AD_VERDICT_SETTINGS)
        return HTTP_NOT_FOUND;          /* a domain not served here */
    if (!d.prof->compiled_pacc) {
        const char *why = ad_pacc_none(r->pool, d.prof);
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77101)
                      "PACC: no document for %s: %s (see the start-up warning)",
                      domain, why ? why : "not compiled");
        return HTTP_NOT_FOUND;
    }
    doc = ad_pacc_document(r->pool, d.prof->compiled_pacc, domain, &len);
    keep_bytes(r);
    /* Browser-based clients may read it from any origin: it is public. */
    apr_table_setn(r->headers_out, "Access-Control-Allow-Origin", "*");
    return ad_send(r, AD_PACC_TYPE, doc, len);
}
