/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The status page, like server-status: only where the administrator puts
 * it (SetHandler autodiscover-status), protected the same way (Require).
 * It shows the certificate of this connection, each virtual host's
 * autodiscover settings, the answers counted since start per client family
 * and outcome and per family and user agent, and a preview of this virtual
 * host's /autodiscover/ scope: its calendar, contact, OAuth2 and other
 * settings, the well-known redirects and PACC records of each of its mail
 * domains, and what each format answers for an address. ?auto gives the
 * counters as text, one "family.outcome: count" and one
 * "family.agent.AGENT: count" line each.
 */
#include <string.h>
#include <apr_strings.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "http_main.h"
#include "http_ssl.h"
#include "util_script.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_request.h"
#include "ad_user.h"
#include "ad_decide.h"
#include "ad_counters.h"
#include "ad_autoconfig.h"
#include "ad_mobileconfig.h"
#include "ad_soap.h"
#include "ad_cert_check.h"
#include "ad_agent.h"
#include "ad_pacc.h"
#include "ad_dns_records.h"

APLOG_USE_MODULE(autodiscover);

#define PREVIEW_SCOPE "/autodiscover/autodiscover.xml"

static const char *html(request_rec *r, const char *s)
{
    return ap_escape_html(r->pool, s ? s : "");
}

/* ---------------------------------------------------- this connection */

static void connection_certificate(request_rec *r)
{
    const char *pem;
    BIO *in;
    X509 *x = NULL;

    ap_rputs("<h2>This connection</h2>\n", r);
    if (!ap_ssl_conn_is_ssl(r->connection)) {
        ap_rputs("<p>Plain HTTP: no certificate.</p>\n", r);
        return;
    }
    pem = ap_ssl_var_lookup(r->pool, r->server, r->connection, r, "SSL_SERVER_CERT");
    if (pem && (in = BIO_new_mem_buf(pem, -1)) != NULL) {
        x = PEM_read_bio_X509(in, NULL, NULL, NULL);
        BIO_free(in);
    }
    if (!x) {
        ap_rputs("<p>TLS, but the certificate could not be read.</p>\n", r);
        return;
    }
    {
        GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
        const char *names = "";
        int days = 0, secs = 0, i;
        for (i = 0; sans && i < sk_GENERAL_NAME_num(sans); i++) {
            const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
            if (g->type == GEN_DNS)
                names = apr_pstrcat(r->pool, names, *names ? " " : "",
                                    apr_pstrmemdup(r->pool,
                                                   (const char *)ASN1_STRING_get0_data(g->d.dNSName),
                                                   ASN1_STRING_length(g->d.dNSName)), NULL);
        }
        GENERAL_NAMES_free(sans);
        ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x));
        ap_rprintf(r, "<p>TLS. The certificate names <span id=\"cert-names\">%s</span>; it "
                   "expires <span id=\"cert-end\">%s</span>, in <span id=\"cert-days\">%d</span> "
                   "days%s.</p>\n", html(r, names),
                   html(r, ap_ssl_var_lookup(r->pool, r->server, r->connection, r,
                                             "SSL_SERVER_V_END")),
                   days, days < AD_CERT_WARN_DAYS ? " <strong>(renew it)</strong>" : "");
        X509_free(x);
    }
}

/* ------------------------------------------------------ virtual hosts */

static const char *domains(request_rec *r, const ad_dir_conf_t *c)
{
    apr_hash_index_t *hi;
    const char *list = "";

    if (AD_ANY_DOMAIN(c) || !ad_conf_domains(c))
        return "any";
    for (hi = apr_hash_first(r->pool, ad_conf_domains(c)); hi; hi = apr_hash_next(hi))
        list = apr_pstrcat(r->pool, list, *list ? " " : "", apr_hash_this_key(hi), NULL);
    return list;
}

static const char *endpoints(request_rec *r, const ad_dir_conf_t *c)
{
    if (AD_HTTP_REDIRECT(c))
        return apr_pstrcat(r->pool, "http redirect to ",
                           ad_conf_http_redirect_origin(c), NULL);
    if (!AD_ENABLED(c))
        return "off";
    return apr_pstrcat(r->pool, "POX, MobileSync, v2 JSON, SOAP, autoconfig, Apple profile (",
                       ad_conf_signer(c) ? "signed" : "unsigned", ")", NULL);
}

