/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * SOAP Autodiscover answers. ad_soap_compile() builds, at configuration
 * time, one <UserSetting> fragment per setting the profile can answer
 * (with holes for the address) and the ServerVersionInfo header; a request
 * copies the fragments of the settings it names.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "ad_soap.h"

typedef enum {
    S_NONE = 0,         /* a known name this server has no value for */
    S_URL,              /* a service URL: arg = service, side */
    S_DISPLAY_NAME,
    S_SMTP_ADDRESS,
    S_EWS_SCHEMAS,
    S_CONNECTIONS,      /* arg = protocol */
    S_WEB_CLIENT_URLS,  /* arg side */
    S_MAILBOX_SERVER,   /* Outlook Anywhere host */
    S_MAILBOX_SERVER_SSL,
    S_MAILBOX_SERVER_AUTH
} setting_kind_e;

typedef struct {
    const char *name;
    setting_kind_e kind;
    int arg;            /* service or protocol */
    int side;
} setting_t;

/* The setting names of [MS-OXWSADISC] as clients know them. */
static const setting_t settings[] = {
    { "UserDisplayName", S_DISPLAY_NAME, 0, 0 },
    { "AutoDiscoverSMTPAddress", S_SMTP_ADDRESS, 0, 0 },
    { "InternalEwsUrl", S_URL, AD_SVC_EWS, AD_INTERNAL },
    { "ExternalEwsUrl", S_URL, AD_SVC_EWS, AD_EXTERNAL },
    { "EwsSupportedSchemas", S_EWS_SCHEMAS, 0, 0 },
    { "InternalOABUrl", S_URL, AD_SVC_OAB, AD_INTERNAL },
    { "ExternalOABUrl", S_URL, AD_SVC_OAB, AD_EXTERNAL },
    { "InternalUMUrl", S_URL, AD_SVC_UM, AD_INTERNAL },
    { "ExternalUMUrl", S_URL, AD_SVC_UM, AD_EXTERNAL },
    { "InternalEcpUrl", S_URL, AD_SVC_ECP, AD_INTERNAL },
    { "ExternalEcpUrl", S_URL, AD_SVC_ECP, AD_EXTERNAL },
    { "InternalWebClientUrls", S_WEB_CLIENT_URLS, 0, AD_INTERNAL },
    { "ExternalWebClientUrls", S_WEB_CLIENT_URLS, 0, AD_EXTERNAL },
    { "InternalImap4Connections", S_CONNECTIONS, AD_PROTO_IMAP, AD_INTERNAL },
    { "ExternalImap4Connections", S_CONNECTIONS, AD_PROTO_IMAP, AD_EXTERNAL },
    { "InternalPop3Connections", S_CONNECTIONS, AD_PROTO_POP3, AD_INTERNAL },
    { "ExternalPop3Connections", S_CONNECTIONS, AD_PROTO_POP3, AD_EXTERNAL },
    { "InternalSmtpConnections", S_CONNECTIONS, AD_PROTO_SMTP, AD_INTERNAL },
    { "ExternalSmtpConnections", S_CONNECTIONS, AD_PROTO_SMTP, AD_EXTERNAL },
    { "ExternalMailboxServer", S_MAILBOX_SERVER, 0, 0 },
    { "ExternalMailboxServerRequiresSSL", S_MAILBOX_SERVER_SSL, 0, 0 },
    { "ExternalMailboxServerAuthenticationMethods", S_MAILBOX_SERVER_AUTH, 0, 0 },
    /* Known, never answered here: no MAPI, no directory, no federation. */
    { "UserDN", S_NONE, 0, 0 }, { "UserDeploymentId", S_NONE, 0, 0 },
    { "InternalMailboxServer", S_NONE, 0, 0 }, { "InternalRpcClientServer", S_NONE, 0, 0 },
    { "InternalMailboxServerDN", S_NONE, 0, 0 },
    { "InternalEcpVoicemailUrl", S_NONE, 0, 0 }, { "InternalEcpEmailSubscriptionsUrl", S_NONE, 0, 0 },
    { "InternalEcpTextMessagingUrl", S_NONE, 0, 0 }, { "InternalEcpDeliveryReportUrl", S_NONE, 0, 0 },
    { "InternalEcpRetentionPolicyTagsUrl", S_NONE, 0, 0 }, { "InternalEcpPublishingUrl", S_NONE, 0, 0 },
    { "ExternalEcpVoicemailUrl", S_NONE, 0, 0 }, { "ExternalEcpEmailSubscriptionsUrl", S_NONE, 0, 0 },
    { "ExternalEcpTextMessagingUrl", S_NONE, 0, 0 }, { "ExternalEcpDeliveryReportUrl", S_NONE, 0, 0 },
    { "ExternalEcpRetentionPolicyTagsUrl", S_NONE, 0, 0 }, { "ExternalEcpPublishingUrl", S_NONE, 0, 0 },
    { "EcpVoicemailUrlFragment", S_NONE, 0, 0 }, { "EcpEmailSubscriptionsUrlFragment", S_NONE, 0, 0 },
    { "EcpTextMessagingUrlFragment", S_NONE, 0, 0 }, { "EcpDeliveryReportUrlFragment", S_NONE, 0, 0 },
    { "EcpRetentionPolicyTagsUrlFragment", S_NONE, 0, 0 }, { "EcpPublishingUrlFragment", S_NONE, 0, 0 },
    { "MailboxDN", S_NONE, 0, 0 }, { "PublicFolderServer", S_NONE, 0, 0 },
    { "ActiveDirectoryServer", S_NONE, 0, 0 }, { "CrossOrganizationSharingEnabled", S_NONE, 0, 0 },
    { "AlternateMailboxes", S_NONE, 0, 0 }, { "CasVersion", S_NONE, 0, 0 },
    { "InternalServerExclusiveConnect", S_NONE, 0, 0 }, { "ExternalServerExclusiveConnect", S_NONE, 0, 0 },
    { "ExchangeRpcUrl", S_NONE, 0, 0 }, { "ShowGalAsDefaultView", S_NONE, 0, 0 },
    { "InteropExternalEwsUrl", S_NONE, 0, 0 }, { "ExternalEwsVersion", S_NONE, 0, 0 },
    { "InteropExternalEwsVersion", S_NONE, 0, 0 }, { "MobileMailboxPolicyInterop", S_NONE, 0, 0 },
    { "GroupingInformation", S_NONE, 0, 0 }, { "UserMSOnline", S_NONE, 0, 0 },
    { "MapiHttpEnabled", S_NONE, 0, 0 },
};
#define N_SETTINGS ((int)(sizeof(settings) / sizeof(settings[0])))

