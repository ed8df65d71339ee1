/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * SOAP Autodiscover at /autodiscover/autodiscover.svc, POST only:
 * GetUserSettings for one or more users, with the same body limit, parser
 * hardening, owner check, domains and redirects as the POX endpoint.
 *
 * Statuses: 200 for every GetUserSettings answer, errors included (they
 * are in the document); 400 with a SOAP fault for a body that is not a
 * SOAP 1.1 envelope; 500 with a SOAP fault, as SOAP 1.1 requires, for an
 * envelope this endpoint does not serve (another operation, no Request).
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
#include "ad_soap.h"

APLOG_USE_MODULE(autodiscover);

#define POX_PATH  "/autodiscover/autodiscover.xml"
#define SOAP_PATH "/autodiscover/autodiscover.svc"

static int send_soap(request_rec *r, int status, const ad_buf_t *b)
{
    r->status = status;
    return ad_send_buf(r, AD_TYPE_XML, b);
}

/* The SOAP endpoint next to a POX URL (what AutodiscoverRedirectURL names). */
static const char *svc_url(apr_pool_t *p, const char *pox_url)
{
    apr_size_t n = strlen(pox_url), k = sizeof(POX_PATH) - 1;

    if (n >= k && strcasecmp(pox_url + n - k, POX_PATH) == 0)
        return apr_pstrcat(p, apr_pstrmemdup(p, pox_url, n - k), SOAP_PATH, NULL);
    return apr_pstrcat(p, ad_url_origin(p, pox_url), SOAP_PATH, NULL);
}

/* One UserResponse; *reported: the unknown setting names went out. */
static void answer_user(request_rec *r, const ad_dir_conf_t *c,
                        const ad_soap_request_t *q, const char *mailbox,
                        ad_buf_t *b, int *reported)
{
    const char *local, *domain, *why = "none given";
    ad_verdict_t d;
    ad_vars_t v;

    if (!mailbox || (why = ad_address_split(r->pool, mailbox, &local, &domain))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77044)
                      "SOAP: mailbox refused: %s", why);
        ad_count_outcome(r, AD_OUT_ERROR);
        ad_soap_render_user_error(b, "InvalidUser", "The user is not valid.", NULL);
        return;
    }
    ad_vars_set(&v, r->pool, apr_pstrcat(r->pool, local, "@", domain, NULL),
                local, domain);
    ad_decide(r, c, AD_EP_SOAP, ad_audience(r, c, &v), &v, 1, AD_FMT_SOAP, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:
        ad_soap_render_user_error(b, "InvalidUser", "The user is not valid.", NULL);
        return;
    case AD_VERDICT_FOREIGN:
    case AD_VERDICT_UNKNOWN:
        ad_soap_render_user_error(b, "InvalidUser", "The user was not found.", NULL);
        return;
    case AD_VERDICT_REDIRECT_ADDR:
        ad_soap_render_user_error(b, "RedirectAddress", "The user has moved.", d.target);
        return;
    case AD_VERDICT_REDIRECT_URL:
        ad_soap_render_user_error(b, "RedirectUrl", "The user is served elsewhere.",
                                  svc_url(r->pool, d.target));
        return;
    case AD_VERDICT_UNAVAILABLE:
        ad_soap_render_user_error(b, "ServerBusy", "The directory is unavailable; "
                                  "try again later.", NULL);
        return;
    case AD_VERDICT_SETTINGS:
        break;
    }
    ad_soap_render_user(b, d.prof, q->settings, &v, !*reported);
    *reported = 1;
}

int ad_soap_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const ad_profile_t *prof;
    ad_soap_request_t q;
    ad_buf_t body, b;
    apr_size_t cap;
    int rv, i, reported = 0;

    if ((rv = ad_handler_begin(r, AD_HANDLER_SOAP, AD_EP_SOAP, M_POST, &c)) != OK)
        return rv;
    if (r->method_number != M_POST)
        return HTTP_METHOD_NOT_ALLOWED;
    if ((rv = ad_read_body(r, AD_MAX_BODY(c), &body)) != OK)
        return rv;

    ad_soap_parse(r->pool, body.data, body.len, &q);
    prof = ad_compiled_profile(r, c);
    ad_buf_init(&b, r->pool, 1024);
    switch (q.status) {
    case AD_SOAP_MALFORMED:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77047)
                      "SOAP: request refused: %s", q.reason);
        ad_soap_render_fault_client(&b, "The request is not a SOAP 1.1 "
                                        "Autodiscover message.");
        return send_soap(r, HTTP_BAD_REQUEST, &b);
    case AD_SOAP_UNSUPPORTED:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77048)
                      "SOAP: operation not served");
        ad_soap_render_fault_action(&b, q.action);
        return send_soap(r, HTTP_INTERNAL_SERVER_ERROR, &b);
    case AD_SOAP_BAD_BODY:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77049)
                      "SOAP: request refused: %s", q.reason);
        ad_soap_render_fault_client(&b, "The GetUserSettings request has no Request.");
        return send_soap(r, HTTP_INTERNAL_SERVER_ERROR, &b);
    case AD_SOAP_TOO_MANY:
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77050)
                      "SOAP: request refused: %s", q.reason);
        ad_count_outcome(r, AD_OUT_ERROR);
        ad_soap_render_request_error(&b, prof, "InvalidRequest",
            "A request names at most 100 users and 100 settings.");
        return send_soap(r, HTTP_OK, &b);
    case AD_SOAP_OK:
        break;
    }
    if (q.mailboxes->nelts == 0 || q.settings->nelts == 0) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77051)
                      "SOAP: request without users or settings");
        ad_count_outcome(r, AD_OUT_ERROR);
        ad_soap_render_request_error(&b, prof, "InvalidRequest",
            "The request names no user or no setting.");
        return send_soap(r, HTTP_OK, &b);
    }

    cap = ad_answer_cap(body.len);
    ad_buf_init(&b, r->pool, 2048);
    ad_soap_render_begin(&b, prof);
    for (i = 0; i < q.mailboxes->nelts; i++) {
        answer_user(r, c, &q, APR_ARRAY_IDX(q.mailboxes, i, const char *), &b, &reported);
        if (b.len > cap) {
            ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77084)
                          "SOAP: the answer to %d users would exceed %" APR_SIZE_T_FMT
                          " bytes (10 times the request's, at least 16 KiB): refused",
                          q.mailboxes->nelts, cap);
            ad_buf_init(&b, r->pool, 1024);
            ad_soap_render_request_error(&b, prof, "InvalidRequest",
                "The answer would be too large; ask for fewer users or settings.");
            return send_soap(r, HTTP_OK, &b);
        }
    }
    ad_soap_render_end(&b);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77052)
                  "SOAP: GetUserSettings for %d users, %d settings",
                  q.mailboxes->nelts, q.settings->nelts);
    return send_soap(r, HTTP_OK, &b);
}
