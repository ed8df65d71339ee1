/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * POX responses. ad_pox_compile() turns a merged profile into one of two
 * documents at configuration time, the Outlook and the MobileSync settings
 * answer, markup and escaped configuration text included, with holes for the
 * address (ad_profile.c calls it). A request expands one of them with its
 * own escaped address; errors and redirects are rendered per request.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ad_pox.h"

#define PROLOGUE "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
                 "<Autodiscover xmlns=\"" AD_NS_RESPONSE "\">\n"
#define EPILOGUE "</Response>\n</Autodiscover>\n"
#define RESPONSE_OUTLOOK "<Response xmlns=\"" AD_NS_OUTLOOK_RESP "\">\n"
#define RESPONSE_MOBILE  "<Response xmlns=\"" AD_NS_MOBILE_RESP "\">\n"
#define RESPONSE_ERROR   "<Response>\n"

/* ------------------------------------------------------------- compiling */

static void add_element(ad_tmpl_t *f, const char *name, const ad_tmpl_t *value)
{
    if (!value)
        return;
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "<", name, ">", NULL));
    ad_tmpl_add_xml(f, value);
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "</", name, ">", NULL));
}

static void add_text_element(ad_tmpl_t *f, const char *name, const char *text)
{
    if (!text)
        return;
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "<", name, ">", NULL));
    ad_tmpl_add_text(f, text);
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "</", name, ">", NULL));
}

static const char *on_off(int flag)
{
    return flag ? "on" : "off";
}

/* AutodiscoverTTL: hours the client keeps the answer ([MS-OXDSCLI]: an
 * optional child of each Protocol; 1 hour when absent). Placed after Type
 * (and a WEB block's Internal and External), the order the schema lists. */
static void add_ttl(ad_tmpl_t *f, const ad_profile_t *prof)
{
    add_text_element(f, "TTL", prof->ttl);
}

/* The host part of a URL template ("https://mail.%EMAILDOMAIN%/EWS/..."). */
static ad_tmpl_t *url_host(apr_pool_t *p, const ad_tmpl_t *url)
{
    const char *s, *e;

    if (!url || !(s = strstr(url->source, "://")))
        return NULL;
    s += 3;
    e = s + strcspn(s, ":/?#");
    return ad_tmpl_parse(p, apr_pstrmemdup(p, s, e - s));
}

/* EWS-family URLs of one side (internal or external), in catalogue order. */
static void add_service_urls(ad_tmpl_t *f, const ad_profile_t *prof, int side)
{
    ad_tmpl_t *ews = prof->url[AD_SVC_EWS][side];
    ad_tmpl_t *oof = prof->url[AD_SVC_OOF][side] ? prof->url[AD_SVC_OOF][side] : ews;

    add_element(f, "ASUrl", ews);      /* availability service lives in EWS */
    add_element(f, "EwsUrl", ews);
    add_element(f, "EcpUrl", prof->url[AD_SVC_ECP][side]);
    add_element(f, "OOFUrl", oof);
    add_element(f, "OABUrl", prof->url[AD_SVC_OAB][side]);
    add_element(f, "UMUrl", prof->url[AD_SVC_UM][side]);
}

static int has_service_urls(const ad_profile_t *prof, int side)
{
    return prof->url[AD_SVC_EWS][side] || prof->url[AD_SVC_OOF][side]
        || prof->url[AD_SVC_OAB][side] || prof->url[AD_SVC_UM][side]
        || prof->url[AD_SVC_ECP][side];
}

static void add_exch(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof)
{
    ad_tmpl_t *first = prof->url[AD_SVC_EWS][AD_INTERNAL];
    int s;

    for (s = 0; !first && s < AD_SVC_ACTIVESYNC; s++)
        first = prof->url[s][AD_INTERNAL];
    ad_tmpl_add_markup(f, "<Protocol>\n<Type>EXCH</Type>");
    add_ttl(f, prof);
    add_element(f, "Server", url_host(p, first));
    add_text_element(f, "ServerVersion", prof->server_version);
    add_service_urls(f, prof, AD_INTERNAL);
    ad_tmpl_add_markup(f, "\n</Protocol>\n");
}