static int setting_index(const char *name)
{
    int i;

    for (i = 0; name && i < N_SETTINGS; i++) {
        if (strcmp(settings[i].name, name) == 0)
            return i;
    }
    return -1;
}

/* ------------------------------------------------------------- versions */

/* The EWS schema names, oldest first, and the build each starts at. */
static const struct { int major, minor, build; const char *name; } schemas[] = {
    { 8, 0, 0, "Exchange2007" }, { 8, 1, 0, "Exchange2007_SP1" },
    { 14, 0, 0, "Exchange2010" }, { 14, 1, 0, "Exchange2010_SP1" },
    { 14, 2, 0, "Exchange2010_SP2" }, { 15, 0, 0, "Exchange2013" },
    { 15, 0, 847, "Exchange2013_SP1" }, { 15, 1, 0, "Exchange2016" },
    { 15, 2, 0, "Exchange2019" },
};
#define N_SCHEMAS ((int)(sizeof(schemas) / sizeof(schemas[0])))

typedef struct { int major, minor, build, revision; } version_t;

/* AutodiscoverServerVersion (8 hex digits, as the POX answer has it), or
 * Exchange 2016 when not set. */
static version_t version_of(const ad_profile_t *prof)
{
    version_t v = { 15, 1, 0, 0 };

    if (prof->server_version) {
        unsigned long x = strtoul(prof->server_version, NULL, 16);
        v.major = (int)((x >> 22) & 0x3f);
        v.minor = (int)((x >> 16) & 0x3f);
        v.build = (int)(x & 0x7fff);
    }
    return v;
}

