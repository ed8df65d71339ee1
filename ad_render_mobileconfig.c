/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Apple configuration profile: a property list with a com.apple.mail.managed
 * payload and, where configured, com.apple.eas.account (iOS only),
 * com.apple.caldav.account and com.apple.carddav.account payloads. No
 * passwords: the device asks for them.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_sha1.h>
#include "ad_mobileconfig.h"

/* The namespace of every UUID this module derives (a fixed random UUID). */
static const unsigned char uuid_namespace[16] = {
    0x6f, 0x3a, 0x1c, 0x52, 0x9e, 0x47, 0x4b, 0x0d,
    0xa8, 0x15, 0x27, 0xc4, 0x83, 0xe9, 0x5d, 0x61
};

const char *ad_uuid5(apr_pool_t *p, const char *name)
{
    unsigned char digest[APR_SHA1_DIGESTSIZE];
    apr_sha1_ctx_t ctx;

    apr_sha1_init(&ctx);
    apr_sha1_update_binary(&ctx, uuid_namespace, sizeof(uuid_namespace));
    apr_sha1_update(&ctx, name, (unsigned int)strlen(name));
    apr_sha1_final(digest, &ctx);
    digest[6] = (unsigned char)((digest[6] & 0x0f) | 0x50);    /* version 5 */
    digest[8] = (unsigned char)((digest[8] & 0x3f) | 0x80);    /* RFC 4122 */
    return apr_psprintf(p, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
                        "%02X%02X%02X%02X%02X%02X",
                        digest[0], digest[1], digest[2], digest[3], digest[4],
                        digest[5], digest[6], digest[7], digest[8], digest[9],
                        digest[10], digest[11], digest[12], digest[13],
                        digest[14], digest[15]);
}

void ad_mobileconfig_vars(ad_vars_t *v, apr_pool_t *p)
{
    char *address = apr_pstrdup(p, v->value[AD_SEG_ADDRESS]);
    char *s;

    for (s = address; *s; s++)
        *s = (char)apr_tolower(*s);
    ad_vars_set_extra(v, AD_SEG_UUID_PROFILE,
                      ad_uuid5(p, apr_pstrcat(p, "profile:", address, NULL)));
    ad_vars_set_extra(v, AD_SEG_UUID_MAIL,
                      ad_uuid5(p, apr_pstrcat(p, "mail:", address, NULL)));
    ad_vars_set_extra(v, AD_SEG_UUID_EAS,
                      ad_uuid5(p, apr_pstrcat(p, "eas:", address, NULL)));
    ad_vars_set_extra(v, AD_SEG_UUID_CALDAV,
                      ad_uuid5(p, apr_pstrcat(p, "caldav:", address, NULL)));
    ad_vars_set_extra(v, AD_SEG_UUID_CARDDAV,
                      ad_uuid5(p, apr_pstrcat(p, "carddav:", address, NULL)));
}

/* ------------------------------------------------------------- platform */

const char *ad_apple_os_name(ad_apple_os_e os)
{
    return os == AD_APPLE_MACOS ? "macos" : "ios";
}

const char *ad_apple_platform(const char *param, const char *ua,
                              ad_apple_os_e *os, int *by_ua)
{
    *by_ua = !param;
    if (!param) {
        /* Safari's token on a Mac and, by default, on an iPad: the iPad
         * then gets the Mac's profile, which iPadOS installs as well. */
        *os = ua && strstr(ua, "Macintosh") ? AD_APPLE_MACOS : AD_APPLE_IOS;
        return NULL;
    }
    if (strcasecmp(param, "ios") == 0)
        *os = AD_APPLE_IOS;
    else if (strcasecmp(param, "macos") == 0)
        *os = AD_APPLE_MACOS;
    else
        return "platform is neither ios nor macos";
    return NULL;
}

/* ------------------------------------------------------------ compiling */

static void key(ad_tmpl_t *f, const char *name)
{
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "\t\t\t<key>", name, "</key>\n",
                                      NULL));
}

static void string_value(ad_tmpl_t *f, const char *name, const ad_tmpl_t *value)
{
    key(f, name);
    ad_tmpl_add_markup(f, "\t\t\t<string>");
    ad_tmpl_add_xml(f, value);
    ad_tmpl_add_markup(f, "</string>\n");
}

static void text_value(ad_tmpl_t *f, const char *name, const char *text)
{
    string_value(f, name, ad_tmpl_parse(f->segs->pool, text));
}

static void int_value(ad_tmpl_t *f, const char *name, int n)
{
    key(f, name);
    ad_tmpl_add_markup(f, apr_psprintf(f->segs->pool, "\t\t\t<integer>%d</integer>\n", n));
}

static void bool_value(ad_tmpl_t *f, const char *name, int b)
{
    key(f, name);
    ad_tmpl_add_markup(f, b ? "\t\t\t<true/>\n" : "\t\t\t<false/>\n");
}

static void uuid_value(ad_tmpl_t *f, const char *name, ad_seg_kind_e hole)
{
    key(f, name);
    ad_tmpl_add_markup(f, "\t\t\t<string>");
    ad_tmpl_add_hole(f, hole);
    ad_tmpl_add_markup(f, "</string>\n");
}