static void virtual_hosts(request_rec *r)
{
    server_rec *s;

    ap_rputs("<h2>Virtual hosts</h2>\n<table border=\"1\">\n<tr><th>virtual host</th>"
             "<th>names</th><th>mail domains</th><th>endpoints</th><th>directory</th></tr>\n", r);
    for (s = ap_server_conf; s; s = s->next) {
        const ad_dir_conf_t *c = ap_get_module_config(s->lookup_defaults, &autodiscover_module);
        const char *names = "";
        int i;
        for (i = 0; s->names && i < s->names->nelts; i++)
            names = apr_pstrcat(r->pool, names, " ", APR_ARRAY_IDX(s->names, i, const char *), NULL);
        ap_rprintf(r, "<tr><td>%s:%u</td><td>%s%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
                   html(r, s->server_hostname), s->port ? s->port : ap_default_port(r),
                   html(r, s->server_hostname), html(r, names), html(r, domains(r, c)),
                   html(r, endpoints(r, c)),
                   ad_conf_sql(c) ? "SQL" : ad_conf_ldap(c) ? "LDAP" : "none");
    }
    ap_rputs("</table>\n", r);
}

/* ----------------------------------------------------------- counters */

/* One table: per family, its answers by outcome, then the same answers by
 * the user agent that asked. */
static void counters(request_rec *r)
{
    char since[APR_RFC822_DATE_LEN];
    int f, o, a;

    apr_rfc822_date(since, ad_counters_since());
    ap_rprintf(r, "<h2>Answers since %s</h2>\n<table border=\"1\">\n<tr><th rowspan=\"2\">"
               "client family</th><th colspan=\"%d\">outcome</th><th colspan=\"%d\">user "
               "agent</th></tr>\n<tr>", since, AD_OUT_COUNT, AD_AGENT_COUNT);
    for (o = 0; o < AD_OUT_COUNT; o++)
        ap_rprintf(r, "<th>%s</th>", ad_outcome_name(o));
    for (a = 0; a < AD_AGENT_COUNT; a++)
        ap_rprintf(r, "<th>%s</th>", html(r, ad_agent_name(a)));
    ap_rputs("</tr>\n", r);
    for (f = 0; f < AD_FAM_COUNT; f++) {
        ap_rprintf(r, "<tr><td>%s</td>", ad_family_name(f));
        for (o = 0; o < AD_OUT_COUNT; o++)
            ap_rprintf(r, "<td id=\"%s.%s\">%u</td>", ad_family_key(f), ad_outcome_key(o),
                       ad_counter(f, o));
        for (a = 0; a < AD_AGENT_COUNT; a++)
            ap_rprintf(r, "<td id=\"%s.agent.%s\">%u</td>", ad_family_key(f), ad_agent_key(a),
                       ad_counter_agent(f, a));
        ap_rputs("</tr>\n", r);
    }
    ap_rputs("</table>\n", r);
}

static int counters_text(request_rec *r)
{
    int f, o, a;

    /* The outcome lines first, as they always were; the agent lines after. */
    ap_set_content_type(r, "text/plain; charset=utf-8");
    for (f = 0; f < AD_FAM_COUNT; f++)
        for (o = 0; o < AD_OUT_COUNT; o++)
            ap_rprintf(r, "%s.%s: %u\n", ad_family_key(f), ad_outcome_key(o), ad_counter(f, o));
    for (f = 0; f < AD_FAM_COUNT; f++)
        for (a = 0; a < AD_AGENT_COUNT; a++)
            ap_rprintf(r, "%s.agent.%s: %u\n", ad_family_key(f), ad_agent_key(a),
                       ad_counter_agent(f, a));
    return OK;
}

/* ------------------------------------------------------------ preview */

static void show(request_rec *r, const char *title, const char *text)
{
    ap_rprintf(r, "<h4>%s</h4>\n<pre>%s</pre>\n", html(r, title), html(r, text));
}

