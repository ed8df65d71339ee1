/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Unit test of the pure core, without httpd: the parser's verdicts, address
 * checks, server version encoding, escaping and templates, the SOAP
 * parser, JSON escaping, profile UUIDs, the user-agent classes of the
 * counters, PACC documents and digests, the compiled answers the server
 * keeps (copied out of a scratch pool); then every file
 * named on the command line through ad_check_body() (the fuzz corpus and
 * the fuzzer's findings; props/pox_check.c holds the properties). Where
 * one call is checked on many inputs, the inputs and what each must give
 * are a table, walked by one loop, each row's message naming the row.
 * Prints TAP.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <libxml/parser.h>
#include "pox_check.h"
#include "ad_soap.h"
#include "ad_json.h"
#include "ad_mobileconfig.h"
#include "ad_query.h"
#include "ad_agent.h"
#include "ad_pacc.h"
#include "ad_setup.h"
#include "ad_qr.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int tests, failed;

static void ok(int cond, const char *what)
{
    printf("%sok %d - %s\n", cond ? "" : "not ", ++tests, what);
    if (!cond)
        failed++;
}

static void is(const char *got, const char *want, const char *what)
{
    int same = (!got && !want) || (got && want && strcmp(got, want) == 0);
    ok(same, what);
    if (!same)
        printf("#   got: '%s'\n#  want: '%s'\n", got ? got : "(null)",
               want ? want : "(null)");
}

#define OREQ "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
#define ORESP "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
#define MREQ "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006"
#define MRESP "http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006"

/* A request document of namespace ns around inner, as a string literal. */
#define REQUEST(ns, inner) "<?xml version=\"1.0\"?><Autodiscover xmlns=\"" ns \
    "\"><Request>" inner "</Request></Autodiscover>"

static ad_parse_status_e verdict(apr_pool_t *p, const char *body, ad_pox_request_t *q)
{
    ad_pox_parse(p, body, body ? strlen(body) : 0, q);
    return q->status;
}

static const char *parse_status_name(ad_parse_status_e s)
{
    static const char *const names[] = { "OK", "MALFORMED", "NAMESPACE", "NO_ADDRESS",
                                         "BAD_ADDRESS", "LEGACYDN", "SCHEMA" };
    return (unsigned)s < COUNT(names) ? names[s] : "?";
}

static const char *request(apr_pool_t *p, const char *ns, const char *inner)
{
    return apr_pstrcat(p, "<?xml version=\"1.0\"?><Autodiscover xmlns=\"", ns,
                       "\"><Request>", inner, "</Request></Autodiscover>", NULL);
}

/* Requests the parser accepts, and what it takes from each. */
static const struct {
    const char *body;
    const char *address, *address_what, *local;
    ad_schema_e schema;
    int mobilesync;
    const char *what;
} accepted_requests[] = {
    { REQUEST(OREQ, "<EMailAddress> Jane@Example.COM </EMailAddress>"
                    "<AcceptableResponseSchema>" ORESP "</AcceptableResponseSchema>"),
      "Jane@example.com", "address trimmed, domain lower-cased", "Jane",
      AD_SCHEMA_OUTLOOK, 0, "Outlook request" },
    { REQUEST(MREQ, "<EMailAddress>a&amp;b@example.com</EMailAddress>"
                    "<AcceptableResponseSchema>" MRESP "</AcceptableResponseSchema>"),
      "a&b@example.com", "predefined entity decoded", "a&b",
      AD_SCHEMA_MOBILESYNC, 1, "MobileSync request" },
};

/* Requests the parser refuses, and its verdict on each (NULL: no body). */
static const struct {
    const char *body;
    ad_parse_status_e want;
    const char *what;
} refused_requests[] = {
    { "<!DOCTYPE a [<!ENTITY e \"x\">]><a/>", AD_PARSE_MALFORMED, "DTD refused" },
    { REQUEST("urn:x", "<EMailAddress>a@b.c</EMailAddress>"), AD_PARSE_NAMESPACE,
      "foreign root namespace refused" },
    { REQUEST(OREQ, "<EMailAddress>a@b.c</EMailAddress>"), AD_PARSE_SCHEMA,
      "missing AcceptableResponseSchema" },
    { REQUEST(OREQ, "<LegacyDN>/o=x</LegacyDN>"), AD_PARSE_LEGACYDN, "LegacyDN only" },
    { REQUEST(OREQ, "<EMailAddress>a@b.c</EMailAddress><EMailAddress>a@b.c</EMailAddress>"),
      AD_PARSE_MALFORMED, "duplicate EMailAddress refused" },
    { REQUEST(OREQ, "<EMailAddress>a&#13;b@b.c</EMailAddress>"), AD_PARSE_BAD_ADDRESS,
      "CR by character reference refused" },
    { REQUEST(OREQ, "<EMailAddress>a&lt;b@b.c</EMailAddress>"), AD_PARSE_BAD_ADDRESS,
      "'<' in the local part refused" },
    { REQUEST(OREQ, "<EMailAddress>a@b.c</EMailAddress>") "<Autodiscover/>", AD_PARSE_MALFORMED,
      "content after the root element refused" },
    { "<Autodiscover xmlns=\"" OREQ "\"><Request><EMailAddress>a@b.c", AD_PARSE_MALFORMED,
      "truncated document refused" },
    { NULL, AD_PARSE_MALFORMED, "empty body refused" },
};

static void test_parser(apr_pool_t *p)
{
    ad_pox_request_t q;
    size_t i;

    for (i = 0; i < COUNT(accepted_requests); i++) {
        const char *what = accepted_requests[i].what;
        ok(verdict(p, accepted_requests[i].body, &q) == AD_PARSE_OK,
           apr_pstrcat(p, what, " accepted", NULL));
        is(q.address, accepted_requests[i].address,
           apr_pstrcat(p, what, ": ", accepted_requests[i].address_what, NULL));
        is(q.local, accepted_requests[i].local, apr_pstrcat(p, what, ": local part kept as sent", NULL));
        ok(q.schema == accepted_requests[i].schema
           && q.mobilesync_request == accepted_requests[i].mobilesync,
           apr_pstrcat(p, what, ": ", accepted_requests[i].mobilesync ? "MobileSync" : "Outlook",
                       " schema", NULL));
    }
    for (i = 0; i < COUNT(refused_requests); i++) {
        ad_parse_status_e got = verdict(p, refused_requests[i].body, &q);
        ok(got == refused_requests[i].want, refused_requests[i].what);
        if (got != refused_requests[i].want)
            printf("#   got: %s\n#  want: %s\n", parse_status_name(got),
                   parse_status_name(refused_requests[i].want));
    }
    {
        /* Root, Request, then 30 levels: the deepest accepted. */
        const char *open31 = "", *close31 = "";
        int level;
        for (level = 0; level < 30; level++) {
            open31 = apr_pstrcat(p, open31, "<x>", NULL);
            close31 = apr_pstrcat(p, close31, "</x>", NULL);
        }
        ok(verdict(p, request(p, OREQ, apr_pstrcat(p, open31, close31,
                   "<EMailAddress>a@b.c</EMailAddress>", NULL)), &q)
           == AD_PARSE_SCHEMA, "32 levels of nesting parsed");
        ok(verdict(p, request(p, OREQ, apr_pstrcat(p, open31, "<x/>", close31,
                   "<EMailAddress>a@b.c</EMailAddress>", NULL)), &q)
           == AD_PARSE_MALFORMED && strcmp(q.reason, "elements nested too deep") == 0,
           "33 levels of nesting refused");
    }
}

/* Addresses ad_address_split() takes (with the domain it gives) or refuses
 * (want_domain NULL). */
static const struct {
    const char *address, *want_domain, *what;
} address_cases[] = {
    { "x@EXAMPLE.com", "example.com", "split, the domain lower-cased" },
    { "j\xc3\xa4ne@example.test", "example.test", "a UTF-8 local part accepted" },
    { "x@-a.com", NULL, "label starting with '-'" },
    { "x@a..com", NULL, "empty label" },
    { ".x@a.com", NULL, "leading dot" },
    { "x@b\xc3\xbc.com", NULL, "U-label refused" },
    { "j\xc3(ne@example.test", NULL, "a local part that is not UTF-8 refused" },
};

static void test_address(apr_pool_t *p)
{
    const char *local, *domain, *why;
    char big[300];
    size_t i;

    for (i = 0; i < COUNT(address_cases); i++) {
        const char *want = address_cases[i].want_domain;
        domain = NULL;
        why = ad_address_split(p, address_cases[i].address, &local, &domain);
        if (want)
            ok(!why && domain && strcmp(domain, want) == 0,
               apr_pstrcat(p, "address: ", address_cases[i].what, NULL));
        else
            ok(why != NULL, apr_pstrcat(p, "address: ", address_cases[i].what, NULL));
    }
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    big[10] = '@';
    ok(ad_address_split(p, big, &local, &domain) != NULL, "address: overlong address refused");
}

#define SOAP_OPEN "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" " \
    "xmlns:a=\"" AD_NS_SOAP_AD "\" xmlns:w=\"" AD_NS_WSA "\">"

static ad_soap_status_e soap_verdict(apr_pool_t *p, const char *header,
                                     const char *body, ad_soap_request_t *q)
{
    const char *doc = apr_pstrcat(p, SOAP_OPEN "<s:Header>", header, "</s:Header><s:Body>",
                                  body, "</s:Body></s:Envelope>", NULL);
    ad_soap_parse(p, doc, strlen(doc), q);
    return q->status;
}

#define SOAP_GET_USER_SETTINGS "<a:GetUserSettingsRequestMessage><a:Request><a:Users>" \
    "<a:User><a:Mailbox> jane@example.test </a:Mailbox></a:User><a:User/>" \
    "</a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting>" \
    "</a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage>"
#define SOAP_ACTION(op) "<w:Action>" AD_SOAP_ACTION_PREFIX op "</w:Action>"

/* Envelopes (header, body) and the SOAP parser's verdict on each; action:
 * what the named action must hold, when set. */
static const struct {
    const char *header, *body;
    ad_soap_status_e want;
    const char *action, *what;
} soap_cases[] = {
    { "", SOAP_GET_USER_SETTINGS, AD_SOAP_OK, NULL, "no Action, dispatched on the body" },
    { SOAP_ACTION("GetDomainSettings"), SOAP_GET_USER_SETTINGS, AD_SOAP_UNSUPPORTED,
      "GetDomainSettings", "another Action is unsupported, and named" },
    { SOAP_ACTION("GetUserSettings"), "<a:GetDomainSettingsRequestMessage/>", AD_SOAP_BAD_BODY, NULL,
      "Action and body disagree" },
    { SOAP_ACTION("GetUserSettings") SOAP_ACTION("GetUserSettings"), SOAP_GET_USER_SETTINGS,
      AD_SOAP_MALFORMED, NULL, "two Actions" },
};

static void test_soap(apr_pool_t *p)
{
    const char *req = SOAP_GET_USER_SETTINGS;
    const char *action = SOAP_ACTION("GetUserSettings");
    ad_soap_request_t q;
    char *many;
    size_t i;

    ok(soap_verdict(p, action, req, &q) == AD_SOAP_OK && q.mailboxes->nelts == 2
       && strcmp(APR_ARRAY_IDX(q.mailboxes, 0, const char *), "jane@example.test") == 0
       && APR_ARRAY_IDX(q.mailboxes, 1, const char *) == NULL
       && q.settings->nelts == 1, "SOAP: users (trimmed, one without Mailbox) and settings");
    for (i = 0; i < COUNT(soap_cases); i++) {
        ad_soap_status_e got = soap_verdict(p, soap_cases[i].header, soap_cases[i].body, &q);
        ok(got == soap_cases[i].want
           && (!soap_cases[i].action || (q.action && strstr(q.action, soap_cases[i].action))),
           apr_pstrcat(p, "SOAP: ", soap_cases[i].what, NULL));
        if (got != soap_cases[i].want)
            printf("#   got: status %d\n#  want: status %d\n", (int)got, (int)soap_cases[i].want);
    }
    many = "";
    for (i = 0; i <= AD_SOAP_MAX_USERS; i++)
        many = apr_pstrcat(p, many, "<a:User><a:Mailbox>u@x.test</a:Mailbox></a:User>", NULL);
    ok(soap_verdict(p, action, apr_pstrcat(p, "<a:GetUserSettingsRequestMessage><a:Request>"
                                           "<a:Users>", many, "</a:Users></a:Request>"
                                           "</a:GetUserSettingsRequestMessage>", NULL), &q)
       == AD_SOAP_TOO_MANY, "SOAP: 101 users refused");
    ad_soap_parse(p, "<Autodiscover/>", 15, &q);
    ok(q.status == AD_SOAP_MALFORMED, "SOAP: not an Envelope");
}

/* Which Apple profile: the parameter decides, else "Macintosh" in the
 * User-Agent; anything but ios or macos is refused. */
#define MAC_UA "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"
#define IPHONE_UA "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"
static const struct {
    const char *param, *ua;
    int refused;            /* else: */
    ad_apple_os_e os;
    int by_ua;
    const char *what;
} apple_platform_cases[] = {
    { NULL, MAC_UA, 0, AD_APPLE_MACOS, 1, "Macintosh User-Agent is macOS, decided by it" },
    { NULL, IPHONE_UA, 0, AD_APPLE_IOS, 1, "an iPhone (like Mac OS X) is iOS" },
    { NULL, NULL, 0, AD_APPLE_IOS, 1, "no User-Agent is iOS" },
    { "iOS", MAC_UA, 0, AD_APPLE_IOS, 0, "platform=iOS beats a Macintosh User-Agent" },
    { "MACOS", IPHONE_UA, 0, AD_APPLE_MACOS, 0, "platform=MACOS beats an iPhone's" },
    { "", MAC_UA, 1, 0, 0, "an empty value refused" },
    { "ipados", MAC_UA, 1, 0, 0, "an unknown value refused" },
    { "macos ", MAC_UA, 1, 0, 0, "a padded value refused" },
};

static void test_apple_platform(apr_pool_t *p)
{
    size_t i;

    for (i = 0; i < COUNT(apple_platform_cases); i++) {
        ad_apple_os_e os = apple_platform_cases[i].os == AD_APPLE_IOS ? AD_APPLE_MACOS : AD_APPLE_IOS;
        int by_ua = !apple_platform_cases[i].by_ua;
        const char *why = ad_apple_platform(apple_platform_cases[i].param, apple_platform_cases[i].ua,
                                            &os, &by_ua);
        const char *what = apr_pstrcat(p, "Apple platform: ", apple_platform_cases[i].what, NULL);

        if (apple_platform_cases[i].refused)
            ok(why != NULL, what);
        else
            ok(!why && os == apple_platform_cases[i].os && by_ua == apple_platform_cases[i].by_ua, what);
    }
}

static const struct {
    const char *name;
    ad_v2_protocol_e want;
} v2_protocols[] = {
    { "aUtOdIsCoVeRv1", AD_V2_AUTODISCOVERV1 },
    { "Rest", AD_V2_UNKNOWN },
};

static void test_formats(apr_pool_t *p)
{
    ad_buf_t b;
    size_t i;
    const char *u = ad_uuid5(p, "profile:jane@example.test");

    ad_buf_init(&b, p, 16);
    ad_buf_add_json(&b, "a\"b\\c\x01\x7f", 7);
    ok(strcmp(b.data, "a\\\"b\\\\c\\u0001\\u007f") == 0, "JSON escaping");
    ok(strlen(u) == 36 && u[14] == '5' && strchr("89AB", u[19])
       && strcmp(u, ad_uuid5(p, "profile:jane@example.test")) == 0
       && strcmp(u, ad_uuid5(p, "profile:joe@example.test")) != 0,
       "UUID version 5: stable, variant bits, differs by name");
    for (i = 0; i < COUNT(v2_protocols); i++)
        ok(ad_v2_protocol(v2_protocols[i].name) == v2_protocols[i].want,
           apr_pstrcat(p, "v2 protocol names in any case: ", v2_protocols[i].name, NULL));
    test_apple_platform(p);
}

/* Server versions and their encoding in ServerVersion (NULL: refused). */
static const struct {
    const char *version, *want, *what;
} server_versions[] = {
    { "15.1.2176", "73C18880", "server version 15.1.2176" },
    { "64.0.1", NULL, "server version major > 63" },
};

/* What the settings of o'n&co@example.com hold, as markup. */
static const struct {
    const char *markup, *what;
} settings_hold[] = {
    { "<AutoDiscoverSMTPAddress>o&apos;n&amp;co@example.com<", "the address escaped in text" },
    { "<Server>imap.example.com</Server>", "a placeholder filled" },
    { "<DisplayName>o&apos;n&amp;co &lt;Mail &amp; More&gt;<", "the display name escaped" },
};

static void test_render(apr_pool_t *p)
{
    ad_profile_t *prof = ad_check_profile(p);
    ad_vars_t v;
    ad_buf_t b;
    int rendered;
    size_t i;

    for (i = 0; i < COUNT(server_versions); i++)
        is(ad_server_version_encode(p, server_versions[i].version), server_versions[i].want,
           server_versions[i].what);
    is(ad_xml_escape(p, "a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;", "XML escaping");
    ad_vars_set(&v, p, "o'n&co@example.com", "o'n&co", "example.com");
    is(ad_tmpl_expand_raw(p, ad_tmpl_parse(p, "%EMAILLOCALPART%+%EMAILDOMAIN%%"), &v),
       "o'n&co+example.com%", "raw expansion");
    ad_buf_init(&b, p, 16);
    rendered = ad_pox_render_settings(&b, prof, AD_SCHEMA_OUTLOOK, &v);
    ok(rendered, "settings: rendered");
    for (i = 0; i < COUNT(settings_hold); i++)
        ok(rendered && strstr(b.data, settings_hold[i].markup) != NULL,
           apr_pstrcat(p, "settings: ", settings_hold[i].what, NULL));
}

/* Every answer of prof for v, one after another. */
static const char *answers(apr_pool_t *p, const ad_profile_t *prof, ad_vars_t *v)
{
    static const char *const names[] = {
        "UserDisplayName", "ExternalEwsUrl", "InternalEwsUrl", "ExternalImap4Connections",
        "ExternalSmtpConnections", "ActiveSyncUrl", "CalDavUrl"
    };
    const ad_tmpl_t *docs[] = {
        prof->compiled_outlook, prof->compiled_mobilesync, prof->compiled_autoconfig,
        prof->compiled_mobileconfig, prof->compiled_mobileconfig_mac
    };
    apr_array_header_t *settings = apr_array_make(p, 8, sizeof(const char *));
    const char *pacc;
    apr_size_t i, len;
    ad_buf_t b;

    ad_buf_init(&b, p, 64);
    ad_mobileconfig_vars(v, p);
    for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
        if (docs[i])
            ad_tmpl_expand_xml(&b, docs[i], v);
        ad_buf_adds(&b, "\n--\n");
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        APR_ARRAY_PUSH(settings, const char *) = names[i];
    ad_soap_render_begin(&b, prof);
    ad_soap_render_user(&b, prof, settings, v, 1);
    ad_soap_render_end(&b);
    pacc = prof->compiled_pacc ? ad_pacc_document(p, prof->compiled_pacc, "example.com", &len)
                               : "(no PACC)";
    ad_buf_adds(&b, pacc);
    return b.data;
}

/* What the server keeps (ad_profile_compile_kept: built in scratch,
 * copied) answers as the profile compiled in place does. */
static void test_kept(apr_pool_t *p)
{
    ad_profile_t *prof = ad_check_profile(p), *kept;
    apr_pool_t *scratch;
    ad_tmpl_t *f = ad_tmpl_new(p);
    ad_vars_t v;
    int i;

    apr_pool_create(&scratch, p);
    ad_vars_set(&v, p, "o'n&co@example.com", "o'n&co", "example.com");
    kept = apr_pmemdup(p, prof, sizeof(*prof));
    kept->compiled = 0;
    ad_profile_compile_kept(p, scratch, kept);
    ok(kept->compiled && kept->compiled_outlook != prof->compiled_outlook,
       "kept profile: compiled anew");
    is(answers(p, kept, &v), answers(p, prof, &v), "kept profile: the same answers, every format");
    ok(kept->compiled_mobileconfig != kept->compiled_mobileconfig_mac,
       "kept profile: macOS and iOS profiles differ with ActiveSync");

    /* Without ActiveSync and CardDAV, macOS gets what iOS gets: one copy. */
    prof->url[AD_SVC_ACTIVESYNC][AD_EXTERNAL] = NULL;
    prof->dav[AD_DAV_CARDDAV] = NULL;
    ad_profile_compile(p, prof);
    kept = apr_pmemdup(p, prof, sizeof(*prof));
    kept->compiled = 0;
    ad_profile_compile_kept(p, scratch, kept);
    ok(kept->compiled_mobileconfig && kept->compiled_mobileconfig == kept->compiled_mobileconfig_mac,
       "kept profile without ActiveSync and CardDAV: one Apple profile for both");
    is(answers(p, kept, &v), answers(p, prof, &v), "kept profile without ActiveSync and CardDAV: the same answers");
    ok(!ad_tmpl_equal(kept->compiled_outlook, kept->compiled_autoconfig)
       && ad_tmpl_equal(kept->compiled_outlook, prof->compiled_outlook),
       "template equality");

    /* A fragment built from many small pieces: one literal, every byte. */
    for (i = 0; i < 3000; i++)
        ad_tmpl_add_markup(f, i % 2 ? "b" : "a");
    ad_tmpl_add_hole(f, AD_SEG_EXTRA1);
    ad_tmpl_add_markup(f, "<");
    f = ad_tmpl_copy(p, f);
    ok(f->segs->nelts == 3 && APR_ARRAY_IDX(f->segs, 0, ad_seg_t).len == 3000
       && f->literal_len == 3001 && !strncmp(APR_ARRAY_IDX(f->segs, 0, ad_seg_t).text, "abab", 4)
       && !strcmp(APR_ARRAY_IDX(f->segs, 0, ad_seg_t).text + 2996, "abab")
       && !strcmp(APR_ARRAY_IDX(f->segs, 2, ad_seg_t).text, "<"),
       "fragment of 3000 pieces: joined and copied whole");
}

static int replay(apr_pool_t *root, const ad_profile_t *prof, const char *path)
{
    apr_pool_t *p;
    apr_file_t *f;
    apr_finfo_t fi;
    char *data;
    apr_size_t n;
    const char *why;
    FILE *captured = tmpfile();
    struct stat st;
    int saved;

    apr_pool_create(&p, root);
    if (!captured || apr_file_open(&f, path, APR_READ | APR_BINARY, 0, p) != APR_SUCCESS
        || apr_file_info_get(&fi, APR_FINFO_SIZE, f) != APR_SUCCESS) {
        ok(0, apr_pstrcat(p, path, ": unreadable", NULL));
        return 0;
    }
    n = (apr_size_t)fi.size;
    data = malloc(n ? n : 1);   /* exact size: ASan sees any overread */
    if (n && apr_file_read_full(f, data, n, &n) != APR_SUCCESS)
        n = 0;
    /* In httpd, stderr is the error log: the core must print nothing. */
    fflush(stderr);
    saved = dup(2);
    dup2(fileno(captured), 2);
    why = ad_check_body(p, prof, data, n);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    if (!why && fstat(fileno(captured), &st) == 0 && st.st_size > 0)
        why = "the core wrote to stderr";
    ok(why == NULL, apr_pstrcat(p, path, why ? ": " : "", why ? why : "", NULL));
    free(data);
    fclose(captured);
    apr_pool_destroy(p);
    return 1;
}

static ad_server_t *pacc_server(apr_pool_t *p, ad_proto_e type, const char *host, int port,
                                ad_tls_e tls)
{
    ad_server_t *sv = apr_pcalloc(p, sizeof(*sv));

    sv->type = type;
    sv->host = ad_tmpl_parse(p, host);
    sv->port = port;
    sv->tls = tls;
    sv->auth = sv->oauth2 = 1;
    sv->login = ad_tmpl_parse(p, "%EMAILADDRESS%");
    return sv;
}

/* PACC (ad_render_pacc.c): what a document takes, JSON escaping, the digest. */
static void test_pacc(apr_pool_t *p)
{
    ad_profile_t *prof = apr_pcalloc(p, sizeof(*prof));
    static ad_oauth2_t oauth2 = { "https://login.example.test/\"x\"", NULL, NULL, NULL, NULL };
    static const ad_provider_t provider = { "A \"quoted\" \\ name", NULL };
    apr_array_header_t *left;
    const ad_tmpl_t *f;
    const char *doc;
    apr_size_t len;

    prof->servers = apr_array_make(p, 4, sizeof(ad_server_t *));
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        pacc_server(p, AD_PROTO_IMAP, "imap.%EMAILDOMAIN%", 1993, AD_TLS_IMPLICIT);
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        pacc_server(p, AD_PROTO_SMTP, "smtp.%EMAILDOMAIN%", 465, AD_TLS_IMPLICIT);
    ok(ad_pacc_compile(p, prof) == NULL, "PACC: no document without a describable incoming server");
    is(ad_pacc_none(p, prof), "no IMAP or POP3 server it can describe", "PACC: and why");
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        pacc_server(p, AD_PROTO_POP3, "pop.%EMAILDOMAIN%", 995, AD_TLS_IMPLICIT);
    APR_ARRAY_PUSH(prof->servers, ad_server_t *) =
        pacc_server(p, AD_PROTO_POP3, "pop2.%EMAILDOMAIN%", 995, AD_TLS_IMPLICIT);
    prof->oauth2 = &oauth2;
    prof->provider = &provider;
    f = ad_pacc_compile(p, prof);
    ok(f != NULL, "PACC: a document with POP3 and SMTP");
    doc = f ? ad_pacc_document(p, f, "ex\"ample.test", &len) : "";
    is(doc, "{\"protocols\":{\"pop3\":{\"host\":\"pop.ex\\\"ample.test\"},"
            "\"smtp\":{\"host\":\"smtp.ex\\\"ample.test\"},\"submit\":{\"host\":\"smtp.ex\\\"ample.test\"}},"
            "\"authentication\":{\"oauth-public\":{\"issuer\":\"https://login.example.test/\\\"x\\\"\"},"
            "\"password\":true},\"info\":{\"provider\":{\"name\":\"A \\\"quoted\\\" \\\\ name\"}}}",
       "PACC: the first of each kind, JSON-escaped text and domain");
    left = ad_pacc_left_out(p, prof);
    ok(left->nelts == 1, "PACC: one server left out (the second POP3 server is not)");
    is(left->nelts ? APR_ARRAY_IDX(left, 0, const char *) : NULL,
       "IMAP imap.%EMAILDOMAIN%:1993 (port 1993)", "PACC: named as configured, and why");
    APR_ARRAY_IDX(prof->servers, 1, ad_server_t *)->oauth2 = 0;
    f = ad_pacc_compile(p, prof);
    ok(f && !strstr(ad_pacc_document(p, f, "example.test", &len), "oauth-public"),
       "PACC: no issuer when a server it names takes no OAuth2");
    is(ad_pacc_txt(p, "abc", 3), "v=UAAC1; a=sha256; d=ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
       "PACC: the TXT value, SHA-256 in standard base64 with padding");
}

/* Byte strings and whether ad_utf8_valid() takes them. */
static const struct {
    const char *bytes;
    apr_size_t len;
    int valid;
    const char *what;
} utf8_cases[] = {
    { "j\xc3\xa4ne", 5, 1, "a two-byte form" },
    { "\xf0\x9f\x93\xa7", 4, 1, "a four-byte form" },
    { "j\xc3(ne", 5, 0, "a broken sequence" },
    { "\xc0\xaf", 2, 0, "an overlong '/'" },
    { "\xed\xa0\x80", 3, 0, "a surrogate" },
    { "\xf4\x90\x80\x80", 4, 0, "above U+10FFFF" },
    { "\xc2\x85", 2, 0, "a C1 control (NEL)" },
    { "a\r\nb", 4, 0, "CR LF" },
    { "\xe2\x82", 2, 0, "cut short" },
};

/* Query strings, the parameter asked for and its bound, and what
 * ad_query_get() gives: refused, or accepted with the value (NULL:
 * absent). */
static const struct {
    const char *args, *name;
    apr_size_t max;
    int refused;
    const char *value, *what;
} query_cases[] = {
    { "Email=jane%40example.test&x=1", "email", 100, 0, "jane@example.test",
      "found, name in any case, value decoded" },
    { "a=1&b=2", "Email", 100, 0, NULL, "absent is fine, and NULL" },
    { "e=a+b", "e", 100, 0, "a+b", "'+' stays '+'" },
    { "e=j%C3%A4ne", "e", 100, 0, "j\xc3\xa4ne", "UTF-8 accepted" },
    { "e=%ZZ", "e", 100, 1, NULL, "a bad escape refused" },
    { "e=ab%4", "e", 100, 1, NULL, "a cut escape refused" },
    { "e=a%00b", "e", 100, 1, NULL, "%00 refused" },
    { "e=j%C3%28ne", "e", 100, 1, NULL, "not UTF-8 refused" },
    { "e=abcdef", "e", 5, 1, NULL, "over max refused" },
};

/* The rest of a v2 path after autodiscover.json, and what
 * ad_v2_path_address() gives: an address (NULL: none), a path it does not
 * have, or a refusal. */
enum { V2_ADDRESS, V2_UNKNOWN_PATH, V2_REFUSED };
static const struct {
    const char *rest;
    int want;
    const char *address, *what;
} v2_path_cases[] = {
    { "", V2_ADDRESS, NULL, "none" },
    { "/V1.0/jane@example.test", V2_ADDRESS, "jane@example.test", "/v1.0/ in any case" },
    { "/v2.0/jane@example.test", V2_UNKNOWN_PATH, NULL, "another version is a path it does not have" },
    { "/v1.0/j\xffne@example.test", V2_REFUSED, NULL, "not UTF-8 refused" },
};

/* Query values and v2 paths (ad_query.c). */
static void test_query(apr_pool_t *p)
{
    const char *v, *why;
    size_t i;

    for (i = 0; i < COUNT(utf8_cases); i++)
        ok(!ad_utf8_valid(utf8_cases[i].bytes, utf8_cases[i].len) == !utf8_cases[i].valid,
           apr_pstrcat(p, "UTF-8: ", utf8_cases[i].what, NULL));

    for (i = 0; i < COUNT(query_cases); i++) {
        const char *what = apr_pstrcat(p, "query: ", query_cases[i].what, NULL);
        v = "(not set)";
        why = ad_query_get(p, query_cases[i].args, query_cases[i].name, query_cases[i].max, &v);
        if (query_cases[i].refused) {
            ok(why != NULL, what);
            continue;
        }
        is(why, NULL, what);
        is(v, query_cases[i].value, apr_pstrcat(p, what, ": the value", NULL));
    }

    for (i = 0; i < COUNT(v2_path_cases); i++) {
        const char *what = apr_pstrcat(p, "v2 path: ", v2_path_cases[i].what, NULL);
        v = "(not set)";
        why = ad_v2_path_address(p, v2_path_cases[i].rest, &v);
        switch (v2_path_cases[i].want) {
        case V2_ADDRESS:
            is(why, NULL, what);
            is(v, v2_path_cases[i].address, apr_pstrcat(p, what, ": the address", NULL));
            break;
        case V2_UNKNOWN_PATH:
            ok(why == ad_v2_path_unknown, what);
            break;
        default:
            ok(why != NULL && why != ad_v2_path_unknown, what);
        }
    }
}

/* The counters' user-agent classes: real headers, and the overlaps the
 * pattern order settles. */
static void test_agent(apr_pool_t *p)
{
    static const struct { const char *ua; ad_agent_e want; const char *what; } cases[] = {
        { "OutlookMobileCloudService-Autodetect/1.0.0", AD_AGENT_MS_AUTODETECT,
          "Microsoft's AutoDetect service, though it says Outlook" },
        { "Microsoft Office/16.0 (Windows NT 10.0; MAPI 16.0.9001; Pro)", AD_AGENT_OUTLOOK,
          "Outlook on Windows (Microsoft Office/)" },
        { "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.15225; Pro)",
          AD_AGENT_OUTLOOK, "Outlook on Windows (Microsoft Outlook)" },
        { "Microsoft Office/16.0 (Macintosh; Mac OS X 14.5; Pro)", AD_AGENT_OUTLOOK,
          "Office on a Mac: Outlook, not Apple" },
        { "Outlook-iOS/711.2304115.prod.iphone (3.26.0)", AD_AGENT_OUTLOOK,
          "Outlook for iOS: Outlook, though it says iOS/" },
        { "Outlook-Android/2.0", AD_AGENT_OUTLOOK, "Outlook for Android" },
        { "okhttp/4.12.0", AD_AGENT_TB_ANDROID,
          "OkHttp's bare default: Thunderbird for Android's autoconfig fetch" },
        { "K-9 Mail/6.800", AD_AGENT_TB_ANDROID, "K-9 Mail" },
        { "Thunderbird for Android/9.0", AD_AGENT_TB_ANDROID, "Thunderbird for Android" },
        { "net.thunderbird.android/9.0 (Android 14)", AD_AGENT_TB_ANDROID,
          "Thunderbird for Android by its package name" },
        { "DAVx5/4.4 (dav4jvm; okhttp/4.12.0) Android/14", AD_AGENT_OTHER,
          "an app naming itself before okhttp/: other" },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0",
          AD_AGENT_THUNDERBIRD, "Thunderbird on Windows" },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Thunderbird/128.0",
          AD_AGENT_THUNDERBIRD, "Thunderbird on a Mac: Thunderbird, not Apple" },
        { "Thunderbird CalDAV/CardDAV", AD_AGENT_THUNDERBIRD, "TbSync's DAV provider" },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15",
          AD_AGENT_APPLE, "Safari on an iPhone" },
        { "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15", AD_AGENT_APPLE,
          "Safari on an iPad in mobile mode" },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15",
          AD_AGENT_APPLE, "Safari on a Mac (and an iPad by default)" },
        { "iOS/18.0 (22A3354) dataaccessd/1.0", AD_AGENT_APPLE, "iOS DAV daemon" },
        { "macOS/13.4 (22F66) dataaccessd/1.0", AD_AGENT_APPLE, "macOS DAV daemon" },
        { "macOS/26.1 (25B78) accountsd/1.0", AD_AGENT_APPLE, "macOS account setup" },
        { "Mac OS X/10.15 (19H2) CalendarAgent/954", AD_AGENT_APPLE, "macOS Calendar" },
        { "Mac_OS_X/10.15 (19H2) AddressBook/2452", AD_AGENT_APPLE, "macOS Contacts" },
        { "CoreDAV/1.0", AD_AGENT_APPLE, "CoreDAV" },
        { "iOS/17.0", AD_AGENT_APPLE, "iOS/ alone" },
        { "eM Client/9.2.2157.0", AD_AGENT_OTHER, "eM Client: other" },
        { "outlookmobilecloudservice-autodetect/1.0.0", AD_AGENT_OTHER,
          "patterns match with letter case" },
        { "Mozilla/5.0 (Linux; Android 14) OkHttp okhttp/4.12.0", AD_AGENT_OTHER,
          "okhttp/ only at the start" },
        { "", AD_AGENT_OTHER, "an empty header: other" },
        { NULL, AD_AGENT_OTHER, "no header: other" },
    };
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ad_agent_e got = ad_agent_of(cases[i].ua);
        ok(got == cases[i].want, apr_pstrcat(p, "agent: ", cases[i].what, NULL));
        if (got != cases[i].want)
            printf("#   got: %s\n#  want: %s\n", ad_agent_name(got), ad_agent_name(cases[i].want));
    }
    is(ad_agent_name(AD_AGENT_TB_ANDROID), "Thunderbird for Android / K-9", "agent: a name");
}