/* Index of the newest schema the version serves (at least the oldest). */
static int newest_schema(version_t v)
{
    int i, best = 0;

    for (i = 0; i < N_SCHEMAS; i++) {
        if (v.major > schemas[i].major
            || (v.major == schemas[i].major && (v.minor > schemas[i].minor
                || (v.minor == schemas[i].minor && v.build >= schemas[i].build))))
            best = i;
    }
    return best;
}

static const char *version_header(apr_pool_t *p, const ad_profile_t *prof)
{
    version_t v = version_of(prof);

    return apr_psprintf(p,
        "<h:ServerVersionInfo xmlns:h=\"" AD_NS_SOAP_AD "\">"
        "<h:MajorVersion>%d</h:MajorVersion><h:MinorVersion>%d</h:MinorVersion>"
        "<h:MajorBuildNumber>%d</h:MajorBuildNumber>"
        "<h:MinorBuildNumber>%d</h:MinorBuildNumber>"
        "<h:Version>%s</h:Version></h:ServerVersionInfo>",
        v.major, v.minor, v.build, v.revision, schemas[newest_schema(v)].name);
}

/* ------------------------------------------------------------ compiling */

static void open_setting(ad_tmpl_t *f, const char *type, const char *name)
{
    ad_tmpl_add_markup(f, apr_pstrcat(f->segs->pool, "<UserSetting i:type=\"", type,
                                      "\"><Name>", name, "</Name>", NULL));
}

static ad_tmpl_t *string_setting(apr_pool_t *p, const char *name, const ad_tmpl_t *value,
                                 const char *text)
{
    ad_tmpl_t *f;

    if (!value && !text)
        return NULL;
    f = ad_tmpl_new(p);
    open_setting(f, "StringSetting", name);
    ad_tmpl_add_markup(f, "<Value>");
    if (value)
        ad_tmpl_add_xml(f, value);
    else
        ad_tmpl_add_text(f, text);
    ad_tmpl_add_markup(f, "</Value></UserSetting>");
    return f;
}

static ad_tmpl_t *connections(apr_pool_t *p, const char *name, const ad_profile_t *prof,
                              ad_proto_e proto)
{
    static const char *const encryption[] = { "SSL", "TLS", "None" };
    ad_tmpl_t *f = NULL;
    int i;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if (sv->type != proto)
            continue;
        if (!f) {
            f = ad_tmpl_new(p);
            open_setting(f, "ProtocolConnectionCollectionSetting", name);
            ad_tmpl_add_markup(f, "<ProtocolConnections>");
        }
        ad_tmpl_add_markup(f, "<ProtocolConnection><Hostname>");
        ad_tmpl_add_xml(f, sv->host);
        ad_tmpl_add_markup(f, apr_psprintf(p, "</Hostname><Port>%d</Port>"
                                           "<EncryptionMethod>%s</EncryptionMethod>"
                                           "</ProtocolConnection>",
                                           sv->port, encryption[sv->tls]));
    }
    if (f)
        ad_tmpl_add_markup(f, "</ProtocolConnections></UserSetting>");
    return f;
}

static ad_tmpl_t *web_client_urls(apr_pool_t *p, const char *name,
                                  const ad_profile_t *prof, int side)
{
    ad_tmpl_t *f;

    if (!prof->url[AD_SVC_OWA][side])
        return NULL;
    f = ad_tmpl_new(p);
    open_setting(f, "WebClientUrlCollectionSetting", name);
    ad_tmpl_add_markup(f, "<WebClientUrls><WebClientUrl><AuthenticationMethods>");
    ad_tmpl_add_text(f, ad_profile_owa_auth(prof));
    ad_tmpl_add_markup(f, "</AuthenticationMethods><Url>");
    ad_tmpl_add_xml(f, prof->url[AD_SVC_OWA][side]);
    ad_tmpl_add_markup(f, "</Url></WebClientUrl></WebClientUrls></UserSetting>");
    return f;
}

static const char *schema_list(apr_pool_t *p, const ad_profile_t *prof)
{
    int i, newest = newest_schema(version_of(prof));
    const char *list = schemas[0].name;

    for (i = 1; i <= newest; i++)
        list = apr_pstrcat(p, list, ", ", schemas[i].name, NULL);
    return list;
}