/* PayloadIdentifier: stable for the address, as the UUID it holds. */
static void identifier(ad_tmpl_t *f, const char *suffix)
{
    key(f, "PayloadIdentifier");
    ad_tmpl_add_markup(f, "\t\t\t<string>autodiscover.");
    ad_tmpl_add_hole(f, AD_SEG_UUID_PROFILE);
    ad_tmpl_add_markup(f, suffix);
    ad_tmpl_add_markup(f, "</string>\n");
}

static const char *authentication(const ad_server_t *sv)
{
    if (sv->type == AD_PROTO_SMTP && !sv->auth)
        return "EmailAuthNone";
    return sv->spa ? "EmailAuthCRAMMD5" : "EmailAuthPassword";
}

static void server_keys(ad_tmpl_t *f, const char *side, const ad_server_t *sv)
{
    apr_pool_t *p = f->segs->pool;
    ad_tmpl_t *login = sv->login ? sv->login : ad_tmpl_parse(p, "%EMAILADDRESS%");

    text_value(f, apr_pstrcat(p, side, "MailServerAuthentication", NULL),
               authentication(sv));
    string_value(f, apr_pstrcat(p, side, "MailServerHostName", NULL), sv->host);
    int_value(f, apr_pstrcat(p, side, "MailServerPortNumber", NULL), sv->port);
    /* STARTTLS too: the profile format has no separate flag for it. */
    bool_value(f, apr_pstrcat(p, side, "MailServerUseSSL", NULL), sv->tls != AD_TLS_NONE);
    if (sv->type != AD_PROTO_SMTP || sv->auth)
        string_value(f, apr_pstrcat(p, side, "MailServerUsername", NULL), login);
}

static void mail_payload(ad_tmpl_t *f, const ad_profile_t *prof,
                         const ad_server_t *in, const ad_server_t *out)
{
    ad_tmpl_t *address = ad_tmpl_parse(f->segs->pool, "%EMAILADDRESS%");

    ad_tmpl_add_markup(f, "\t\t<dict>\n");
    string_value(f, "EmailAccountDescription", address);
    if (prof->display_name)
        string_value(f, "EmailAccountName", prof->display_name);
    text_value(f, "EmailAccountType",
               in->type == AD_PROTO_IMAP ? "EmailTypeIMAP" : "EmailTypePOP");
    string_value(f, "EmailAddress", address);
    server_keys(f, "Incoming", in);
    server_keys(f, "Outgoing", out);
    if (out->auth)
        bool_value(f, "OutgoingPasswordSameAsIncomingPassword", 1);
    text_value(f, "PayloadDisplayName", "Mail");
    identifier(f, ".mail");
    text_value(f, "PayloadType", "com.apple.mail.managed");
    uuid_value(f, "PayloadUUID", AD_SEG_UUID_MAIL);
    int_value(f, "PayloadVersion", 1);
    ad_tmpl_add_markup(f, "\t\t</dict>\n");
}

/* The host[:port] of an ActiveSync URL template, and whether it is https. */
static ad_tmpl_t *eas_host(apr_pool_t *p, const ad_tmpl_t *url, int *ssl)
{
    const char *s = strstr(url->source, "://");

    *ssl = strncasecmp(url->source, "https://", 8) == 0;
    s = s ? s + 3 : url->source;
    return ad_tmpl_parse(p, apr_pstrmemdup(p, s, strcspn(s, "/?#")));
}

static void eas_payload(ad_tmpl_t *f, const ad_profile_t *prof, const ad_tmpl_t *url)
{
    apr_pool_t *p = f->segs->pool;
    ad_tmpl_t *address = ad_tmpl_parse(p, "%EMAILADDRESS%");
    int ssl;
    ad_tmpl_t *host = eas_host(p, url, &ssl);

    ad_tmpl_add_markup(f, "\t\t<dict>\n");
    string_value(f, "EmailAddress", address);
    string_value(f, "Host", host);
    text_value(f, "PayloadDisplayName", "Exchange ActiveSync");
    identifier(f, ".eas");
    text_value(f, "PayloadType", "com.apple.eas.account");
    uuid_value(f, "PayloadUUID", AD_SEG_UUID_EAS);
    int_value(f, "PayloadVersion", 1);
    bool_value(f, "SSL", ssl);
    string_value(f, "UserName", address);
    ad_tmpl_add_markup(f, "\t\t</dict>\n");
}

/* CalDAV or CardDAV: host and port from the context URL, which is also the
 * principal URL, in full: Apple's reference calls it "the base URL to the
 * user's calendar" (a URL, not a path), and macOS needs it to create the
 * account when the profile has no password. CardDAVPrincipalURL is left
 * out for macOS, which does not support it: the Mac finds the address book
 * from the host (RFC 6764, /.well-known/carddav). */
