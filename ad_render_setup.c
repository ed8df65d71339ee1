/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The setup page's HTML (see include/ad_setup.h). One document, readable
 * without CSS and usable without JavaScript: a form, then for an address
 * what each client family does by itself and what to do if it does not,
 * the profile links with a QR code, and every server in plain words. The
 * values come from the verdict's profile exactly as the formats take them
 * (ad_render_mobileconfig.c, ad_render_autoconfig.c, ad_render_pox.c), so the page says
 * what the clients are told. Every text and value goes out escaped; the
 * markup's own attributes (ids, data-*) are fixed tokens, which tests and
 * stylesheets rely on.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ad_setup.h"
#include "ad_autoconfig.h"
#include "ad_qr.h"

/* Small, mobile first, light and dark, system fonts: nothing to fetch. */
static const char css[] =
    ":root{color-scheme:light dark;--fg:#1b1c1e;--bg:#fff;--muted:#50555c;--card:#f3f4f6;"
    "--line:#cfd3d9;--accent:#0a53c2;--on-accent:#fff}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#eceef1;--bg:#15171a;--muted:#b0b6bf;"
    "--card:#212429;--line:#3b4048;--accent:#8ab4f8;--on-accent:#0b1a33}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
    "color:var(--fg);background:var(--bg)}\n"
    "header,main,footer{max-width:46rem;margin:0 auto;padding:1rem}\n"
    "header{border-bottom:1px solid var(--line)}\n"
    ".brand{display:flex;align-items:center;gap:.75rem;font-weight:600;color:var(--muted)}\n"
    ".logo{max-height:3rem;max-width:12rem}\n"
    "h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 0}\n"
    "h2{font-size:1.3rem;margin:2rem 0 .5rem}\n"
    "h3{font-size:1.1rem;margin:0 0 .5rem}\n"
    "label{display:block;font-weight:600;margin-bottom:.25rem}\n"
    ".row{display:flex;flex-wrap:wrap;gap:.5rem}\n"
    "input{flex:1 1 14rem;min-width:0;font:inherit;padding:.6rem;border:1px solid var(--muted);"
    "border-radius:.4rem;background:var(--bg);color:var(--fg)}\n"
    "button,.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1rem;"
    "border:0;border-radius:.4rem;background:var(--accent);color:var(--on-accent);"
    "text-decoration:none;cursor:pointer}\n"
    ":focus-visible{outline:3px solid var(--accent);outline-offset:2px}\n"
    "a{color:var(--accent)}\n"
    ".client,.server{background:var(--card);border:1px solid var(--line);border-radius:.6rem;"
    "padding:1rem;margin:.75rem 0}\n"
    ".client p{margin:.5rem 0}\n"
    ".notice{border-left:.3rem solid var(--accent);background:var(--card);padding:.75rem 1rem}\n"
    ".downloads{display:flex;flex-wrap:wrap;gap:.5rem}\n"
    ".qr{margin:1rem 0;text-align:center}\n"
    ".qr svg{display:block;width:15rem;height:15rem;max-width:100%;margin:0 auto;"
    "background:#fff}\n"
    ".qr figcaption{color:var(--muted);font-size:.95rem}\n"
    "dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}\n"
    "dt{color:var(--muted)}\n"
    "dd{margin:0;font-weight:600;overflow-wrap:anywhere}\n"
    ".note{color:var(--muted);font-size:.95rem;margin:.5rem 0 0}\n"
    "#help{margin-top:2rem;border-top:1px solid var(--line)}\n"
    /* Wide screens: Apple's section, with the QR code to scan from them,
     * beside the others. */
    "@media (min-width:64rem){header,main,footer{max-width:60rem}"
    ".clients{display:grid;grid-template-columns:1fr 1fr;gap:0 1rem;align-items:start}"
    ".clients .client{margin:.5rem 0;grid-column:1}#apple{grid-column:2;grid-row:1/span 4}}\n";

typedef struct {
    ad_buf_t *b;
    apr_pool_t *p;
    const ad_setup_view_t *view;
    ad_vars_t v;                /* the address, or empty values */
} page_t;

static void raw(page_t *pg, const char *markup)
{
    ad_buf_adds(pg->b, markup);
}

static void esc(page_t *pg, const char *s)
{
    ad_buf_add_xml(pg->b, s ? s : "", s ? strlen(s) : 0);
}

