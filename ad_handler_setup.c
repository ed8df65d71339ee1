/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The setup page for people, only where the administrator puts it
 * (SetHandler autodiscover-setup, typically <Location /mail-setup> on
 * https://autoconfig.DOMAIN/), GET only. Without an address, a form; with
 * ?emailaddress=, what the address gets here: the same decision every
 * endpoint takes (ad_decide), for whoever visits, in this scope's
 * configuration. A stranger is shown the plain answer, the owner (or any
 * authenticated user where no AutodiscoverOwner applies) the directory
 * answer, as the v2, autoconfig and Apple profile endpoints answer them:
 * nothing a client would not be told. Rendering: ad_render_setup.c.
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
#include "ad_decide.h"
#include "ad_signer.h"
#include "ad_setup.h"

APLOG_USE_MODULE(autodiscover);

#define PAGE_TYPE "text/html; charset=utf-8"

/* What a browser may do with the page: show it, its inline style and its
 * embedded logo; nothing else is fetched, no script runs, no frame holds
 * it, and the form posts only here. */
#define PAGE_POLICY "default-src 'none'; img-src data:; style-src 'unsafe-inline'; " \
                    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

/* scheme://host[:port] of this page: the vetted host name (ad_host), the
 * scheme and port this connection came in on; the profile links point
 * here, to the same configuration. */
static const char *page_origin(request_rec *r)
{
    const char *scheme = ap_http_scheme(r);
    apr_port_t port = r->server->port ? r->server->port : r->connection->local_addr->port;

    if (port == ap_default_port(r))
        return apr_pstrcat(r->pool, scheme, "://", ad_host(r), NULL);
    return apr_psprintf(r->pool, "%s://%s:%u", scheme, ad_host(r), port);
}

/* The signer's common name, as a device shows it ("signed by ..."). */
static const char *signer_name(apr_pool_t *p, const ad_dir_conf_t *c)
{
    const char *subject, *cn;

    if (!ad_conf_signer(c))
        return NULL;
    subject = ad_signer_subject(ad_conf_signer(c));
    if (!(cn = strstr(subject, "/CN=")))
        return subject;
    cn += 4;
    return apr_pstrmemdup(p, cn, strcspn(cn, "/"));
}

static int status_of(ad_setup_state_e state)
{
    switch (state) {
    case AD_SETUP_BAD_ADDRESS:
        return HTTP_BAD_REQUEST;
    case AD_SETUP_OFF:
    case AD_SETUP_EMPTY:
    case AD_SETUP_FOREIGN:
    case AD_SETUP_UNKNOWN:
        return HTTP_NOT_FOUND;
    case AD_SETUP_UNAVAILABLE:
        return HTTP_SERVICE_UNAVAILABLE;
    default:
        return HTTP_OK;
    }
}

/* The verdict for the address in v, in the page's terms. */
static void decide(request_rec *r, const ad_dir_conf_t *c, const ad_vars_t *v,
                   ad_setup_view_t *view)
{
    ad_verdict_t d;

    ad_decide(r, c, AD_EP_SETUP, ad_audience(r, c, v), v, 1,
              AD_FMT_OUTLOOK | AD_FMT_AUTOCONFIG | AD_FMT_MOBILECONFIG, &d);
    switch (d.kind) {
    case AD_VERDICT_NOT_OWNER:          /* not for this endpoint */
    case AD_VERDICT_FOREIGN:
        view->state = AD_SETUP_FOREIGN;
        break;
    case AD_VERDICT_UNKNOWN:
        view->state = AD_SETUP_UNKNOWN;
        break;
    case AD_VERDICT_UNAVAILABLE:
        view->state = AD_SETUP_UNAVAILABLE;
        apr_table_setn(r->err_headers_out, "Retry-After", "30");
        break;
    case AD_VERDICT_REDIRECT_ADDR:
        view->state = AD_SETUP_MOVED;
        view->target = d.target;
        break;
    case AD_VERDICT_REDIRECT_URL:
        /* Only the host: the URL is that server's own business. */
        view->state = AD_SETUP_ELSEWHERE;
        view->target = ad_url_origin(r->pool, d.target);
        if (!strncasecmp(view->target, "https://", 8))
            view->target += 8;
        break;
    case AD_VERDICT_SETTINGS:
        view->prof = d.prof;
        view->personal = d.personal;
        view->state = ad_profile_is_empty(d.prof) ? AD_SETUP_EMPTY : AD_SETUP_SETTINGS;
        break;
    }
}

int ad_setup_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    ad_setup_view_t view;
    const char *asked = NULL, *local, *domain, *why;
    ad_vars_t v;
    ad_buf_t b;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_SETUP) != 0)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    ad_no_store(r);
    if ((rv = ad_get_only(r)) != OK)
        return rv;

    memset(&view, 0, sizeof(view));
    view.conf = ad_conf_setup(c);
    view.provider = ad_profile_provider_name(ad_conf_profile(c));
    view.documentation_url = ad_conf_profile(c)->documentation_url;
    view.origin = page_origin(r);
    view.signer = signer_name(r->pool, c);
    if (ad_query_param(r, "emailaddress", 3 * AD_MAX_ADDRESS, &asked) != OK) {
        asked = NULL;                           /* logged; not echoed */
        view.state = AD_SETUP_BAD_ADDRESS;
    }
    else if (!AD_ENABLED(c)) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77280)
                      "setup page: " AD_D_ENABLE " is off here; put the page where "
                      AD_D_ENABLE " On applies");
        view.state = AD_SETUP_OFF;
    }
    else if (!asked || !*asked)
        view.state = AD_SETUP_FORM;
    else if ((why = ad_address_split(r->pool, asked, &local, &domain))) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77281)
                      "setup page: emailaddress refused: %s", why);
        view.state = AD_SETUP_BAD_ADDRESS;
    }
    else {
        ad_vars_set(&v, r->pool, apr_pstrcat(r->pool, local, "@", domain, NULL), local, domain);
        view.v = &v;
        decide(r, c, &v, &view);
    }
    view.asked = asked;

    ad_buf_init(&b, r->pool, 24576);
    if ((why = ad_setup_render(&b, &view)))
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, APLOGNO(77282)
                      "setup page: no QR code for %s: %s",
                      view.v ? view.v->value[AD_SEG_ADDRESS] : "?", why);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77283)
                  "setup page for %s: %d", view.v ? view.v->value[AD_SEG_ADDRESS] : "no address",
                  status_of(view.state));
    r->status = status_of(view.state);
    apr_table_setn(r->headers_out, "Content-Security-Policy", PAGE_POLICY);
    apr_table_setn(r->headers_out, "X-Content-Type-Options", "nosniff");
    apr_table_setn(r->headers_out, "Referrer-Policy", "no-referrer");
    return ad_send_buf(r, PAGE_TYPE, &b);
}