static ad_tmpl_t *compile_setting(apr_pool_t *p, const setting_t *s,
                                  const ad_profile_t *prof)
{
    switch (s->kind) {
    case S_URL:
        return string_setting(p, s->name, prof->url[s->arg][s->side], NULL);
    case S_DISPLAY_NAME:
        return string_setting(p, s->name, prof->display_name, NULL);
    case S_SMTP_ADDRESS:
        return string_setting(p, s->name, ad_tmpl_parse(p, "%EMAILADDRESS%"), NULL);
    case S_EWS_SCHEMAS:
        if (!prof->url[AD_SVC_EWS][AD_INTERNAL] && !prof->url[AD_SVC_EWS][AD_EXTERNAL])
            return NULL;
        return string_setting(p, s->name, NULL, schema_list(p, prof));
    case S_CONNECTIONS:
        return connections(p, s->name, prof, (ad_proto_e)s->arg);
    case S_WEB_CLIENT_URLS:
        return web_client_urls(p, s->name, prof, s->side);
    case S_MAILBOX_SERVER:
        return string_setting(p, s->name, prof->oa_host, NULL);
    case S_MAILBOX_SERVER_SSL:
        return prof->oa_host ? string_setting(p, s->name, NULL, "True") : NULL;
    case S_MAILBOX_SERVER_AUTH:
        return prof->oa_host
            ? string_setting(p, s->name, NULL, prof->oa_auth ? prof->oa_auth : "Basic")
            : NULL;
    default:
        return NULL;
    }
}

void ad_soap_compile(apr_pool_t *p, ad_profile_t *prof)
{
    int i;

    prof->compiled_soap = apr_pcalloc(p, N_SETTINGS * sizeof(ad_tmpl_t *));
    for (i = 0; i < N_SETTINGS; i++)
        prof->compiled_soap[i] = compile_setting(p, &settings[i], prof);
    prof->compiled_soap_header = version_header(p, prof);
}

void ad_soap_copy(apr_pool_t *p, ad_profile_t *prof)
{
    ad_tmpl_t **copy;
    int i;

    if (!prof->compiled_soap)
        return;
    copy = apr_palloc(p, N_SETTINGS * sizeof(ad_tmpl_t *));
    for (i = 0; i < N_SETTINGS; i++)
        copy[i] = ad_tmpl_copy(p, prof->compiled_soap[i]);
    prof->compiled_soap = copy;
    prof->compiled_soap_header = apr_pstrdup(p, prof->compiled_soap_header);
}

/* ------------------------------------------------------------ rendering */

#define ENVELOPE_OPEN \
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" \
    "<s:Envelope xmlns:s=\"" AD_NS_SOAP "\" xmlns:a=\"" AD_NS_WSA "\" " \
    "xmlns:i=\"" AD_NS_XSI "\">"

void ad_soap_render_begin(ad_buf_t *b, const ad_profile_t *prof)
{
    ad_buf_adds(b, ENVELOPE_OPEN "<s:Header><a:Action s:mustUnderstand=\"1\">"
                   AD_SOAP_ACTION_PREFIX "GetUserSettingsResponse</a:Action>");
    ad_buf_adds(b, prof->compiled_soap_header);
    ad_buf_adds(b, "</s:Header><s:Body><GetUserSettingsResponseMessage xmlns=\""
                   AD_NS_SOAP_AD "\"><Response><ErrorCode>NoError</ErrorCode>"
                   "<ErrorMessage/><UserResponses>");
}

void ad_soap_render_end(ad_buf_t *b)
{
    ad_buf_adds(b, "</UserResponses></Response></GetUserSettingsResponseMessage>"
                   "</s:Body></s:Envelope>\n");
}

void ad_soap_render_request_error(ad_buf_t *b, const ad_profile_t *prof,
                                  const char *code, const char *message)
{
    ad_buf_adds(b, ENVELOPE_OPEN "<s:Header><a:Action s:mustUnderstand=\"1\">"
                   AD_SOAP_ACTION_PREFIX "GetUserSettingsResponse</a:Action>");
    ad_buf_adds(b, prof->compiled_soap_header);
    ad_buf_adds(b, "</s:Header><s:Body><GetUserSettingsResponseMessage xmlns=\""
                   AD_NS_SOAP_AD "\"><Response><ErrorCode>");
    ad_buf_adds(b, code);
    ad_buf_adds(b, "</ErrorCode><ErrorMessage>");
    ad_buf_add_xml(b, message, strlen(message));
    ad_buf_adds(b, "</ErrorMessage><UserResponses/></Response>"
                   "</GetUserSettingsResponseMessage></s:Body></s:Envelope>\n");
}

