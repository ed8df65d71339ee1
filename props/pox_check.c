/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The properties every parsed request and every rendered answer must
 * hold (pox_check.h), checked by the core unit test and by the fuzzers:
 * a profile with every block type, and the checks of one request body.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "pox_check.h"
#include "ad_soap.h"
#include "ad_mobileconfig.h"

#define DISPLAY_SUFFIX " <Mail & More>"

static ad_server_t *server(apr_pool_t *p, ad_proto_e type, const char *host,
                           int port, ad_tls_e tls, const char *login)
{
    ad_server_t *sv = apr_pcalloc(p, sizeof(*sv));

    sv->type = type;
    sv->host = ad_tmpl_parse(p, host);
    sv->port = port;
    sv->tls = tls;
    sv->login = login ? ad_tmpl_parse(p, login) : NULL;
    sv->auth = 1;
    return sv;
}

static ad_dav_t *dav(apr_pool_t *p, ad_dav_e kind, const char *url, const char *login)
{
    ad_dav_t *d = apr_pcalloc(p, sizeof(*d));

    d->kind = kind;
    d->url = ad_tmpl_parse(p, url);
    d->login = ad_tmpl_parse(p, login);
    return d;
}

ad_profile_t *ad_check_profile(apr_pool_t *p)
{
    ad_profile_t *prof = apr_pcalloc(p, sizeof(*prof));

    prof->set = 1;
    prof->servers = apr_array_make(p, 2, sizeof(ad_server_t *));
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        server(p, AD_PROTO_IMAP, "imap.%EMAILDOMAIN%", 993, AD_TLS_IMPLICIT,
               "%EMAILLOCALPART%");
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        server(p, AD_PROTO_SMTP, "smtp.%EMAILDOMAIN%", 587, AD_TLS_STARTTLS,
               "%EMAILADDRESS%");
    prof->url[AD_SVC_EWS][AD_INTERNAL] =
        ad_tmpl_parse(p, "https://cas.corp.example.test/EWS/Exchange.asmx");
    prof->url[AD_SVC_EWS][AD_EXTERNAL] =
        ad_tmpl_parse(p, "https://mail.%EMAILDOMAIN%/EWS/Exchange.asmx?u=%EMAILADDRESS%");
    prof->url[AD_SVC_OWA][AD_EXTERNAL] = ad_tmpl_parse(p, "https://mail.%EMAILDOMAIN%/owa/");
    prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL] =
        ad_tmpl_parse(p, "https://eas.%EMAILDOMAIN%/Microsoft-Server-ActiveSync");
    prof->display_name = ad_tmpl_parse(p, "%EMAILLOCALPART%" DISPLAY_SUFFIX);
    prof->server_version = "73C18880";
    prof->culture = "en:us";
    prof->dav[AD_DAV_CALDAV] = dav(p, AD_DAV_CALDAV,
                                   "https://dav.%EMAILDOMAIN%/cal/%EMAILADDRESS%/", "%EMAILLOCALPART%");
    prof->dav[AD_DAV_CARDDAV] = dav(p, AD_DAV_CARDDAV,
                                    "https://dav.%EMAILDOMAIN%:8443/card/", "%EMAILLOCALPART%");
    ad_profile_compile(p, prof);
    if (!prof->compiled_autoconfig || !prof->compiled_mobileconfig
        || !prof->compiled_mobileconfig_mac)
        abort();                /* the check below relies on them */
    return prof;
}

/* ----------------------------------------------------------- the answer */

static xmlNodePtr find(xmlNodePtr n, const char *name)
{
    for (; n; n = n->next) {
        xmlNodePtr hit;
        if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0)
            return n;
        if ((hit = find(n->children, name)))
            return hit;
    }
    return NULL;
}

/* NULL when the text of the first <name> in doc equals want. */
static const char *text_is(apr_pool_t *p, xmlDocPtr doc, const char *name,
                           const char *want)
{
    xmlNodePtr n = find(xmlDocGetRootElement(doc), name);
    xmlChar *got;
    int same;

    if (!n)
        return apr_psprintf(p, "no <%s> in the answer", name);
    got = xmlNodeGetContent(n);
    same = got && strcmp((const char *)got, want) == 0;
    xmlFree(got);
    return same ? NULL : apr_psprintf(p, "<%s> is not the value sent", name);
}

