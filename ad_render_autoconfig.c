/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Thunderbird autoconfig: the config-v1.1.xml format as
 * draft-ietf-mailmaint-autoconfig-06 describes it (version 1.2), limited to
 * what the parsers of the clients that ask for it accept. Those parsers,
 * not the draft, decide each rule below:
 *
 * - Thunderbird for Android refuses the whole document for one IMAP or
 *   SMTP server whose socketType is not exactly SSL or STARTTLS, or that
 *   has no username or no authentication among password-cleartext,
 *   password-encrypted and OAuth2. So servers without TLS are left out,
 *   every server has a username, and an SMTP server without
 *   authentication is listed only after the authenticated ones, as "none"
 *   followed by a password method: Thunderbird desktop takes the first
 *   value it knows (none), Thunderbird for Android parses the password
 *   method but uses only the first SMTP server.
 * - Thunderbird and Mustang need emailProvider@id and a <domain> holding
 *   the domain asked, literally.
 * - OAuth2 comes first and a password method after it: both Thunderbirds
 *   use OAuth2 only for hosts they know themselves and then fall back.
 *   Mustang reads the <oAuth2> block, a child of <clientConfig>.
 * - <calendar> and <addressbook> (lower-case b: Mustang, the one client
 *   that reads them) are children of <clientConfig> placed before
 *   <emailProvider>: FairEmail takes the last <username> of the whole
 *   document for mail, so a DAV login that differs from the mail login
 *   must not come last.
 * - None of these parsers reads the version, nor do Evolution's and
 *   KMail's: it says 1.2, the draft whose sections the document carries.
 *
 * Enumerations are case-sensitive in these parsers; no text element holds
 * white space around its value.
 */
#include <apr_strings.h>
#include "ad_autoconfig.h"

/* ------------------------------------------------------------ which servers */

static int is_relay(const ad_server_t *sv)
{
    return sv->type == AD_PROTO_SMTP && !sv->auth;
}

/* An SMTP server with authentication that the document lists: what a relay
 * without authentication has to follow. */
static int has_authenticated_smtp(const ad_profile_t *prof)
{
    int i;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if (sv->type == AD_PROTO_SMTP && sv->auth && sv->tls != AD_TLS_NONE)
            return 1;
    }
    return 0;
}

/* Why sv is left out of the document, or NULL when it is listed. */
static const char *left_out_reason(const ad_profile_t *prof, const ad_server_t *sv)
{
    if (sv->tls == AD_TLS_NONE)
        return "no TLS, and Thunderbird for Android refuses the whole document "
               "for a socketType of plain";
    if (is_relay(sv) && !has_authenticated_smtp(prof))
        return "without authentication it can only follow an authenticated SMTP "
               "server (Thunderbird for Android uses the first SMTP server and "
               "needs a password method on each), and there is none";
    return NULL;
}

/* ---------------------------------------------------------------- elements */

static const char *socket_type(ad_tls_e tls)
{
    return tls == AD_TLS_IMPLICIT ? "SSL" : "STARTTLS";
}

static const char *password_method(const ad_server_t *sv)
{
    return sv->spa ? "password-encrypted" : "password-cleartext";
}

static void add_authentication(ad_tmpl_t *f, const char *method)
{
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "      <authentication>", method,
                                      "</authentication>\n", NULL));
}

/* The methods in the order clients should try them; returns whether
 * OAuth2 is among them. */
static int add_authentications(ad_tmpl_t *f, const ad_profile_t *prof,
                               const ad_server_t *sv)
{
    int oauth2 = !is_relay(sv) && ad_server_oauth2(prof, sv);

    if (is_relay(sv))
        add_authentication(f, "none");
    if (oauth2)
        add_authentication(f, "OAuth2");
    add_authentication(f, password_method(sv));
    return oauth2;
}