/* names[i] came earlier in names (each unknown name is reported once). */
static int seen_before(const apr_array_header_t *names, int i)
{
    const char *name = APR_ARRAY_IDX(names, i, const char *);
    int k;

    for (k = 0; k < i; k++) {
        const char *other = APR_ARRAY_IDX(names, k, const char *);
        if (name == other || (name && other && !strcmp(name, other)))
            return 1;
    }
    return 0;
}

void ad_soap_render_user(ad_buf_t *b, const ad_profile_t *prof,
                         const apr_array_header_t *names, const ad_vars_t *v,
                         int report_unknown)
{
    char answered[N_SETTINGS];
    int i;

    ad_buf_adds(b, "<UserResponse><ErrorCode>NoError</ErrorCode>"
                   "<ErrorMessage>No error.</ErrorMessage>"
                   "<RedirectTarget i:nil=\"true\"/><UserSettingErrors>");
    for (i = 0; report_unknown && i < names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        if (setting_index(name) >= 0 || seen_before(names, i))
            continue;
        ad_buf_adds(b, "<UserSettingError><ErrorCode>InvalidSetting</ErrorCode>"
                       "<ErrorMessage>The requested setting is not valid.</ErrorMessage>"
                       "<SettingName>");
        if (name)
            ad_buf_add_xml(b, name, strlen(name));
        ad_buf_adds(b, "</SettingName></UserSettingError>");
    }
    ad_buf_adds(b, "</UserSettingErrors><UserSettings>");
    memset(answered, 0, sizeof(answered));
    for (i = 0; i < names->nelts; i++) {
        int s = setting_index(APR_ARRAY_IDX(names, i, const char *));
        if (s < 0 || answered[s] || !prof->compiled_soap[s])
            continue;
        answered[s] = 1;
        ad_tmpl_expand_xml(b, prof->compiled_soap[s], v);
    }
    ad_buf_adds(b, "</UserSettings></UserResponse>");
}

void ad_soap_render_user_error(ad_buf_t *b, const char *code,
                               const char *message, const char *target)
{
    ad_buf_adds(b, "<UserResponse><ErrorCode>");
    ad_buf_adds(b, code);
    ad_buf_adds(b, "</ErrorCode><ErrorMessage>");
    ad_buf_add_xml(b, message, strlen(message));
    ad_buf_adds(b, "</ErrorMessage>");
    if (target) {
        ad_buf_adds(b, "<RedirectTarget>");
        ad_buf_add_xml(b, target, strlen(target));
        ad_buf_adds(b, "</RedirectTarget>");
    }
    else {
        ad_buf_adds(b, "<RedirectTarget i:nil=\"true\"/>");
    }
    ad_buf_adds(b, "<UserSettingErrors/><UserSettings/></UserResponse>");
}

static void render_fault(ad_buf_t *b, const char *code_ns_decl, const char *code,
                         const char *message)
{
    ad_buf_adds(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                   "<s:Envelope xmlns:s=\"" AD_NS_SOAP "\"><s:Body><s:Fault>"
                   "<faultcode");
    ad_buf_adds(b, code_ns_decl);
    ad_buf_adds(b, ">");
    ad_buf_adds(b, code);
    ad_buf_adds(b, "</faultcode><faultstring xml:lang=\"en-US\">");
    ad_buf_add_xml(b, message, strlen(message));
    ad_buf_adds(b, "</faultstring></s:Fault></s:Body></s:Envelope>\n");
}

void ad_soap_render_fault_client(ad_buf_t *b, const char *message)
{
    render_fault(b, "", "s:Client", message);
}

void ad_soap_render_fault_action(ad_buf_t *b, const char *action)
{
    render_fault(b, " xmlns:a=\"" AD_NS_WSA "\"", "a:ActionNotSupported",
                 apr_psprintf(b->pool, "The message with Action '%s' cannot be "
                              "processed at the receiver, due to a ContractFilter "
                              "mismatch at the EndpointDispatcher.", action));
}