static void quiet(void *ctx, xmlErrorPtr error)
{
}

/* Well-formed, then each (element, expected text) pair; NULL when all hold. */
static const char *check_answer(apr_pool_t *p, const ad_buf_t *b,
                                const char *const *pairs)
{
    xmlStructuredErrorFunc saved;
    void *saved_ctx;
    xmlDocPtr doc;
    const char *why = NULL;

    if (b->len != strlen(b->data))
        return "answer holds a NUL byte";
    saved = xmlStructuredError;
    saved_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, quiet);
    doc = xmlReadMemory(b->data, (int)b->len, NULL, NULL,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    if (!doc)
        return apr_psprintf(p, "answer is not well-formed XML:\n%s", b->data);
    for (; !why && pairs && pairs[0]; pairs += 2)
        why = text_is(p, doc, pairs[0], pairs[1]);
    xmlFreeDoc(doc);
    return why;
}

/* ---------------------------------------------------------- the verdict */

static const char *check_verdict(const ad_pox_request_t *q)
{
    const char *s;

    if (q->status != AD_PARSE_OK)
        return q->reason ? NULL : "refusal without a reason";
    if (!q->address || !q->local || !q->domain)
        return "accepted without address parts";
    if (strlen(q->address) > AD_MAX_ADDRESS)
        return "accepted an overlong address";
    if (strlen(q->address) != strlen(q->local) + 1 + strlen(q->domain)
        || strncmp(q->address, q->local, strlen(q->local)) != 0
        || q->address[strlen(q->local)] != '@'
        || strcmp(q->address + strlen(q->local) + 1, q->domain) != 0)
        return "address is not local@domain";
    for (s = q->local; *s; s++) {
        if ((unsigned char)*s <= ' ' || strchr("<>\"", *s))
            return "accepted a local part with a control or markup character";
    }
    for (s = q->domain; *s; s++) {
        if (!(apr_islower(*s) || apr_isdigit(*s) || *s == '-' || *s == '.'))
            return "accepted a domain that is not a lower-case host name";
    }
    if (q->schema != AD_SCHEMA_OUTLOOK && q->schema != AD_SCHEMA_MOBILESYNC)
        return "accepted without an answer schema";
    return NULL;
}

/* The same body as a SOAP request: a consistent verdict, and every answer
 * the handler could send for it well-formed, with each mailbox back as the
 * same text. */
static const char *check_soap(apr_pool_t *p, const ad_profile_t *prof,
                              const char *body, apr_size_t len)
{
    ad_soap_request_t q;
    ad_buf_t b;
    const char *why;
    int i;

    ad_soap_parse(p, body, len, &q);
    if (q.status != AD_SOAP_OK && !q.reason)
        return "SOAP: refusal without a reason";
    ad_buf_init(&b, p, 512);
    ad_soap_render_fault_client(&b, "Check");
    if ((why = check_answer(p, &b, (const char *const[]){ "faultcode", "s:Client", NULL })))
        return why;
    if (q.status == AD_SOAP_UNSUPPORTED) {
        if (!q.action)
            return "SOAP: unsupported without an action";
        ad_buf_init(&b, p, 512);
        ad_soap_render_fault_action(&b, q.action);
        return check_answer(p, &b, (const char *const[]){
                                "faultcode", "a:ActionNotSupported", NULL });
    }
    if (q.status != AD_SOAP_OK)
        return NULL;
    if (!q.mailboxes || !q.settings)
        return "SOAP: accepted without users or settings";
    if (q.mailboxes->nelts > AD_SOAP_MAX_USERS || q.settings->nelts > AD_SOAP_MAX_SETTINGS)
        return "SOAP: accepted more than the limits";
    ad_buf_init(&b, p, 2048);
    ad_soap_render_begin(&b, prof);
    for (i = 0; i < q.mailboxes->nelts; i++) {
        const char *mailbox = APR_ARRAY_IDX(q.mailboxes, i, const char *);
        const char *local, *domain;
        ad_vars_t v;

        if (!mailbox || ad_address_split(p, mailbox, &local, &domain)) {
            ad_soap_render_user_error(&b, "InvalidUser", "Check", mailbox ? mailbox : "");
            continue;
        }
        ad_vars_set(&v, p, apr_pstrcat(p, local, "@", domain, NULL), local, domain);
        ad_soap_render_user(&b, prof, q.settings, &v, 1);
    }
    ad_soap_render_end(&b);
    return check_answer(p, &b, NULL);
}