static void add_username(ad_tmpl_t *f, apr_pool_t *p, const ad_tmpl_t *login)
{
    ad_tmpl_add_markup(f, "      <username>");
    ad_tmpl_add_xml(f, login ? login : ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</username>\n");
}

/* hostname, port, socketType, username, authentication: the order
 * FairEmail needs (socketType after port, which resets its guess). */
static int add_server(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof,
                      const ad_server_t *sv)
{
    static const char *const types[] = { "imap", "pop3", "smtp" };
    const char *element = sv->type == AD_PROTO_SMTP ? "outgoingServer" : "incomingServer";
    int oauth2;

    ad_tmpl_add_markup(f, apr_psprintf(p, "    <%s type=\"%s\">\n      <hostname>",
                                       element, types[sv->type]));
    ad_tmpl_add_xml(f, sv->host);
    ad_tmpl_add_markup(f, apr_psprintf(p, "</hostname>\n      <port>%d</port>\n"
                                       "      <socketType>%s</socketType>\n",
                                       sv->port, socket_type(sv->tls)));
    add_username(f, p, sv->login);
    oauth2 = add_authentications(f, prof, sv);
    ad_tmpl_add_markup(f, apr_psprintf(p, "    </%s>\n", element));
    return oauth2;
}

/* The listed servers that pick() accepts, in the configured order;
 * returns whether one of them offers OAuth2. */
static int add_servers(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof,
                       int (*pick)(const ad_server_t *))
{
    int i, oauth2 = 0;

    for (i = 0; i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if (pick(sv) && !left_out_reason(prof, sv))
            oauth2 |= add_server(f, p, prof, sv);
    }
    return oauth2;
}

static int pick_incoming(const ad_server_t *sv) { return sv->type != AD_PROTO_SMTP; }
static int pick_smtp_auth(const ad_server_t *sv) { return sv->type == AD_PROTO_SMTP && sv->auth; }
static int pick_smtp_relay(const ad_server_t *sv) { return is_relay(sv); }

/* <calendar type="caldav"> or <addressbook type="carddav">: the context
 * URL, the login, and the HTTP authentication twice, as the draft writes
 * it (system="http" Basic) and as Mustang reads it (password-cleartext;
 * it skips the other, an element with an attribute, and its "basic" is
 * lower case). */
static int add_dav(ad_tmpl_t *f, apr_pool_t *p, const ad_profile_t *prof, ad_dav_e kind)
{
    const ad_dav_t *dav = prof->dav[kind];
    const char *element = kind == AD_DAV_CALDAV ? "calendar" : "addressbook";

    if (!dav)
        return 0;
    ad_tmpl_add_markup(f, apr_psprintf(p, "  <%s type=\"%s\">\n    <url>", element,
                                       kind == AD_DAV_CALDAV ? "caldav" : "carddav"));
    ad_tmpl_add_xml(f, dav->url);
    ad_tmpl_add_markup(f, "</url>\n    <username>");
    ad_tmpl_add_xml(f, dav->login ? dav->login : ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</username>\n");
    if (prof->oauth2)
        ad_tmpl_add_markup(f, "    <authentication>OAuth2</authentication>\n");
    ad_tmpl_add_markup(f, apr_psprintf(p, "    <authentication system=\"http\">Basic"
                                       "</authentication>\n"
                                       "    <authentication>password-cleartext"
                                       "</authentication>\n  </%s>\n", element));
    return prof->oauth2 != NULL;
}

static void add_text_element(ad_tmpl_t *f, const char *indent, const char *name,
                             const char *text)
{
    apr_pool_t *p = f->segs->pool;

    if (!text)
        return;
    ad_tmpl_add_markup(f, apr_pstrcat(p, indent, "<", name, ">", NULL));
    ad_tmpl_add_text(f, text);
    ad_tmpl_add_markup(f, apr_pstrcat(p, "</", name, ">\n", NULL));
}

/* The provider's names (Thunderbird, Mustang and KMail show displayName,
 * FairEmail and KMail displayShortName). */
static void add_provider(ad_tmpl_t *f, const ad_profile_t *prof)
{
    add_text_element(f, "    ", "displayName", ad_profile_provider_name(prof));
    add_text_element(f, "    ", "displayShortName", ad_profile_provider_short(prof));
}

/* The help page (FairEmail shows it as a link with the descr text). */
static void add_documentation(ad_tmpl_t *f, const ad_profile_t *prof)
{
    if (!prof->documentation_url)
        return;
    ad_tmpl_add_markup(f, "    <documentation url=\"");
    ad_tmpl_add_text(f, prof->documentation_url);
    ad_tmpl_add_markup(f, "\">\n      <descr lang=\"en\">How to set up your mail app"
                          "</descr>\n    </documentation>\n");
}

/* What Mustang reads to run OAuth2 with a provider it does not know:
 * authURL, tokenURL, scope and clientID (its default "open" when unset);
 * issuer for the draft. No client secret: the draft wants public clients. */
static void add_oauth2(ad_tmpl_t *f, const ad_oauth2_t *o)
{
    ad_tmpl_add_markup(f, "  <oAuth2>\n");
    add_text_element(f, "    ", "authURL", o->auth_url);
    add_text_element(f, "    ", "tokenURL", o->token_url);
    add_text_element(f, "    ", "issuer", o->issuer);
    add_text_element(f, "    ", "scope", o->scope);
    add_text_element(f, "    ", "clientID", o->client_id);
    ad_tmpl_add_markup(f, "  </oAuth2>\n");
}

/* Whether the document has an incoming and an outgoing server. */
static int has_both_kinds(const ad_profile_t *prof)
{
    int i, incoming = 0, outgoing = 0;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if (left_out_reason(prof, sv))
            continue;
        if (sv->type == AD_PROTO_SMTP)
            outgoing++;
        else
            incoming++;
    }
    return incoming && outgoing;
}

ad_tmpl_t *ad_autoconfig_compile(apr_pool_t *p, const ad_profile_t *prof)
{
    ad_tmpl_t *f, *domain = ad_tmpl_parse(p, "%EMAILDOMAIN%");
    int oauth2;

    if (!has_both_kinds(prof))
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<clientConfig version=\"1.2\">\n");
    oauth2 = add_dav(f, p, prof, AD_DAV_CALDAV);
    oauth2 |= add_dav(f, p, prof, AD_DAV_CARDDAV);
    ad_tmpl_add_markup(f, "  <emailProvider id=\"");
    ad_tmpl_add_xml(f, domain);
    ad_tmpl_add_markup(f, "\">\n    <domain>");
    ad_tmpl_add_xml(f, domain);
    ad_tmpl_add_markup(f, "</domain>\n");
    add_provider(f, prof);
    /* Incoming in the configured order: FairEmail takes only the first
     * incoming server (and only if it is IMAP), Thunderbird for Android
     * only the first IMAP server. Then the authenticated SMTP servers,
     * then those without authentication. */
    oauth2 |= add_servers(f, p, prof, pick_incoming);
    oauth2 |= add_servers(f, p, prof, pick_smtp_auth);
    oauth2 |= add_servers(f, p, prof, pick_smtp_relay);
    add_documentation(f, prof);
    ad_tmpl_add_markup(f, "  </emailProvider>\n");
    if (oauth2)
        add_oauth2(f, prof->oauth2);
    ad_tmpl_add_markup(f, "</clientConfig>\n");
    return f;
}