/* The setup page's text keys, in any case (-1: none). */
static const struct {
    const char *name;
    int want;
} setup_keys[] = {
    { "Title", AD_ST_TITLE },
    { "nosuch", -1 },
};

/* Texts that may replace a key's default, or not. */
static const struct {
    ad_setup_text_e key;
    const char *text;
    int refused;
    const char *what;
} setup_texts[] = {
    { AD_ST_LANG, "pt-BR", 0, "lang is a language tag" },
    { AD_ST_LANG, "pt BR", 1, "lang with a space refused" },
    { AD_ST_TITLE, "Hallo %EMAILLOCALPART%", 0, "a known placeholder accepted" },
    { AD_ST_TITLE, "Hallo %EMAILNAME%", 1, "an unknown placeholder refused" },
};

/* What the page rendered below holds (present) or must not hold. */
static const struct {
    const char *markup;
    int present;
    const char *what;
} setup_page_holds[] = {
    { "<h1>&lt;Mail&gt; &amp; example.test</h1>", 1, "a text escaped, placeholders filled" },
    { "&quot;Quote&quot; &lt;b&gt;", 1, "the provider escaped" },
    { "<b>", 0, "the provider's markup nowhere as markup" },
    { "<dd data-field=\"host\">imap.example.test</dd>", 1, "the servers filled in" },
    { "href=\"https://autoconfig.example.test/mobileconfig?emailaddress=jane%40example.test&amp;platform=ios\"", 1,
      "the link escaped in its attribute" },
};