/* A text, its placeholders filled in, escaped. */
static void text(page_t *pg, ad_setup_text_e key)
{
    esc(pg, ad_tmpl_expand_raw(pg->p, ad_tmpl_parse(pg->p, ad_setup_text(pg->view->conf, key)),
                               &pg->v));
}

static const char *value(page_t *pg, const ad_tmpl_t *t)
{
    return ad_tmpl_expand_raw(pg->p, t, &pg->v);
}

/* <p id="ID">TEXT</p>; id may be NULL. */
static void para(page_t *pg, const char *id, ad_setup_text_e key)
{
    raw(pg, "<p");
    if (id)
        raw(pg, apr_pstrcat(pg->p, " id=\"", id, "\"", NULL));
    raw(pg, ">");
    text(pg, key);
    raw(pg, "</p>\n");
}

/* ------------------------------------------------------------- links */

const char *ad_setup_urlencode(apr_pool_t *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    char *out = apr_palloc(p, 3 * strlen(s) + 1), *o = out;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (apr_isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            *o++ = (char)c;
        else {
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    return out;
}

static const ad_tmpl_t *activesync_url(const ad_profile_t *prof)
{
    return prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL] ? prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                                                     : prof->url[AD_SVC_ACTIVESYNC][AD_INTERNAL];
}

void ad_setup_profile_links(apr_pool_t *p, const ad_setup_view_t *view,
                            ad_setup_links_t *out)
{
    const ad_profile_t *prof = view->prof;
    const char *base;

    memset(out, 0, sizeof(*out));
    if (view->state != AD_SETUP_SETTINGS || !prof->compiled_mobileconfig)
        return;
    base = apr_pstrcat(p, view->origin, "/mobileconfig?emailaddress=",
                       ad_setup_urlencode(p, view->v->value[AD_SEG_ADDRESS]), NULL);
    if (!prof->compiled_mobileconfig_mac)
        /* ActiveSync alone: no Mac profile (the Mac would get 404). */
        out->ios = apr_pstrcat(p, base, "&platform=ios", NULL);
    else if (activesync_url(prof)) {
        /* An iPad's Safari says Macintosh and would get the Mac profile,
         * without ActiveSync: one link per platform. */
        out->ios = apr_pstrcat(p, base, "&platform=ios", NULL);
        out->macos = apr_pstrcat(p, base, "&platform=macos", NULL);
    }
    else
        out->any = base;
    out->qr = out->any ? out->any : out->ios;
}

/* ---------------------------------------------------------- servers */

static void row(page_t *pg, ad_setup_text_e label, const char *field, const char *attrs,
                const char *val)
{
    raw(pg, "<dt>");
    text(pg, label);
    raw(pg, apr_pstrcat(pg->p, "</dt><dd data-field=\"", field, "\"", attrs ? attrs : "",
                        ">", NULL));
    esc(pg, val);
    raw(pg, "</dd>\n");
}

static void text_row(page_t *pg, ad_setup_text_e label, const char *field, const char *attrs,
                     ad_setup_text_e val)
{
    raw(pg, "<dt>");
    text(pg, label);
    raw(pg, apr_pstrcat(pg->p, "</dt><dd data-field=\"", field, "\"", attrs, ">", NULL));
    text(pg, val);
    raw(pg, "</dd>\n");
}

static void server(page_t *pg, const ad_profile_t *prof, const ad_server_t *sv, int n)
{
    static const char *const proto[] = { "IMAP", "POP3", "SMTP" };
    static const char *const tls[] = { "implicit", "starttls", "none" };
    static const ad_setup_text_e tls_text[] = { AD_ST_TLS_IMPLICIT, AD_ST_TLS_STARTTLS,
                                                AD_ST_TLS_NONE };
    int relay = sv->type == AD_PROTO_SMTP && !sv->auth;
    const char *auth = relay ? "none" : ad_server_oauth2(prof, sv) ? "oauth2"
                       : sv->spa ? "encrypted" : "password";
    ad_setup_text_e auth_text = relay ? AD_ST_AUTH_NONE
                                : ad_server_oauth2(prof, sv) ? AD_ST_AUTH_OAUTH2
                                : sv->spa ? AD_ST_AUTH_ENCRYPTED : AD_ST_AUTH_PASSWORD;

    raw(pg, apr_psprintf(pg->p, "<div class=\"server\" id=\"server-%d\" data-protocol=\"%s\"><dl>\n",
                         n, proto[sv->type]));
    row(pg, AD_ST_LABEL_TYPE, "type", NULL, proto[sv->type]);
    row(pg, AD_ST_LABEL_SERVER, "host", NULL, value(pg, sv->host));
    row(pg, AD_ST_LABEL_PORT, "port", NULL, apr_itoa(pg->p, sv->port));
    text_row(pg, AD_ST_LABEL_SECURITY, "security",
             apr_pstrcat(pg->p, " data-tls=\"", tls[sv->tls], "\"", NULL), tls_text[sv->tls]);
    /* The login the formats give: login=, else the address; none for a
     * relay without authentication (as in the Apple profile). */
    if (!relay)
        row(pg, AD_ST_LABEL_LOGIN, "login", NULL,
            sv->login ? value(pg, sv->login) : pg->v.value[AD_SEG_ADDRESS]);
    text_row(pg, AD_ST_LABEL_AUTH, "auth", apr_pstrcat(pg->p, " data-auth=\"", auth, "\"", NULL),
             auth_text);
    raw(pg, "</dl>\n");
    if (!ad_autoconfig_lists(prof, sv)) {
        raw(pg, "<p class=\"note\">");
        text(pg, AD_ST_LEFT_OUT);
        raw(pg, "</p>\n");
    }
    raw(pg, "</div>\n");
}

static void servers_of(page_t *pg, const ad_profile_t *prof, int outgoing,
                       ad_setup_text_e heading, const char *id)
{
    int i, any = 0;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if ((sv->type == AD_PROTO_SMTP) != outgoing)
            continue;
        if (!any++) {
            raw(pg, apr_pstrcat(pg->p, "<h3 id=\"", id, "\">", NULL));
            text(pg, heading);
            raw(pg, "</h3>\n");
        }
        server(pg, prof, sv, i + 1);
    }
}