static void add_expr(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof)
{
    ad_tmpl_t *server = prof->oa_host;
    int s;

    for (s = 0; !server && s < AD_SVC_ACTIVESYNC; s++)
        server = url_host(p, prof->url[s][AD_EXTERNAL]);
    ad_tmpl_add_markup(f, "<Protocol>\n<Type>EXPR</Type>");
    add_ttl(f, prof);
    add_element(f, "Server", server);
    add_text_element(f, "ServerVersion", prof->server_version);
    add_service_urls(f, prof, AD_EXTERNAL);
    add_text_element(f, "SSL", "on");
    add_text_element(f, "AuthPackage", prof->oa_auth ? prof->oa_auth : "basic");
    ad_tmpl_add_markup(f, "\n</Protocol>\n");
}

static void add_web_side(ad_tmpl_t *f, const ad_profile_t *prof, int side)
{
    const char *tag = side == AD_INTERNAL ? "Internal" : "External";
    ad_tmpl_t *ews = prof->url[AD_SVC_EWS][side];

    if (!prof->url[AD_SVC_OWA][side])
        return;
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "<", tag,
                                      "><OWAUrl AuthenticationMethod=\"", NULL));
    ad_tmpl_add_text(f, ad_profile_owa_auth(prof));
    ad_tmpl_add_markup(f, "\">");
    ad_tmpl_add_xml(f, prof->url[AD_SVC_OWA][side]);
    ad_tmpl_add_markup(f, "</OWAUrl>");
    if (ews) {
        ad_tmpl_add_markup(f, side == AD_INTERNAL
                              ? "<Protocol><Type>EXCH</Type>"
                              : "<Protocol><Type>EXPR</Type>");
        add_element(f, "ASUrl", ews);
        ad_tmpl_add_markup(f, "</Protocol>");
    }
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "</", tag, ">", NULL));
}

static void add_hosting(ad_tmpl_t *f, const ad_profile_t *prof, const ad_server_t *sv)
{
    static const char *const types[] = { "IMAP", "POP3", "SMTP" };
    static const char *const encryption[] = { "SSL", "TLS", "None" };
    char port[8];

    apr_snprintf(port, sizeof(port), "%d", sv->port);
    ad_tmpl_add_markup(f, "<Protocol>\n<Type>");
    ad_tmpl_add_markup(f, types[sv->type]);
    ad_tmpl_add_markup(f, "</Type>");
    add_ttl(f, prof);
    add_element(f, "Server", sv->host);
    add_text_element(f, "Port", port);
    add_text_element(f, "DomainRequired", on_off(sv->domain_required));
    add_element(f, "LoginName", sv->login);
    add_text_element(f, "SPA", on_off(sv->spa));
    /* Encryption overrides SSL where understood; SSL stays for Outlook 2007. */
    add_text_element(f, "SSL", on_off(sv->tls != AD_TLS_NONE));
    add_text_element(f, "Encryption", encryption[sv->tls]);
    add_text_element(f, "AuthRequired", on_off(sv->auth));
    if (sv->type == AD_PROTO_SMTP) {
        add_text_element(f, "UsePOPAuth", on_off(sv->pop_auth));
        add_text_element(f, "SMTPLast", on_off(sv->smtp_last));
    }
    ad_tmpl_add_markup(f, "\n</Protocol>\n");
}

/* CalDAV or CardDAV for eM Client, in mailcow's shape (Outlook skips a
 * Type it does not know): the context URL in full, the login name. */
static void add_dav(ad_tmpl_t *f, const ad_dav_t *dav)
{
    ad_tmpl_add_markup(f, "<Protocol>\n<Type>");
    ad_tmpl_add_markup(f, ad_dav_name(dav->kind));
    ad_tmpl_add_markup(f, "</Type>");
    add_element(f, "Server", dav->url);
    add_text_element(f, "DomainRequired", "off");
    add_element(f, "LoginName", dav->login);
    ad_tmpl_add_markup(f, "\n</Protocol>\n");
}