/* The setup page's pure parts: its keys and text checks, the query
 * encoding of its links, the QR code's SVG, and escaping in the page. */
static void test_setup(apr_pool_t *p, const ad_profile_t *prof)
{
    ad_setup_conf_t conf;
    ad_setup_view_t view;
    ad_setup_links_t links;
    ad_vars_t v;
    ad_buf_t b;
    const char *svg, *why;
    char *longtext;
    int rendered;
    size_t i;

    for (i = 0; i < COUNT(setup_keys); i++)
        ok(ad_setup_text_key(setup_keys[i].name) == setup_keys[i].want,
           apr_pstrcat(p, "setup: text keys, any case: ", setup_keys[i].name, NULL));
    for (i = 0; i < COUNT(setup_texts); i++)
        ok(!ad_setup_text_check(p, setup_texts[i].key, setup_texts[i].text) == !setup_texts[i].refused,
           apr_pstrcat(p, "setup: ", setup_texts[i].what, NULL));
    is(ad_setup_urlencode(p, "a+b c@x.test"), "a%2Bb%20c%40x.test", "setup: links percent-encode the address");

    why = ad_qr_svg(p, "https://x.test/mobileconfig?emailaddress=a%40x.test", "a<b", "qr", &svg);
    ok(!why && svg && !strncmp(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 41 41\"", 59),
       "QR: 52 bytes at level M: version 4, 33 modules and the quiet zone");
    ok(svg && strstr(svg, "<title id=\"qr\">a&lt;b</title>") != NULL, "QR: its title escaped");
    longtext = apr_palloc(p, AD_QR_MAX_TEXT + 2);
    memset(longtext, 'x', AD_QR_MAX_TEXT + 1);
    longtext[AD_QR_MAX_TEXT + 1] = '\0';
    ok(ad_qr_svg(p, longtext, "t", "qr", &svg) != NULL && !svg, "QR: too long a text refused");

    memset(&conf, 0, sizeof(conf));
    conf.text[AD_ST_TITLE] = "<Mail> & %EMAILDOMAIN%";
    memset(&view, 0, sizeof(view));
    ad_vars_set(&v, p, "jane@example.test", "jane", "example.test");
    view.conf = &conf;
    view.state = AD_SETUP_SETTINGS;
    view.asked = "jane@example.test";
    view.v = &v;
    view.prof = prof;
    view.provider = "\"Quote\" <b>";
    view.origin = "https://autoconfig.example.test";
    ad_setup_profile_links(p, &view, &links);
    is(links.ios, "https://autoconfig.example.test/mobileconfig?emailaddress=jane%40example.test&platform=ios",
       "setup: ActiveSync makes an iOS link");
    is(links.qr, links.ios, "setup: the QR code holds it");
    ad_buf_init(&b, p, 16384);
    rendered = !ad_setup_render(&b, &view);
    ok(rendered, "setup: the page with its QR code");
    for (i = 0; i < COUNT(setup_page_holds); i++)
        ok(rendered && !strstr(b.data, setup_page_holds[i].markup) == !setup_page_holds[i].present,
           apr_pstrcat(p, "setup: ", setup_page_holds[i].what, NULL));
}

int main(int argc, char **argv)
{
    apr_pool_t *root;
    const ad_profile_t *prof;
    int i;

    apr_initialize();
    xmlInitParser();
    apr_pool_create(&root, NULL);
    prof = ad_check_profile(root);

    test_parser(root);
    test_address(root);
    test_render(root);
    test_soap(root);
    test_formats(root);
    test_query(root);
    test_agent(root);
    test_pacc(root);
    test_kept(root);
    test_setup(root, prof);
    for (i = 1; i < argc; i++)
        replay(root, prof, argv[i]);
    printf("1..%d\n", tests);

    apr_pool_destroy(root);
    xmlCleanupParser();
    apr_terminate();
    return failed ? 1 : 0;
}