const char *ad_check_body(apr_pool_t *p, const ad_profile_t *prof,
                          const char *body, apr_size_t len)
{
    const char *soap_why = check_soap(p, prof, body, len);
    ad_error_info_t e = { "12:34:56.789012", 4242, "Check" };
    ad_pox_request_t q;
    ad_vars_t v;
    ad_buf_t b;
    const char *why, *display;

    if (soap_why)
        return soap_why;
    ad_pox_parse(p, body, len, &q);
    if ((why = check_verdict(&q)))
        return why;

    ad_buf_init(&b, p, 512);
    ad_pox_render_error(&b, q.mobilesync_request, AD_ERR_INVALID_REQUEST, &e);
    if ((why = check_answer(p, &b, (const char *const[]){ "ErrorCode", "600", NULL })))
        return why;
    if (q.status != AD_PARSE_OK)
        return NULL;

    ad_vars_set(&v, p, q.address, q.local, q.domain);
    display = apr_pstrcat(p, q.local, DISPLAY_SUFFIX, NULL);

    ad_buf_init(&b, p, 1024);
    if (!ad_pox_render_settings(&b, prof, q.schema, &v))
        return "no settings rendered";
    if (q.schema == AD_SCHEMA_OUTLOOK)
        why = check_answer(p, &b, (const char *const[]){
            "AutoDiscoverSMTPAddress", q.address, "DisplayName", display,
            "LoginName", q.local, NULL });
    else
        why = check_answer(p, &b, (const char *const[]){
            "EMailAddress", q.address, "DisplayName", display, NULL });
    if (why)
        return why;

    ad_buf_init(&b, p, 4096);
    ad_mobileconfig_vars(&v, p);
    ad_tmpl_expand_xml(&b, prof->compiled_mobileconfig, &v);
    if ((why = check_answer(p, &b, NULL)))
        return why;
    if (!strstr(b.data, v.value[AD_SEG_UUID_PROFILE]))
        return "mobileconfig: no profile UUID";
    ad_buf_init(&b, p, 4096);
    ad_tmpl_expand_xml(&b, prof->compiled_mobileconfig_mac, &v);
    if ((why = check_answer(p, &b, (const char *const[]){ "string", q.address, NULL })))
        return apr_pstrcat(p, "mobileconfig for macOS: ", why, NULL);

    ad_buf_init(&b, p, 1024);
    ad_tmpl_expand_xml(&b, prof->compiled_autoconfig, &v);
    if ((why = check_answer(p, &b, (const char *const[]){
             "domain", q.domain, "username", q.local, NULL })))
        return why;

    ad_buf_init(&b, p, 512);
    ad_pox_render_address_error(&b, q.schema, AD_ERR_NOT_FOUND, &e, &v, "en:us");
    if ((why = check_answer(p, &b, (const char *const[]){ "ErrorCode", "500", NULL })))
        return why;

    ad_buf_init(&b, p, 512);
    ad_pox_render_redirect_addr(&b, q.schema, &v,
                                apr_pstrcat(p, q.local, "@example.net", NULL), "en:us");
    return check_answer(p, &b, q.schema == AD_SCHEMA_OUTLOOK
        ? (const char *const[]){ "RedirectAddr",
                                 apr_pstrcat(p, q.local, "@example.net", NULL), NULL }
        : (const char *const[]){ "EMailAddress", q.address, NULL });
}