static void preview_settings(request_rec *r, const ad_profile_t *prof, ad_vars_t *v)
{
    static const char *const soap_settings[] = {
        "UserDisplayName", "ExternalEwsUrl", "InternalEwsUrl", "ExternalImap4Connections",
        "ExternalPop3Connections", "ExternalSmtpConnections", "ActiveSyncUrl"
    };
    apr_array_header_t *settings = apr_array_make(r->pool, 8, sizeof(const char *));
    const ad_tmpl_t *url;
    ad_buf_t b;
    apr_size_t i;

    ad_buf_init(&b, r->pool, 2048);
    show(r, "Outlook (POX)", ad_pox_render_settings(&b, prof, AD_SCHEMA_OUTLOOK, v)
                             ? apr_pstrmemdup(r->pool, b.data, b.len) : "error 601: nothing configured");
    ad_buf_init(&b, r->pool, 2048);
    show(r, "ActiveSync (POX MobileSync)", ad_pox_render_settings(&b, prof, AD_SCHEMA_MOBILESYNC, v)
                             ? apr_pstrmemdup(r->pool, b.data, b.len) : "error 601: nothing configured");
    url = prof->url[AD_SVC_EWS][AD_EXTERNAL] ? prof->url[AD_SVC_EWS][AD_EXTERNAL]
                                             : prof->url[AD_SVC_EWS][AD_INTERNAL];
    show(r, "v2 JSON, Protocol=EWS", url ? ad_tmpl_expand_raw(r->pool, url, v) : "InvalidProtocol");
    url = prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL] ? prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                                                    : prof->url[AD_SVC_ACTIVESYNC][AD_INTERNAL];
    show(r, "v2 JSON, Protocol=ActiveSync", url ? ad_tmpl_expand_raw(r->pool, url, v) : "InvalidProtocol");
    for (i = 0; i < sizeof(soap_settings) / sizeof(soap_settings[0]); i++)
        APR_ARRAY_PUSH(settings, const char *) = soap_settings[i];
    ad_buf_init(&b, r->pool, 4096);
    ad_soap_render_begin(&b, prof);
    ad_soap_render_user(&b, prof, settings, v, 1);
    ad_soap_render_end(&b);
    show(r, "SOAP GetUserSettings", apr_pstrmemdup(r->pool, b.data, b.len));
    if (prof->compiled_autoconfig) {
        ad_buf_init(&b, r->pool, ad_size_hint(prof->compiled_autoconfig));
        ad_tmpl_expand_xml(&b, prof->compiled_autoconfig, v);
        show(r, "Thunderbird autoconfig", apr_pstrmemdup(r->pool, b.data, b.len));
    }
    if (prof->compiled_mobileconfig) {
        ad_mobileconfig_vars(v, r->pool);
        ad_buf_init(&b, r->pool, ad_size_hint(prof->compiled_mobileconfig));
        ad_tmpl_expand_xml(&b, prof->compiled_mobileconfig, v);
        show(r, "Apple profile (before signing)", apr_pstrmemdup(r->pool, b.data, b.len));
    }
}

/* ------------------------------------------- the scope's own settings */

static const char *const verdict_what[] = {
    [AD_VERDICT_NOT_OWNER] = "not the owner: POX and SOAP answer the not-owner error",
    [AD_VERDICT_FOREIGN] = "not a domain served here",
    [AD_VERDICT_REDIRECT_ADDR] = "moved to",
    [AD_VERDICT_REDIRECT_URL] = "served by",
    [AD_VERDICT_UNKNOWN] = "not a user of the directory",
    [AD_VERDICT_UNAVAILABLE] = "the directory cannot be asked now",
};

static void line(request_rec *r, const char *label, const char *text)
{
    ap_rprintf(r, "%s: %s\n", html(r, label), html(r, text));
}

static const char *oauth2_text(apr_pool_t *p, const ad_oauth2_t *o)
{
    if (!o)
        return "none";
    return apr_pstrcat(p, "issuer ", o->issuer, ", authorize ", o->auth_url, ", token ",
                       o->token_url, ", scope \"", o->scope, "\"",
                       o->client_id ? ", client " : "", o->client_id ? o->client_id : "",
                       NULL);
}

static const char *provider_text(apr_pool_t *p, const ad_profile_t *prof)
{
    if (!ad_profile_provider_name(prof))
        return "none";
    return apr_pstrcat(p, ad_profile_provider_name(prof), ad_profile_provider_short(prof) ? ", short name " : "",
                       ad_profile_provider_short(prof) ? ad_profile_provider_short(prof) : "", NULL);
}

static const char *ttl_text(apr_pool_t *p, const char *ttl)
{
    if (!ttl)
        return "not set (Outlook asks again after 1 hour)";
    if (!strcmp(ttl, "0"))
        return "0 (Outlook keeps the answer until the settings fail)";
    return apr_pstrcat(p, ttl, strcmp(ttl, "1") ? " hours" : " hour", NULL);
}

/* The domain-level verdict for domain, as the well-known and PACC
 * endpoints take it (no address in those requests). */
static void domain_verdict(request_rec *rr, const ad_dir_conf_t *c, ad_endpoint_e ep,
                          const char *domain, ad_verdict_t *d)
{
    ad_vars_t v;

    ad_autoconfig_vars_unknown(&v, rr->pool, domain);
    ad_decide(rr, c, ep, AD_AUDIENCE_STRANGER, &v, 0, 0, d);
}

static const char *not_settings(request_rec *r, const ad_verdict_t *d)
{
    return apr_pstrcat(r->pool, "404, ", verdict_what[d->kind], d->target ? " " : "",
                       d->target ? d->target : "", NULL);
}