static void dav(page_t *pg, const ad_dav_t *d)
{
    int cal = d->kind == AD_DAV_CALDAV;
    ad_url_parts_t parts;

    ad_url_parts(pg->p, d->url, &parts);
    raw(pg, cal ? "<div class=\"server\" id=\"caldav\"><h3>"
                : "<div class=\"server\" id=\"carddav\"><h3>");
    text(pg, cal ? AD_ST_CALENDARS : AD_ST_CONTACTS);
    raw(pg, "</h3><dl>\n");
    row(pg, AD_ST_LABEL_URL, "url", NULL, value(pg, d->url));
    row(pg, AD_ST_LABEL_SERVER, "host", NULL, value(pg, parts.host));
    row(pg, AD_ST_LABEL_PORT, "port", NULL, apr_itoa(pg->p, parts.port));
    row(pg, AD_ST_LABEL_LOGIN, "login", NULL,
        d->login ? value(pg, d->login) : pg->v.value[AD_SEG_ADDRESS]);
    raw(pg, "</dl></div>\n");
}

/* The host of an ActiveSync URL, as the Apple profile's Host. */
static const char *url_host(apr_pool_t *p, const char *url)
{
    const char *s = strstr(url, "://");

    s = s ? s + 3 : url;
    return apr_pstrmemdup(p, s, strcspn(s, "/?#"));
}

static void activesync(page_t *pg, const ad_profile_t *prof)
{
    const ad_tmpl_t *t = activesync_url(prof);
    const char *url;

    if (!t)
        return;
    url = value(pg, t);
    raw(pg, "<div class=\"server\" id=\"activesync\"><h3>");
    text(pg, AD_ST_ACTIVESYNC);
    raw(pg, "</h3><dl>\n");
    row(pg, AD_ST_LABEL_SERVER, "host", NULL, url_host(pg->p, url));
    row(pg, AD_ST_LABEL_URL, "url", NULL, url);
    row(pg, AD_ST_LABEL_LOGIN, "login", NULL, pg->v.value[AD_SEG_ADDRESS]);
    raw(pg, "</dl></div>\n");
}

/* ---------------------------------------------------------- clients */

static void client_begin(page_t *pg, const char *id, ad_setup_text_e heading, int automatic)
{
    raw(pg, apr_pstrcat(pg->p, "<section class=\"client\" id=\"", id, "\" data-auto=\"",
                        automatic ? "yes" : "no", "\"><h3>", NULL));
    text(pg, heading);
    raw(pg, "</h3>\n");
}

static int has_servers(const ad_profile_t *prof)
{
    return prof->servers && prof->servers->nelts > 0;
}