static void dav_payload(ad_tmpl_t *f, const ad_dav_t *dav, ad_apple_os_e os)
{
    apr_pool_t *p = f->segs->pool;
    int cal = dav->kind == AD_DAV_CALDAV;
    const char *k = ad_dav_name(dav->kind);
    ad_url_parts_t parts;

    ad_url_parts(p, dav->url, &parts);
    ad_tmpl_add_markup(f, "\t\t<dict>\n");
    string_value(f, apr_pstrcat(p, k, "AccountDescription", NULL),
                 ad_tmpl_parse(p, "%EMAILADDRESS%"));
    string_value(f, apr_pstrcat(p, k, "HostName", NULL), parts.host);
    int_value(f, apr_pstrcat(p, k, "Port", NULL), parts.port);
    if (cal || os == AD_APPLE_IOS)
        string_value(f, apr_pstrcat(p, k, "PrincipalURL", NULL), dav->url);
    bool_value(f, apr_pstrcat(p, k, "UseSSL", NULL), 1);
    string_value(f, apr_pstrcat(p, k, "Username", NULL),
                 dav->login ? dav->login : ad_tmpl_parse(p, "%EMAILADDRESS%"));
    text_value(f, "PayloadDisplayName", cal ? "Calendars" : "Contacts");
    identifier(f, cal ? ".caldav" : ".carddav");
    text_value(f, "PayloadType", cal ? "com.apple.caldav.account"
                                     : "com.apple.carddav.account");
    uuid_value(f, "PayloadUUID", cal ? AD_SEG_UUID_CALDAV : AD_SEG_UUID_CARDDAV);
    int_value(f, "PayloadVersion", 1);
    ad_tmpl_add_markup(f, "\t\t</dict>\n");
}

/* The profile's description: what it sets up, for whom (the address
 * follows). */
static const char *description(int mail, int cal, int card)
{
    static const char *const text[8] = {
        "Settings for ",                            /* never compiled */
        "Contacts settings for ",
        "Calendar settings for ",
        "Calendar and contacts settings for ",
        "Mail settings for ",
        "Mail and contacts settings for ",
        "Mail and calendar settings for ",
        "Mail, calendar and contacts settings for ",
    };
    return text[(mail ? 4 : 0) | (cal ? 2 : 0) | (card ? 1 : 0)];
}

ad_tmpl_t *ad_mobileconfig_compile(apr_pool_t *p, const ad_profile_t *prof,
                                   ad_apple_os_e os)
{
    const ad_server_t *in = ad_profile_first_server(prof, AD_PROTO_IMAP);
    const ad_server_t *out = ad_profile_first_server(prof, AD_PROTO_SMTP);
    const ad_tmpl_t *eas = prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                           ? prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL]
                           : prof->url[AD_SVC_ACTIVESYNC][AD_INTERNAL];
    const ad_dav_t *cal = prof->dav[AD_DAV_CALDAV], *card = prof->dav[AD_DAV_CARDDAV];
    ad_tmpl_t *f;
    int mail;

    if (!in)
        in = ad_profile_first_server(prof, AD_PROTO_POP3);
    mail = in && out;
    if (os == AD_APPLE_MACOS)
        eas = NULL;             /* no com.apple.eas.account on macOS */
    if (!mail && !eas && !cal && !card)
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
        "<plist version=\"1.0\">\n<dict>\n\t<key>PayloadContent</key>\n\t<array>\n");
    if (mail)
        mail_payload(f, prof, in, out);
    if (eas)
        eas_payload(f, prof, eas);
    if (cal)
        dav_payload(f, cal, os);
    if (card)
        dav_payload(f, card, os);
    ad_tmpl_add_markup(f, "\t</array>\n");
    /* The profile's own keys, one tab in. */
    ad_tmpl_add_markup(f, "\t<key>PayloadDescription</key>\n\t<string>");
    ad_tmpl_add_text(f, description(mail || eas, cal != NULL, card != NULL));
    ad_tmpl_add_xml(f, ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</string>\n\t<key>PayloadDisplayName</key>\n\t<string>");
    ad_tmpl_add_xml(f, ad_tmpl_parse(p, "%EMAILADDRESS%"));
    ad_tmpl_add_markup(f, "</string>\n\t<key>PayloadIdentifier</key>\n\t<string>autodiscover.");
    ad_tmpl_add_hole(f, AD_SEG_UUID_PROFILE);
    ad_tmpl_add_markup(f, "</string>\n");
    if (ad_profile_provider_name(prof)) {
        ad_tmpl_add_markup(f, "\t<key>PayloadOrganization</key>\n\t<string>");
        ad_tmpl_add_text(f, ad_profile_provider_name(prof));
        ad_tmpl_add_markup(f, "</string>\n");
    }
    ad_tmpl_add_markup(f, "\t<key>PayloadType</key>\n\t<string>Configuration</string>\n"
                          "\t<key>PayloadUUID</key>\n\t<string>");
    ad_tmpl_add_hole(f, AD_SEG_UUID_PROFILE);
    ad_tmpl_add_markup(f, "</string>\n\t<key>PayloadVersion</key>\n\t<integer>1</integer>\n"
                          "</dict>\n</plist>\n");
    return f;
}