/* A DAV service: its URL and login, then what /.well-known/caldav (or
 * carddav) answers on each mail domain. */
static void dav_lines(request_rec *r, request_rec *rr, const ad_dir_conf_t *c,
                      ad_dav_e kind, const apr_array_header_t *domains)
{
    const ad_dav_t *dav = ad_conf_profile(c)->dav[kind];
    const char *well_known = kind == AD_DAV_CALDAV ? "/.well-known/caldav"
                                                   : "/.well-known/carddav";
    int i;

    if (!dav) {
        line(r, ad_dav_name(kind), apr_pstrcat(r->pool, "none (the module leaves ",
                                               well_known, " alone)", NULL));
        return;
    }
    line(r, ad_dav_name(kind), apr_pstrcat(r->pool, dav->url->source, ", login ",
                                           dav->login->source, NULL));
    for (i = 0; i < domains->nelts; i++) {
        const char *domain = APR_ARRAY_IDX(domains, i, const char *), *url;
        ad_verdict_t d;

        domain_verdict(rr, c, kind == AD_DAV_CALDAV ? AD_EP_CALDAV : AD_EP_CARDDAV, domain, &d);
        url = d.kind == AD_VERDICT_SETTINGS ? ad_dav_domain_url(r->pool, d.prof->dav[kind],
                                                                domain) : NULL;
        line(r, apr_pstrcat(r->pool, "  ", well_known, " on ", domain, NULL),
             d.kind != AD_VERDICT_SETTINGS ? not_settings(r, &d)
             : url ? apr_pstrcat(r->pool, "301 to ", url, NULL)
             : d.prof->dav[kind] ? "404, the URL names the user"
             : "404, none for this domain");
    }
}

/* PACC: for each mail domain, the TXT record that pins the bytes
 * ua-auto-config.DOMAIN serves, and those bytes. */
static void pacc_section(request_rec *r, request_rec *rr, const ad_dir_conf_t *c,
                         const apr_array_header_t *domains)
{
    apr_array_header_t *docs = apr_array_make(r->pool, 2, sizeof(const char *));
    int i;

    ap_rputs("<h3 id=\"preview-pacc\">PACC</h3>\n<pre id=\"pacc\">", r);
    for (i = 0; i < domains->nelts; i++) {
        const char *domain = APR_ARRAY_IDX(domains, i, const char *), *doc = NULL;
        const char *name = apr_pstrcat(r->pool, "ua-auto-config.", domain, NULL);
        const ad_tmpl_t *compiled = NULL;
        apr_size_t len = 0;
        ad_verdict_t d;

        domain_verdict(rr, c, AD_EP_PACC, domain, &d);
        if (d.kind == AD_VERDICT_SETTINGS && (compiled = ad_pacc_compile(r->pool, d.prof)))
            doc = ad_pacc_document(r->pool, compiled, domain, &len);
        if (d.kind != AD_VERDICT_SETTINGS)
            line(r, name, not_settings(r, &d));
        else if (!doc)
            line(r, name, "no PACC document (404)");
        else {
            ap_rprintf(r, "_%s. IN TXT \"%s\"\n", html(r, name),
                       html(r, ad_pacc_txt(r->pool, doc, len)));
            APR_ARRAY_PUSH(docs, const char *) = name;
            APR_ARRAY_PUSH(docs, const char *) = apr_pstrmemdup(r->pool, doc, len);
        }
    }
    if (!domains->nelts)
        ap_rputs("(this virtual host answers any domain: list them in " AD_D_DOMAINS
                 " to see each one's)\n", r);
    ap_rputs("</pre>\n", r);
    for (i = 0; i + 1 < docs->nelts; i += 2)
        show(r, apr_pstrcat(r->pool, "https://", APR_ARRAY_IDX(docs, i, const char *),
                            "/.well-known/user-agent-configuration.json", NULL),
             APR_ARRAY_IDX(docs, i + 1, const char *));
}

/* What the scope says that no address changes: calendars and contacts,
 * OAuth2, the provider, Outlook's TTL, v2; then PACC. */