static ad_tmpl_t *compile_outlook(apr_pool_t *p, const ad_profile_t *prof)
{
    ad_tmpl_t *f;
    int exch = has_service_urls(prof, AD_INTERNAL);
    int expr = has_service_urls(prof, AD_EXTERNAL) || prof->oa_host;
    int web = prof->url[AD_SVC_OWA][AD_INTERNAL] || prof->url[AD_SVC_OWA][AD_EXTERNAL];
    int hosting = prof->servers && prof->servers->nelts;
    int i;

    if (!exch && !expr && !web && !hosting)
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f, PROLOGUE RESPONSE_OUTLOOK "<User>");
    add_element(f, "DisplayName", prof->display_name);
    ad_tmpl_add_markup(f, "<AutoDiscoverSMTPAddress>");
    ad_tmpl_add_xml(f, ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</AutoDiscoverSMTPAddress></User>\n"
                          "<Account>\n<AccountType>email</AccountType>\n"
                          "<Action>settings</Action>\n");
    if (exch)
        add_exch(f, p, prof);
    if (expr)
        add_expr(f, p, prof);
    if (web) {
        ad_tmpl_add_markup(f, "<Protocol>\n<Type>WEB</Type>");
        add_web_side(f, prof, AD_INTERNAL);
        add_web_side(f, prof, AD_EXTERNAL);
        add_ttl(f, prof);
        ad_tmpl_add_markup(f, "\n</Protocol>\n");
    }
    for (i = 0; hosting && i < prof->servers->nelts; i++)
        add_hosting(f, prof, APR_ARRAY_IDX(prof->servers, i, ad_server_t *));
    /* Calendars and contacts only beside an account: alone they are no
     * mail account Outlook could set up. */
    for (i = 0; i < AD_DAV_COUNT; i++)
        if (prof->dav[i])
            add_dav(f, prof->dav[i]);
    ad_tmpl_add_markup(f, "</Account>\n" EPILOGUE);
    return f;
}

static void add_mobile_user(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof)
{
    add_text_element(f, "Culture", ad_profile_culture(prof));
    ad_tmpl_add_markup(f, "\n<User>");
    add_element(f, "DisplayName", prof->display_name);
    add_element(f, "EMailAddress", ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</User>\n");
}

static ad_tmpl_t *compile_mobilesync(apr_pool_t *p, const ad_profile_t *prof)
{
    ad_tmpl_t *url = prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                     ? prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                     : prof->url[AD_SVC_ACTIVESYNC][AD_INTERNAL];
    ad_tmpl_t *f;

    if (!url)
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f, PROLOGUE RESPONSE_MOBILE);
    add_mobile_user(f, p, prof);
    ad_tmpl_add_markup(f, "<Action>\n<Settings>\n<Server>"
                          "<Type>MobileSync</Type>");
    add_element(f, "Url", url);
    add_element(f, "Name", url);
    ad_tmpl_add_markup(f, "</Server>\n</Settings>\n</Action>\n" EPILOGUE);
    return f;
}

ad_tmpl_t *ad_pox_compile(apr_pool_t *p, const ad_profile_t *prof, ad_schema_e schema)
{
    return schema == AD_SCHEMA_MOBILESYNC ? compile_mobilesync(p, prof)
                                          : compile_outlook(p, prof);
}

/* -------------------------------------------------------------- rendering */

int ad_pox_render_settings(ad_buf_t *b, const ad_profile_t *prof,
                           ad_schema_e schema, const ad_vars_t *v)
{
    const ad_tmpl_t *f = schema == AD_SCHEMA_MOBILESYNC
                         ? prof->compiled_mobilesync : prof->compiled_outlook;
    if (!f)
        return 0;
    ad_tmpl_expand_xml(b, f, v);
    return 1;
}