void ad_autoconfig_vars_unknown(ad_vars_t *v, apr_pool_t *p, const char *domain)
{
    ad_vars_set(v, p, "%EMAILADDRESS%", "%EMAILLOCALPART%", domain);
}

/* "IMAP imap.example.com:143 tls=none", as configured. */
static const char *server_name(apr_pool_t *p, const ad_server_t *sv)
{
    static const char *const protos[] = { "IMAP", "POP3", "SMTP" };
    static const char *const tls[] = { "implicit", "starttls", "none" };

    return apr_psprintf(p, "%s %s:%d tls=%s%s", protos[sv->type], sv->host->source,
                        sv->port, tls[sv->tls], is_relay(sv) ? " auth=off" : "");
}

int ad_autoconfig_lists(const ad_profile_t *prof, const ad_server_t *sv)
{
    return left_out_reason(prof, sv) == NULL;
}

apr_array_header_t *ad_autoconfig_left_out(apr_pool_t *p, const ad_profile_t *prof)
{
    apr_array_header_t *lines = apr_array_make(p, 1, sizeof(const char *));
    int i;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        const char *why = left_out_reason(prof, sv);
        if (why)
            APR_ARRAY_PUSH(lines, const char *) =
                apr_pstrcat(p, server_name(p, sv), ": ", why, NULL);
    }
    return lines;
}