static void outlook(page_t *pg, const ad_profile_t *prof)
{
    int automatic = prof->compiled_outlook != NULL;

    client_begin(pg, "outlook", AD_ST_OUTLOOK, automatic);
    if (automatic) {
        para(pg, NULL, AD_ST_OUTLOOK_AUTO);
        /* By hand, Outlook takes IMAP or POP: only where there is one. */
        if (has_servers(prof))
            para(pg, NULL, AD_ST_OUTLOOK_MANUAL);
    }
    else
        para(pg, NULL, AD_ST_OUTLOOK_NONE);
    raw(pg, "</section>\n");
}

static void link_button(page_t *pg, const char *id, const char *href, ad_setup_text_e label)
{
    raw(pg, apr_pstrcat(pg->p, "<a class=\"button\" id=\"", id, "\" href=\"", NULL));
    esc(pg, href);
    raw(pg, "\">");
    text(pg, label);
    raw(pg, "</a>\n");
}

/* What the profile installs, as ad_mobileconfig_compile() builds it. */
static void profile_contents(page_t *pg, const ad_profile_t *prof)
{
    const ad_server_t *in = ad_profile_first_server(prof, AD_PROTO_IMAP);

    if (!in)
        in = ad_profile_first_server(prof, AD_PROTO_POP3);
    para(pg, NULL, AD_ST_APPLE_CONTAINS);
    raw(pg, "<ul id=\"profile-contents\">\n");
    if (in && ad_profile_first_server(prof, AD_PROTO_SMTP)) {
        raw(pg, "<li data-payload=\"mail\">");
        text(pg, AD_ST_MAIL);
        raw(pg, "</li>\n");
    }
    if (activesync_url(prof)) {
        raw(pg, "<li data-payload=\"activesync\">");
        text(pg, AD_ST_ACTIVESYNC);
        raw(pg, "</li>\n");
    }
    if (prof->dav[AD_DAV_CALDAV]) {
        raw(pg, "<li data-payload=\"caldav\">");
        text(pg, AD_ST_CALENDARS);
        raw(pg, "</li>\n");
    }
    if (prof->dav[AD_DAV_CARDDAV]) {
        raw(pg, "<li data-payload=\"carddav\">");
        text(pg, AD_ST_CONTACTS);
        raw(pg, "</li>\n");
    }
    raw(pg, "</ul>\n");
}

static const char *apple(page_t *pg, const ad_profile_t *prof)
{
    ad_setup_links_t links;
    const char *svg = NULL, *why = NULL;

    ad_setup_profile_links(pg->p, pg->view, &links);
    client_begin(pg, "apple", AD_ST_APPLE, 0);
    if (!links.qr) {
        para(pg, NULL, AD_ST_APPLE_NONE);
        raw(pg, "</section>\n");
        return NULL;
    }
    para(pg, NULL, AD_ST_APPLE_INTRO);
    profile_contents(pg, prof);
    raw(pg, "<p class=\"downloads\">\n");
    if (links.any)
        link_button(pg, "profile", links.any, AD_ST_APPLE_DOWNLOAD);
    else
        link_button(pg, "profile-ios", links.ios, AD_ST_APPLE_DOWNLOAD_IOS);
    if (links.macos)
        link_button(pg, "profile-macos", links.macos, AD_ST_APPLE_DOWNLOAD_MAC);
    raw(pg, "</p>\n");
    if (links.macos)
        para(pg, NULL, AD_ST_APPLE_TWO);
    else if (!links.any)
        para(pg, NULL, AD_ST_APPLE_IOS_ONLY);
    why = ad_qr_svg(pg->p, links.qr, ad_tmpl_expand_raw(pg->p, ad_tmpl_parse(pg->p,
                    ad_setup_text(pg->view->conf, AD_ST_QR_TITLE)), &pg->v), "qr-title", &svg);
    if (svg) {
        raw(pg, "<figure class=\"qr\" id=\"qr\" data-url=\"");
        esc(pg, links.qr);
        raw(pg, "\">");
        raw(pg, svg);
        raw(pg, "<figcaption>");
        text(pg, AD_ST_QR_CAPTION);
        raw(pg, "</figcaption></figure>\n");
    }
    para(pg, NULL, AD_ST_APPLE_INSTALL);
    if (pg->view->signer) {
        raw(pg, "<p id=\"signature\" data-signed=\"yes\">");
        text(pg, AD_ST_APPLE_SIGNED);
        raw(pg, " <strong id=\"signer\">");
        esc(pg, pg->view->signer);
        raw(pg, "</strong></p>\n");
    }
    else {
        raw(pg, "<p id=\"signature\" data-signed=\"no\">");
        text(pg, AD_ST_APPLE_UNSIGNED);
        raw(pg, "</p>\n");
    }
    raw(pg, "</section>\n");
    return why;
}