void ad_pox_render_redirect_addr(ad_buf_t *b, ad_schema_e schema,
                                 const ad_vars_t *v, const char *new_address,
                                 const char *culture)
{
    ad_buf_adds(b, PROLOGUE);
    if (schema == AD_SCHEMA_MOBILESYNC) {
        ad_buf_adds(b, RESPONSE_MOBILE "<Culture>");
        ad_buf_add_xml(b, culture, strlen(culture));
        ad_buf_adds(b, "</Culture>\n<User><EMailAddress>");
        ad_buf_adds(b, v->xml[AD_SEG_ADDRESS]);
        ad_buf_adds(b, "</EMailAddress></User>\n<Action>\n<Redirect>");
        ad_buf_add_xml(b, new_address, strlen(new_address));
        ad_buf_adds(b, "</Redirect>\n</Action>\n");
    }
    else {
        ad_buf_adds(b, RESPONSE_OUTLOOK "<Account>\n<AccountType>email</AccountType>\n"
                       "<Action>redirectAddr</Action>\n<RedirectAddr>");
        ad_buf_add_xml(b, new_address, strlen(new_address));
        ad_buf_adds(b, "</RedirectAddr>\n</Account>\n");
    }
    ad_buf_adds(b, EPILOGUE);
}

void ad_pox_render_redirect_url(ad_buf_t *b, const char *url)
{
    ad_buf_adds(b, PROLOGUE RESPONSE_OUTLOOK
                   "<Account>\n<AccountType>email</AccountType>\n"
                   "<Action>redirectUrl</Action>\n<RedirectUrl>");
    ad_buf_add_xml(b, url, strlen(url));
    ad_buf_adds(b, "</RedirectUrl>\n</Account>\n" EPILOGUE);
}

static const char *error_message(int code)
{
    switch (code) {
    case AD_ERR_NOT_FOUND:       return "The e-mail address cannot be found.";
    case AD_ERR_INVALID_REQUEST: return "Invalid Request";
    case AD_ERR_SCHEMA:          return "Provider is not available";
    default:                     return "Internal server error";
    }
}

static void add_error_body(ad_buf_t *b, int code, const ad_error_info_t *e)
{
    char num[16];

    apr_snprintf(num, sizeof(num), "%d", code);
    ad_buf_adds(b, "<ErrorCode>");
    ad_buf_adds(b, num);
    ad_buf_adds(b, "</ErrorCode>\n<Message>");
    ad_buf_adds(b, error_message(code));
    ad_buf_adds(b, "</Message>\n");
    if (e->debug && *e->debug) {
        ad_buf_adds(b, "<DebugData>");
        ad_buf_add_xml(b, e->debug, strlen(e->debug));
        ad_buf_adds(b, "</DebugData>\n");
    }
    else {
        ad_buf_adds(b, "<DebugData />\n");
    }
}

void ad_pox_render_error(ad_buf_t *b, int mobilesync, int code,
                         const ad_error_info_t *e)
{
    char id[24];

    apr_snprintf(id, sizeof(id), "%lu", e->id);
    ad_buf_adds(b, PROLOGUE);
    ad_buf_adds(b, mobilesync ? RESPONSE_MOBILE : RESPONSE_ERROR);
    ad_buf_adds(b, "<Error Time=\"");
    ad_buf_adds(b, e->time);
    ad_buf_adds(b, "\" Id=\"");
    ad_buf_adds(b, id);
    ad_buf_adds(b, "\">\n");
    add_error_body(b, code, e);
    ad_buf_adds(b, "</Error>\n" EPILOGUE);
}

void ad_pox_render_address_error(ad_buf_t *b, ad_schema_e schema, int code,
                                 const ad_error_info_t *e, const ad_vars_t *v,
                                 const char *culture)
{
    if (schema != AD_SCHEMA_MOBILESYNC) {
        ad_pox_render_error(b, 0, code, e);
        return;
    }
    /* [MS-ASCMD] 4.2.2: an address-level failure is Action/Error, Status 2. */
    ad_buf_adds(b, PROLOGUE RESPONSE_MOBILE "<Culture>");
    ad_buf_add_xml(b, culture, strlen(culture));
    ad_buf_adds(b, "</Culture>\n<User><EMailAddress>");
    ad_buf_adds(b, v->xml[AD_SEG_ADDRESS]);
    ad_buf_adds(b, "</EMailAddress></User>\n<Action>\n<Error>\n<Status>2</Status>\n");
    add_error_body(b, code, e);
    ad_buf_adds(b, "</Error>\n</Action>\n" EPILOGUE);
}