static void preview_scope(request_rec *r, request_rec *rr, const ad_dir_conf_t *c)
{
    const ad_profile_t *prof = ad_conf_profile(c);
    apr_array_header_t *domains = ad_dns_domains(r->pool, r->server, c);

    ap_rputs("<h3 id=\"preview-scope\">For every address</h3>\n<pre id=\"scope\">", r);
    dav_lines(r, rr, c, AD_DAV_CALDAV, domains);
    dav_lines(r, rr, c, AD_DAV_CARDDAV, domains);
    if (!domains->nelts && (prof->dav[AD_DAV_CALDAV] || prof->dav[AD_DAV_CARDDAV]))
        ap_rputs("  (this virtual host answers any domain: list them in " AD_D_DOMAINS
                 " to see each one's redirects)\n", r);
    line(r, "OAuth2", oauth2_text(r->pool, prof->oauth2));
    line(r, "Provider", provider_text(r->pool, prof));
    line(r, "Documentation", prof->documentation_url ? prof->documentation_url : "none");
    line(r, "POX TTL", ttl_text(r->pool, prof->ttl));
    line(r, "Autodiscover v2", AD_V2(c) ? "answered"
                                        : "not answered (" AD_D_V2 " Off: 404)");
    ap_rputs("</pre>\n", r);
    pacc_section(r, rr, c, domains);
}

/* What one audience gets at the autodiscover scope. */
static void preview_for(request_rec *r, request_rec *rr, const ad_dir_conf_t *c,
                        ad_audience_e who, ad_vars_t *v)
{
    ad_verdict_t d;

    ad_decide(rr, c, AD_EP_POX, who, v, 1, AD_FMT_ALL, &d);
    ap_rprintf(r, "<h3 id=\"preview-%s\">As %s</h3>\n",
               who == AD_AUDIENCE_STRANGER ? "stranger" : "owner", ad_audience_name(who));
    if (d.kind == AD_VERDICT_SETTINGS) {
        ap_rprintf(r, "<p>Settings for %s (the %s answer):</p>\n",
                   html(r, v->value[AD_SEG_ADDRESS]), d.personal ? "directory" : "plain");
        preview_settings(r, d.prof, v);
    }
    else
        ap_rprintf(r, "<p>%s: %s%s%s</p>\n", html(r, v->value[AD_SEG_ADDRESS]),
                   verdict_what[d.kind], d.target ? " " : "", html(r, d.target ? d.target : ""));
}

static void preview(request_rec *r, const char *address)
{
    request_rec *rr;
    const ad_dir_conf_t *c;
    const char *local, *domain, *why;
    ad_vars_t v;

    ap_rprintf(r, "<h2>Preview</h2>\n<form method=\"get\"><input name=\"address\" size=\"40\" "
               "value=\"%s\"> <input type=\"submit\" value=\"show the answers\"></form>\n",
               html(r, address));
    rr = ap_sub_req_lookup_uri(PREVIEW_SCOPE, r, NULL);
    c = ap_get_module_config(rr->per_dir_config, &autodiscover_module);
    if (!AD_ENABLED(c))
        ap_rputs("<p id=\"preview\">Autodiscover is off at " PREVIEW_SCOPE " here.</p>\n", r);
    else {
        /* The address's answers (what was asked), then the scope's own. */
        if (address && (why = ad_address_split(r->pool, address, &local, &domain)))
            ap_rprintf(r, "<p id=\"preview\">Not an address: %s.</p>\n", html(r, why));
        else if (address) {
            address = apr_pstrcat(r->pool, local, "@", domain, NULL);
            ad_vars_set(&v, r->pool, address, local, domain);
            ap_rprintf(r, "<p id=\"preview\">Answers for %s:</p>\n", html(r, address));
            preview_for(r, rr, c, AD_AUDIENCE_STRANGER, &v);
            preview_for(r, rr, c, ad_conf_owner(c) ? AD_AUDIENCE_OWNER : AD_AUDIENCE_TRUSTED, &v);
        }
        preview_scope(r, rr, c);
    }
    ap_destroy_sub_req(rr);
}

int ad_status_handler(request_rec *r)
{
    const char *address = NULL;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_STATUS) != 0)
        return DECLINED;
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    if ((rv = ad_get_only(r)) != OK)
        return rv;
    if (r->args && !strcmp(r->args, "auto"))
        return counters_text(r);
    if ((rv = ad_query_param(r, "address", 3 * AD_MAX_ADDRESS, &address)) != OK)
        return rv;
    ap_set_content_type(r, "text/html; charset=utf-8");
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    ap_rprintf(r, "<!DOCTYPE html>\n<html><head><title>Autodiscover status</title></head>"
               "<body>\n<h1>Autodiscover status of %s</h1>\n<p>mod_autodiscover %s</p>\n",
               html(r, ap_get_server_name(r)), AD_VERSION);
    connection_certificate(r);
    virtual_hosts(r);
    counters(r);
    preview(r, address && *address ? address : NULL);
    ap_rputs("</body></html>\n", r);
    return OK;
}