static int has_dav(const ad_profile_t *prof)
{
    return prof->dav[AD_DAV_CALDAV] || prof->dav[AD_DAV_CARDDAV];
}

static void autoconfig_client(page_t *pg, const ad_profile_t *prof, const char *id,
                              ad_setup_text_e heading, ad_setup_text_e yes,
                              ad_setup_text_e manual, ad_setup_text_e no,
                              ad_setup_text_e dav_text)
{
    int automatic = prof->compiled_autoconfig != NULL;

    client_begin(pg, id, heading, automatic);
    if (automatic) {
        para(pg, NULL, yes);
        para(pg, NULL, manual);
    }
    else
        para(pg, NULL, no);
    if (has_dav(prof))
        para(pg, NULL, dav_text);
    raw(pg, "</section>\n");
}

static void other(page_t *pg, const ad_profile_t *prof)
{
    int automatic = prof->compiled_autoconfig != NULL;

    client_begin(pg, "other", AD_ST_OTHER, automatic);
    if (automatic)
        para(pg, NULL, AD_ST_OTHER_AUTO);
    para(pg, NULL, AD_ST_OTHER_MANUAL);
    raw(pg, "</section>\n");
}

static const char *settings(page_t *pg)
{
    const ad_profile_t *prof = pg->view->prof;
    const char *why;

    raw(pg, "<h2 id=\"settings\">");
    text(pg, AD_ST_SETTINGS_FOR);
    raw(pg, "</h2>\n");
    if (pg->view->personal)
        para(pg, "personal", AD_ST_PERSONAL);
    para(pg, "summary", AD_ST_SUMMARY);
    raw(pg, "<div class=\"clients\">\n");
    outlook(pg, prof);
    why = apple(pg, prof);
    autoconfig_client(pg, prof, "thunderbird", AD_ST_THUNDERBIRD, AD_ST_THUNDERBIRD_AUTO,
                      AD_ST_THUNDERBIRD_MANUAL, AD_ST_THUNDERBIRD_NONE, AD_ST_THUNDERBIRD_DAV);
    autoconfig_client(pg, prof, "android", AD_ST_ANDROID, AD_ST_ANDROID_AUTO,
                      AD_ST_ANDROID_MANUAL, AD_ST_ANDROID_NONE, AD_ST_ANDROID_DAV);
    other(pg, prof);
    raw(pg, "</div>\n<h2 id=\"servers\">");
    text(pg, AD_ST_SERVERS);
    raw(pg, "</h2>\n");
    if (has_servers(prof))
        para(pg, NULL, AD_ST_SERVERS_INTRO);
    servers_of(pg, prof, 0, AD_ST_INCOMING, "incoming");
    servers_of(pg, prof, 1, AD_ST_OUTGOING, "outgoing");
    if (prof->dav[AD_DAV_CALDAV])
        dav(pg, prof->dav[AD_DAV_CALDAV]);
    if (prof->dav[AD_DAV_CARDDAV])
        dav(pg, prof->dav[AD_DAV_CARDDAV]);
    activesync(pg, prof);
    return why;
}

/* ------------------------------------------------------------ page */

static void notice(page_t *pg, ad_setup_text_e key, const char *extra)
{
    raw(pg, "<p class=\"notice\" id=\"message\" role=\"status\">");
    text(pg, key);
    if (extra)
        raw(pg, extra);
    raw(pg, "</p>\n");
}

static void head(page_t *pg)
{
    const ad_setup_view_t *view = pg->view;

    raw(pg, "<!DOCTYPE html>\n<html lang=\"");
    text(pg, AD_ST_LANG);
    raw(pg, "\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    text(pg, AD_ST_TITLE);
    if (view->provider) {
        raw(pg, " - ");
        esc(pg, view->provider);
    }
    raw(pg, "</title>\n<style>\n");
    raw(pg, css);
    raw(pg, "</style>\n</head>\n<body>\n<header>\n");
    if ((view->conf && view->conf->logo && view->conf->logo->uri) || view->provider) {
        raw(pg, "<div class=\"brand\">");
        if (view->conf && view->conf->logo && view->conf->logo->uri) {
            raw(pg, "<img class=\"logo\" id=\"logo\" src=\"");
            esc(pg, view->conf->logo->uri);
            raw(pg, "\" alt=\"");
            esc(pg, view->conf->logo->alt);
            raw(pg, "\">");
        }
        if (view->provider) {
            raw(pg, "<span id=\"provider\">");
            esc(pg, view->provider);
            raw(pg, "</span>");
        }
        raw(pg, "</div>\n");
    }
    raw(pg, "<h1>");
    text(pg, AD_ST_TITLE);
    raw(pg, "</h1>\n</header>\n<main>\n");
}

static void form(page_t *pg)
{
    /* No action: the form asks this very page, whatever its path. */
    raw(pg, "<form method=\"get\" id=\"form\">\n<label for=\"emailaddress\">");
    text(pg, AD_ST_FORM_LABEL);
    raw(pg, "</label>\n<div class=\"row\"><input id=\"emailaddress\" name=\"emailaddress\" "
            "type=\"text\" inputmode=\"email\" autocomplete=\"email\" autocapitalize=\"none\" "
            "spellcheck=\"false\" required value=\"");
    esc(pg, pg->view->asked);
    raw(pg, "\"><button type=\"submit\">");
    text(pg, AD_ST_FORM_BUTTON);
    raw(pg, "</button></div>\n</form>\n");
}

/* The operator's own paragraphs (AutodiscoverSetupHelp), after what the
 * page says for the address. */
static void help(page_t *pg)
{
    const ad_setup_conf_t *conf = pg->view->conf;
    int i;

    if (!conf || !conf->help || !conf->help->nelts)
        return;
    raw(pg, "<section id=\"help\">\n");
    for (i = 0; i < conf->help->nelts; i++) {
        raw(pg, apr_psprintf(pg->p, "<p class=\"help\" id=\"help-%d\">", i + 1));
        esc(pg, APR_ARRAY_IDX(conf->help, i, const char *));
        raw(pg, "</p>\n");
    }
    raw(pg, "</section>\n");
}

static const char *body(page_t *pg)
{
    const ad_setup_view_t *view = pg->view;

    switch (view->state) {
    case AD_SETUP_FORM:
        para(pg, "intro", AD_ST_INTRO);
        break;
    case AD_SETUP_BAD_ADDRESS:
        notice(pg, AD_ST_BAD_ADDRESS, NULL);
        break;
    case AD_SETUP_OFF:
        notice(pg, AD_ST_OFF, NULL);
        break;
    case AD_SETUP_EMPTY:
        notice(pg, AD_ST_EMPTY, NULL);
        break;
    case AD_SETUP_FOREIGN:
        notice(pg, AD_ST_FOREIGN, NULL);
        break;
    case AD_SETUP_UNKNOWN:
        notice(pg, AD_ST_UNKNOWN, NULL);
        break;
    case AD_SETUP_UNAVAILABLE:
        notice(pg, AD_ST_UNAVAILABLE, NULL);
        break;
    case AD_SETUP_MOVED: {
        const char *t = ad_xml_escape(pg->p, view->target);
        notice(pg, AD_ST_MOVED, apr_pstrcat(pg->p, " <a id=\"moved\" href=\"?emailaddress=",
                                            ad_xml_escape(pg->p, ad_setup_urlencode(pg->p,
                                                                                    view->target)),
                                            "\">", t, "</a>", NULL));
        break;
    }
    case AD_SETUP_ELSEWHERE:
        notice(pg, AD_ST_ELSEWHERE, apr_pstrcat(pg->p, " <code id=\"elsewhere\">",
                                                ad_xml_escape(pg->p, view->target), "</code>",
                                                NULL));
        break;
    case AD_SETUP_SETTINGS:
        return settings(pg);
    }
    return NULL;
}

const char *ad_setup_render(ad_buf_t *b, const ad_setup_view_t *view)
{
    page_t pg;
    const char *why;

    pg.b = b;
    pg.p = b->pool;
    pg.view = view;
    if (view->v)
        pg.v = *view->v;
    else
        ad_vars_set(&pg.v, b->pool, "", "", "");
    head(&pg);
    form(&pg);
    why = body(&pg);
    help(&pg);
    raw(&pg, "</main>\n");
    if (view->documentation_url) {
        raw(&pg, "<footer><p>");
        text(&pg, AD_ST_MORE_HELP);
        raw(&pg, " <a id=\"documentation\" rel=\"noreferrer\" href=\"");
        esc(&pg, view->documentation_url);
        raw(&pg, "\">");
        esc(&pg, view->documentation_url);
        raw(&pg, "</a></p></footer>\n");
    }
    raw(&pg, "</body>\n</html>\n");
    return why;
}
