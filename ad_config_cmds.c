/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The directive setters (the command table is in mod_autodiscover.c).
 * Each checks its syntax and values and says which directive, which value
 * and what is accepted; rules that span directives are ad_config_check.c's.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_hash.h>
#include <libxml/parser.h>
#include <libxml/xmlstring.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_directives.h"
#include "ad_signer.h"
#include "ad_signed_cache.h"
#include "ad_dir_sql.h"
#include "ad_dir_ldap.h"
#include "ad_user_cache.h"

APLOG_USE_MODULE(autodiscover);

/* Each setter is checked against its row's prototype. */
AD_DIRECTIVES(AD_SETTER_DECLARE)

/* ---------------------------------------------------------------- helpers */

static const char *bad(cmd_parms *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* "<Directive>: <message>" from the command's own name. */
static const char *bad(cmd_parms *cmd, const char *fmt, ...)
{
    va_list ap;
    const char *msg;

    va_start(ap, fmt);
    msg = apr_pvsprintf(cmd->pool, fmt, ap);
    va_end(ap);
    return apr_pstrcat(cmd->pool, cmd->cmd->name, ": ", msg, NULL);
}

/* Text that goes into responses: UTF-8, no control characters. */
static const char *check_text(cmd_parms *cmd, const char *value)
{
    const unsigned char *s;

    if (!xmlCheckUTF8((const xmlChar *)value))
        return bad(cmd, "'%s' is not valid UTF-8", value);
    for (s = (const unsigned char *)value; *s; s++) {
        if (*s < 0x20 || *s == 0x7f)
            return bad(cmd, "'%s' contains a control character", value);
    }
    return NULL;
}

static ad_tmpl_t *template_or_error(cmd_parms *cmd, const char *value,
                                    const char **err)
{
    *err = check_text(cmd, value);
    return *err ? NULL : ad_tmpl_parse(cmd->pool, value);
}

/* An absolute https URL, optionally allowing placeholders; *origin gets
 * "https://host[:port]". */
static const char *check_https_url(cmd_parms *cmd, const char *url,
                                   int allow_placeholders, const char **origin)
{
    const char *host, *end;
    const char *err = check_text(cmd, url);

    if (err)
        return err;
    if (strncasecmp(url, "https://", 8) != 0)
        return bad(cmd, "'%s' is not an absolute https:// URL; clients only "
                   "follow https (for example https://autodiscover.example.com"
                   "/autodiscover/autodiscover.xml)", url);
    if (strpbrk(url, " \"<>\\^`{|}"))
        return bad(cmd, "'%s' contains characters that are not allowed in a URL", url);
    host = url + 8;
    end = host + strcspn(host, "/?#");
    if (end == host || *host == ':')
        return bad(cmd, "'%s' has no host name", url);
    if (!allow_placeholders && strchr(url, '%') && strstr(url, "%EMAIL"))
        return bad(cmd, "'%s': placeholders are not allowed here", url);
    if (origin)
        *origin = apr_pstrcat(cmd->pool, "https://",
                              apr_pstrmemdup(cmd->pool, host, end - host), NULL);
    return NULL;
}

/* A DNS domain name; returns it in lower case or NULL. */
static const char *domain_name(apr_pool_t *p, const char *value)
{
    const char *local, *domain;

    if (ad_address_split(p, apr_pstrcat(p, "x@", value, NULL), &local, &domain))
        return NULL;
    return domain;
}

/* The default login, %EMAILADDRESS%: one template for every server and
 * DAV context of the configuration (a host with thousands of vhosts has
 * thousands of them). Templates are never changed once parsed. */
static ad_tmpl_t *default_login(apr_pool_t *p)
{
    static const char key[] = "autodiscover-default-login";
    void *t;

    apr_pool_userdata_get(&t, key, p);
    if (!t) {
        t = ad_tmpl_parse(p, "%EMAILADDRESS%");
        apr_pool_userdata_setn(t, key, NULL, p);
    }
    return t;
}

static const char *mark_profile(void *dc)
{
    ((ad_dir_conf_t *)dc)->profile->set = 1;
    return NULL;
}

/*
 * A value start-up uses (a query prepared, a key loaded, where the module
 * answers) means nothing per request, and <If>, <ElseIf> and <Else> are
 * the sections httpd applies per request (after start-up, whatever it
 * read): refused there, saying why and what to write instead. NULL when
 * cmd is in no such section. "what": the directive as refused ("Autodiscover
 * On"); "why": what start-up does with it; "fix": NULL for the usual one.
 */
#define FIX_STEER "put it in the <VirtualHost> or <Location>, and steer the answer " \
                  "with <If> around " AD_D_SERVER " and the answer's other directives " \
                  "(docs/client-steering.md)"
static const char *refused_in_if(cmd_parms *cmd, const char *what, const char *why,
                                 const char *fix)
{
    const ap_directive_t *d;

    for (d = cmd->directive ? cmd->directive->parent : NULL; d; d = d->parent) {
        if (!strcasecmp(d->directive, "<If") || !strcasecmp(d->directive, "<ElseIf")
            || !strcasecmp(d->directive, "<Else"))
            return apr_psprintf(cmd->pool, "%s cannot be inside %s>: %s; %s", what,
                                d->directive, why, fix ? fix : FIX_STEER);
    }
    return NULL;
}

static int parse_on_off(const char *v, int *out)
{
    if (!strcasecmp(v, "on"))
        *out = 1;
    else if (!strcasecmp(v, "off"))
        *out = 0;
    else
        return 0;
    return 1;
}

/* ---------------------------------------------------------------- setters */

const char *ad_cmd_enable(cmd_parms *cmd, void *dc, int on)
{
    const char *err;

    /* Off, per request, is steering too. */
    if (on && (err = refused_in_if(cmd, AD_D_ENABLE " On",
                                   "start-up reads it to know where the module answers (the "
                                   "one spelling of its URLs before access control, the "
                                   "certificate check, the DNS records)",
                                   "put it in the <VirtualHost> or <Location>, and turn the "
                                   "answer off with " AD_D_ENABLE " Off inside <If> for the "
                                   "clients that should get none")))
        return err;
    ((ad_dir_conf_t *)dc)->enabled = on;
    return NULL;
}

const char *ad_cmd_domains(cmd_parms *cmd, void *dc, const char *arg)
{
    ad_dir_conf_t *c = dc;
    const char *d;

    if (!strcasecmp(arg, "any")) {
        if (c->domains && c->domains != AD_OFF)
            return bad(cmd, "'any' cannot be mixed with a list of domains");
        c->domains = AD_OFF;
        return NULL;
    }
    if (c->domains == AD_OFF)
        return bad(cmd, "'%s' cannot be mixed with 'any'", arg);
    if (!(d = domain_name(cmd->pool, arg)))
        return bad(cmd, "'%s' is not a domain name; give mail domains such as "
                   "example.com, or 'any'", arg);
    if (!c->domains)
        c->domains = apr_hash_make(cmd->pool);
    apr_hash_set(c->domains, d, APR_HASH_KEY_STRING, "");
    return NULL;
}

/* A directive that takes one of two words: *out is the value of the one
 * given, or the message says which words there are (help). */
static const char *two_words(cmd_parms *cmd, const char *arg, int *out,
                             const char *w0, int v0, const char *w1, int v1,
                             const char *help)
{
    if (!strcasecmp(arg, w0))
        *out = v0;
    else if (!strcasecmp(arg, w1))
        *out = v1;
    else
        return bad(cmd, "'%s' is not accepted; use %s", arg, help);
    return NULL;
}

const char *ad_cmd_foreign(cmd_parms *cmd, void *dc, const char *arg)
{
    return two_words(cmd, arg, &((ad_dir_conf_t *)dc)->foreign,
                     "error", AD_FOREIGN_ERROR, "notfound", AD_FOREIGN_NOTFOUND,
                     "'error' (protocol error 500) or 'notfound' (HTTP 404, the "
                     "client tries its next URL)");
}

static const struct {
    const char *name;
    ad_proto_e type;
    int port[3];                /* by ad_tls_e: implicit, starttls, none */
} server_types[] = {
    { "IMAP", AD_PROTO_IMAP, { 993, 143, 143 } },
    { "POP3", AD_PROTO_POP3, { 995, 110, 110 } },
    { "SMTP", AD_PROTO_SMTP, { 465, 587, 587 } },
};

/* AutodiscoverServer's on/off options and their defaults, as the
 * reference's option table states them (t/config/defaults.t compares).
 * tls= defaults to implicit, login= to the address (default_login). */
static const struct {
    const char *name;
    apr_size_t offset;          /* of its int in ad_server_t */
    int smtp_only;
    int dflt;
} server_flags[] = {
    { "spa",            offsetof(ad_server_t, spa),             0, 0 },
    { "auth",           offsetof(ad_server_t, auth),            0, 1 },
    { "domainrequired", offsetof(ad_server_t, domain_required), 0, 0 },
    { "oauth2",         offsetof(ad_server_t, oauth2),          0, 1 },
    { "popauth",        offsetof(ad_server_t, pop_auth),        1, 1 },
    { "smtplast",       offsetof(ad_server_t, smtp_last),       1, 0 },
};
#define AD_SERVER_DEFAULT_TLS AD_TLS_IMPLICIT

static const char *server_option(cmd_parms *cmd, ad_server_t *sv,
                                 const char *opt)
{
    const char *eq = strchr(opt, '=');
    const char *key, *val, *err;
    int *flag = NULL;
    apr_size_t i;

    if (!eq)
        return bad(cmd, "option '%s' is not key=value", opt);
    key = apr_pstrmemdup(cmd->temp_pool, opt, eq - opt);
    val = eq + 1;
    if (!strcasecmp(key, "tls")) {
        if (!strcasecmp(val, "implicit") || !strcasecmp(val, "ssl"))
            sv->tls = AD_TLS_IMPLICIT;
        else if (!strcasecmp(val, "starttls"))
            sv->tls = AD_TLS_STARTTLS;
        else if (!strcasecmp(val, "none"))
            sv->tls = AD_TLS_NONE;
        else
            return bad(cmd, "tls='%s' is not accepted; use tls=implicit "
                       "(TLS from the first byte, ports 993/995/465), "
                       "tls=starttls (ports 143/110/587) or tls=none", val);
        return NULL;
    }
    if (!strcasecmp(key, "login")) {
        if (!*val) {
            sv->login = NULL;
            return NULL;
        }
        sv->login = template_or_error(cmd, val, &err);
        return err;
    }
    for (i = 0; i < sizeof(server_flags) / sizeof(server_flags[0]); i++) {
        if (strcasecmp(key, server_flags[i].name))
            continue;
        if (server_flags[i].smtp_only && sv->type != AD_PROTO_SMTP)
            return bad(cmd, "%s= applies to SMTP servers only", key);
        flag = (int *)((char *)sv + server_flags[i].offset);
    }
    if (!flag)
        return bad(cmd, "unknown option '%s'; accepted: tls=, login=, spa=, "
                   "auth=, domainrequired=, oauth2=, popauth= and smtplast= (SMTP)", key);
    if (!parse_on_off(val, flag))
        return bad(cmd, "%s='%s' is not accepted; use on or off", key, val);
    return NULL;
}

const char *ad_cmd_server(cmd_parms *cmd, void *dc, int argc, char *const argv[])
{
    ad_dir_conf_t *c = dc;
    ad_server_t *sv;
    const char *colon, *err, *host;
    int i, t = -1, port_given = 0;
    char *end;

    if (argc < 2)
        return bad(cmd, "needs a type and a host: %s IMAP|POP3|SMTP host[:port] "
                   "[tls=implicit|starttls|none] [login=TEMPLATE] [spa=on|off] "
                   "[auth=on|off] [domainrequired=on|off]", cmd->cmd->name);
    for (i = 0; i < 3; i++) {
        if (!strcasecmp(argv[0], server_types[i].name))
            t = i;
    }
    if (t == -1)
        return bad(cmd, "type '%s' is not accepted; use IMAP, POP3 or SMTP", argv[0]);
    sv = apr_pcalloc(cmd->pool, sizeof(*sv));
    sv->type = server_types[t].type;
    sv->tls = AD_SERVER_DEFAULT_TLS;
    for (i = 0; i < (int)(sizeof(server_flags) / sizeof(server_flags[0])); i++)
        *(int *)((char *)sv + server_flags[i].offset) = server_flags[i].dflt;
    sv->login = default_login(cmd->pool);

    host = argv[1];
    colon = strrchr(host, ':');
    if (colon) {
        long port = strtol(colon + 1, &end, 10);
        if (end == colon + 1 || *end || port < 1 || port > 65535)
            return bad(cmd, "'%s': the port must be a number from 1 to 65535", host);
        sv->port = (int)port;
        port_given = 1;
        host = apr_pstrmemdup(cmd->pool, host, colon - host);
    }
    if (!*host || strpbrk(host, "/ <>&\"'"))
        return bad(cmd, "'%s' is not a host name", argv[1]);
    if (!(sv->host = template_or_error(cmd, host, &err)))
        return err;
    for (i = 2; i < argc; i++) {
        if ((err = server_option(cmd, sv, argv[i])))
            return err;
    }
    if (!port_given)
        sv->port = server_types[t].port[sv->tls];
    if (!c->profile->servers)
        c->profile->servers = apr_array_make(cmd->pool, 4, sizeof(ad_server_t *));
    APR_ARRAY_PUSH(c->profile->servers, ad_server_t *) = sv;
    return mark_profile(dc);
}

static const char *const service_names[AD_SVC_COUNT] = {
    "EWS", "OAB", "OOF", "UM", "ECP", "ActiveSync", "OWA"
};

const char *ad_cmd_service_url(cmd_parms *cmd, void *dc, const char *svc,
                               const char *url)
{
    ad_dir_conf_t *c = dc;
    int side = cmd->info ? AD_EXTERNAL : AD_INTERNAL;
    int s;
    const char *err;

    for (s = 0; s < AD_SVC_COUNT; s++) {
        if (!strcasecmp(svc, service_names[s]))
            break;
    }
    if (s == AD_SVC_COUNT)
        return bad(cmd, "service '%s' is not accepted; use EWS, OAB, OOF, UM, "
                   "ECP, ActiveSync or OWA", svc);
    if ((err = check_https_url(cmd, url, 1, NULL)))
        return err;
    c->profile->url[s][side] = ad_tmpl_parse(cmd->pool, url);
    return mark_profile(dc);
}

const char *ad_cmd_outlook_anywhere(cmd_parms *cmd, void *dc, const char *host,
                                    const char *auth)
{
    static const char *const packages[] = {
        "basic", "kerb", "kerbntlm", "ntlm", "certificate", "negotiate", "nego2"
    };
    ad_dir_conf_t *c = dc;
    const char *err;
    int i;

    if (strpbrk(host, "/:<>&\"' "))
        return bad(cmd, "'%s' is not a host name (give the Outlook Anywhere "
                   "host, such as mail.example.com)", host);
    if (!(c->profile->oa_host = template_or_error(cmd, host, &err)))
        return err;
    if (auth) {
        for (i = 0; i < 7 && strcmp(auth, packages[i]); i++)
            ;
        if (i == 7)
            return bad(cmd, "authentication package '%s' is not accepted; use "
                       "basic, kerb, kerbntlm, ntlm, certificate, negotiate or "
                       "nego2 (lower case)", auth);
        c->profile->oa_auth = packages[i];
    }
    return mark_profile(dc);
}

const char *ad_cmd_owa_auth(cmd_parms *cmd, void *dc, const char *arg)
{
    const char *s;

    for (s = arg; *s; s++) {
        if (!apr_isalpha(*s) && *s != ',' && *s != ' ')
            return bad(cmd, "'%s' is not accepted; give a comma-separated list "
                       "of methods such as \"Basic, Fba\"", arg);
    }
    ((ad_dir_conf_t *)dc)->profile->owa_auth = arg;
    return mark_profile(dc);
}

const char *ad_cmd_server_version(cmd_parms *cmd, void *dc, const char *arg)
{
    const char *v = ad_server_version_encode(cmd->pool, arg);

    if (!v)
        return bad(cmd, "'%s' is not accepted; give MAJOR.MINOR.BUILD "
                   "(such as 15.1.2176) or 8 hex digits (such as 73C18880)", arg);
    ((ad_dir_conf_t *)dc)->profile->server_version = v;
    return mark_profile(dc);
}

const char *ad_cmd_service_uri(cmd_parms *cmd, void *dc, const char *arg)
{
    ad_dir_conf_t *c = dc;
    ad_service_uri_t *u = apr_palloc(cmd->pool, sizeof(*u));
    const char *err = check_https_url(cmd, arg, 0, &u->origin);

    if (err)
        return err;
    u->uri = arg;
    c->service = u;
    return NULL;
}

const char *ad_cmd_redirect_addr(cmd_parms *cmd, void *dc, const char *domain,
                                 const char *target)
{
    ad_dir_conf_t *c = dc;
    ad_redirect_t *rd = apr_pcalloc(cmd->pool, sizeof(*rd));
    const char *from = domain_name(cmd->pool, domain);

    if (!from)
        return bad(cmd, "'%s' is not a domain name", domain);
    rd->kind = AD_REDIRECT_ADDR;
    if (!(rd->target = domain_name(cmd->pool, target)))
        return bad(cmd, "'%s' is not a domain name; give the domain the "
                   "addresses of %s have moved to", target, from);
    if (!strcmp(from, rd->target))
        return bad(cmd, "'%s' redirected to itself would loop", from);
    if (!c->redirects)
        c->redirects = apr_hash_make(cmd->pool);
    apr_hash_set(c->redirects, from, APR_HASH_KEY_STRING, rd);
    return NULL;
}

const char *ad_cmd_redirect_url(cmd_parms *cmd, void *dc, const char *domain,
                                const char *a2, const char *a3)
{
    ad_dir_conf_t *c = dc;
    ad_redirect_t *rd = apr_pcalloc(cmd->pool, sizeof(*rd));
    const char *from = strcmp(domain, "*") ? domain_name(cmd->pool, domain) : "*";
    const char *style = NULL, *err;

    if (!from)
        return bad(cmd, "'%s' is not a domain name (or '*' for every accepted "
                   "domain)", domain);
    rd->kind = AD_REDIRECT_URL;
    if (a2 && strncasecmp(a2, "https://", 8) != 0 && strstr(a2, "://"))
        return bad(cmd, "'%s' is not an absolute https:// URL; clients only "
                   "follow https", a2);
    if (a2 && strncasecmp(a2, "https://", 8) == 0) {
        if ((err = check_https_url(cmd, a2, 0, NULL)))
            return err;
        rd->target = a2;
        style = a3;
    }
    else if (a3) {
        return bad(cmd, "usage: %s DOMAIN [https-URL] [xml|302]", cmd->cmd->name);
    }
    else {
        style = a2;
    }
    if (!rd->target
        && (err = refused_in_if(cmd, AD_D_REDIRECT_URL " without a URL",
                                "its target, " AD_D_SERVICE_URI ", is checked at start-up, "
                                "which does not look inside <If>",
                                apr_psprintf(cmd->temp_pool, "give the URL, such as "
                                             AD_D_REDIRECT_URL " %s https://autodiscover."
                                             "example.com/autodiscover/autodiscover.xml",
                                             domain))))
        return err;
    if (style && !strcasecmp(style, "302"))
        rd->http = 1;
    else if (style && strcasecmp(style, "xml"))
        return bad(cmd, "'%s' is not accepted; answer with 'xml' (Action "
                   "redirectUrl) or '302' (HTTP redirect)", style);
    if (!c->redirects)
        c->redirects = apr_hash_make(cmd->pool);
    apr_hash_set(c->redirects, from, APR_HASH_KEY_STRING, rd);
    return NULL;
}

const char *ad_cmd_http_redirect(cmd_parms *cmd, void *dc, const char *arg)
{
    ad_dir_conf_t *c = dc;
    const char *origin, *err, *rest;
    int on;

    if (parse_on_off(arg, &on)) {
        if (on && (err = refused_in_if(cmd, AD_D_HTTP_REDIRECT " On",
                                       "its target, " AD_D_SERVICE_URI ", is checked at "
                                       "start-up, which does not look inside <If>",
                                       "give the target itself, such as " AD_D_HTTP_REDIRECT
                                       " https://autodiscover.example.com")))
            return err;
        c->http_redirect = on ? "" : AD_OFF;     /* "": to the service URI */
        return NULL;
    }
    if ((err = check_https_url(cmd, arg, 0, &origin)))
        return strncasecmp(arg, "http://", 7) == 0
               ? bad(cmd, "'%s': the redirect target must be https; a client "
                     "must never be sent to plain http for its credentials", arg)
               : bad(cmd, "'%s' is not accepted; use On (to the host of "
                     AD_D_SERVICE_URI "), Off, or https://host[:port]", arg);
    rest = arg + strlen(origin);
    if (*rest && strcmp(rest, "/"))
        return bad(cmd, "'%s': give only https://host[:port]; the request's own "
                   "path is kept", arg);
    c->http_redirect = origin;
    return NULL;
}

const char *ad_cmd_display_name(cmd_parms *cmd, void *dc, const char *arg)
{
    ad_dir_conf_t *c = dc;
    const char *err;

    if (!(c->profile->display_name = template_or_error(cmd, arg, &err)))
        return err;
    return mark_profile(dc);
}

const char *ad_cmd_culture(cmd_parms *cmd, void *dc, const char *arg)
{
    const char *s;

    for (s = arg; *s; s++) {
        if (!apr_isalpha(*s) && *s != ':' && *s != '-')
            break;
    }
    if (*s || !*arg || strlen(arg) > 16)
        return bad(cmd, "'%s' is not a culture such as en:us", arg);
    ((ad_dir_conf_t *)dc)->profile->culture = arg;
    return mark_profile(dc);
}

const char *ad_cmd_owner(cmd_parms *cmd, void *dc, const char *arg)
{
    ad_dir_conf_t *c = dc;
    const char *err;

    if (!strcasecmp(arg, "off")) {
        c->owner = AD_OFF;
        return NULL;
    }
    if (!(c->owner = template_or_error(cmd, arg, &err)))
        return err;
    if (!c->owner->has_placeholders)
        return bad(cmd, "'%s' names one user for every address; use Off or a "
                   "template with %%EMAILADDRESS%%, %%EMAILLOCALPART%% or "
                   "%%EMAILDOMAIN%%", arg);
    return NULL;
}

/* Loaded here, while httpd still reads root-only files: "apachectl -t"
 * reports a missing file or a key that does not match at once. */
const char *ad_cmd_profile_signer(cmd_parms *cmd, void *dc, const char *cert,
                                  const char *key, const char *chain)
{
    ad_dir_conf_t *c = dc;
    const char *err, *warning;
    int bits;

    c->signer = AD_OFF;
    if (!strcasecmp(cert, "off") && !key)
        return NULL;
    if ((err = refused_in_if(cmd, AD_D_PROFILE_SIGNER, "the certificate and key are "
                             "loaded and checked at start-up, not per request", NULL)))
        return err;
    if (!(cert = ap_server_root_relative(cmd->pool, cert))
        || (key && !(key = ap_server_root_relative(cmd->pool, key)))
        || (chain && !(chain = ap_server_root_relative(cmd->pool, chain))))
        return bad(cmd, "invalid file path");
    if ((err = ad_signer_load(cmd->pool, cert, key, chain, &c->signer, &warning)))
        return bad(cmd, "%s; give CERTIFICATE [KEY [CHAIN]] as PEM files, or Off",
                   err);
    if (warning)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server, APLOGNO(77053)
                     AD_D_PROFILE_SIGNER " %s (%s, line %d): %s", cert,
                     cmd->directive->filename, cmd->directive->line_num, warning);
    /* Cached profiles cost nothing; each new address costs one signature,
     * which the key's type and size decide. */
    if ((bits = ad_signer_rsa_bits(c->signer)) > 2048)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, cmd->server, APLOGNO(77150)
                     AD_D_PROFILE_SIGNER " %s (%s, line %d): an RSA key of %d bits "
                     "signs slowly, and every new address costs one signature; an "
                     "ECDSA P-256 key signs about 25x faster", cert,
                     cmd->directive->filename, cmd->directive->line_num, bits);
    ad_signed_cache_signer_used();
    return NULL;
}

const char *ad_cmd_profile_cache(cmd_parms *cmd, void *dc, const char *arg)
{
    return ad_signed_cache_configure(cmd, arg);
}

const char *ad_cmd_max_body(cmd_parms *cmd, void *dc, const char *arg)
{
    apr_off_t n;
    char *end;

    if (apr_strtoff(&n, arg, &end, 10) != APR_SUCCESS || *end
        || n < AD_MIN_MAX_BODY || n > AD_MAX_MAX_BODY)
        return bad(cmd, "'%s' is not accepted; give a number of bytes from %d "
                   "to %d", arg, AD_MIN_MAX_BODY, AD_MAX_MAX_BODY);
    ((ad_dir_conf_t *)dc)->max_body = n;
    return NULL;
}

const char *ad_cmd_sql_query(cmd_parms *cmd, void *dc, int argc, char *const argv[])
{
    ad_dir_conf_t *c = dc;
    const char *err;

    c->sql = AD_OFF;
    if (argc == 1 && !strcasecmp(argv[0], "Off"))
        return NULL;
    if ((err = refused_in_if(cmd, AD_D_SQL_QUERY, "mod_dbd prepares the query once per "
                             "virtual host at start-up, not per request", NULL)))
        return err;
    return ad_sql_configure(cmd, argc, argv, &c->sql);
}

const char *ad_cmd_unknown_user(cmd_parms *cmd, void *dc, const char *arg)
{
    return two_words(cmd, arg, &((ad_dir_conf_t *)dc)->unknown_user,
                     "settings", AD_UNKNOWN_SETTINGS, "error", AD_UNKNOWN_ERROR,
                     "settings (answer as for a known user) or error (answer the "
                     "format's unknown-user error)");
}

const char *ad_cmd_dir_failure(cmd_parms *cmd, void *dc, const char *arg)
{
    return two_words(cmd, arg, &((ad_dir_conf_t *)dc)->dir_failure,
                     "static", AD_DIR_FAILURE_STATIC, "error", AD_DIR_FAILURE_ERROR,
                     "static (answer from this configuration) or error (503, try "
                     "again later)");
}

#define LDAP_AT_START_UP "the LDAP search is prepared once per virtual host at " \
                         "start-up, not per request"

const char *ad_cmd_ldap_url(cmd_parms *cmd, void *dc, const char *url,
                            const char *binddn, const char *password)
{
    ad_dir_conf_t *c = dc;
    const char *err;

    c->ldap = AD_OFF;
    if (!binddn && !strcasecmp(url, "Off"))
        return NULL;
    if ((err = refused_in_if(cmd, AD_D_LDAP_URL, LDAP_AT_START_UP, NULL)))
        return err;
    return ad_ldap_configure(cmd, url, binddn, password, &c->ldap);
}

const char *ad_cmd_ldap_attribute(cmd_parms *cmd, void *dc, const char *field,
                                  const char *attribute)
{
    ad_dir_conf_t *c = dc;
    const char *err;

    if ((err = refused_in_if(cmd, AD_D_LDAP_ATTRIBUTE, LDAP_AT_START_UP, NULL)))
        return err;
    if (!ad_conf_ldap(c))
        return AD_D_LDAP_ATTRIBUTE ": give " AD_D_LDAP_URL " first, in the same scope";
    return ad_ldap_map(cmd, c->ldap, field, attribute);
}

const char *ad_cmd_dir_cache(cmd_parms *cmd, void *dc, const char *arg)
{
    return ad_cache_configure(cmd, arg);
}

static int seconds(const char *arg)
{
    char *end;
    long n = strtol(arg, &end, 10);

    return (*end || end == arg || n < 0 || n > 86400) ? -1 : (int)n;
}

const char *ad_cmd_dir_cache_time(cmd_parms *cmd, void *dc, const char *found,
                                  const char *unknown)
{
    ad_dir_conf_t *c = dc;

    c->cache_time = seconds(found);
    if (c->cache_time < 0 || (unknown && seconds(unknown) < 0))
        return bad(cmd, "'%s%s%s' is not accepted; give the seconds a directory "
                   "entry is cached, from 0 (not cached) to 86400", found,
                   unknown ? " " : "", unknown ? unknown : "");
    if (unknown && seconds(unknown) != c->cache_time)
        return bad(cmd, "found and unknown users share one lifetime (a shorter one "
                   "for either tells a stranger which addresses exist): give one "
                   "value, such as %s %d", AD_D_DIR_CACHE_TIME, c->cache_time);
    return NULL;
}

const char *ad_cmd_public_directory(cmd_parms *cmd, void *dc, int on)
{
    ((ad_dir_conf_t *)dc)->public_directory = on;
    return NULL;
}

/* AutodiscoverCalDAV|AutodiscoverCardDAV https-URL [login=TEMPLATE] */
const char *ad_cmd_dav(cmd_parms *cmd, void *dc, int argc, char *const argv[])
{
    ad_dir_conf_t *c = dc;
    ad_dav_t *dav;
    const char *err, *host;
    int i;

    if (argc < 1 || argc > 2)
        return bad(cmd, "needs the https URL of the service's context and "
                   "optionally login=TEMPLATE, such as %s "
                   "https://dav.example.com/dav/ login=%%EMAILADDRESS%%", cmd->cmd->name);
    if ((err = check_https_url(cmd, argv[0], 1, NULL)))
        return err;
    if (strchr(argv[0], '?') || strchr(argv[0], '#'))
        return bad(cmd, "'%s': the URL of a context has no query or fragment", argv[0]);
    host = argv[0] + 8;
    if (strchr(host, '@'))
        return bad(cmd, "'%s': give the login with login=, not in the URL", argv[0]);
    dav = apr_pcalloc(cmd->pool, sizeof(*dav));
    dav->kind = cmd->info ? AD_DAV_CARDDAV : AD_DAV_CALDAV;
    dav->url = ad_tmpl_parse(cmd->pool, argv[0]);
    {
        ad_url_parts_t parts;
        const char *colon;
        ad_url_parts(cmd->temp_pool, dav->url, &parts);
        colon = memchr(host, ':', strcspn(host, "/"));
        if (colon && (parts.port < 1 || parts.port > 65535
                      || strspn(colon + 1, "0123456789") != strcspn(colon + 1, "/")))
            return bad(cmd, "'%s': the port must be a number from 1 to 65535", argv[0]);
    }
    dav->login = default_login(cmd->pool);
    for (i = 1; i < argc; i++) {
        if (strncasecmp(argv[i], "login=", 6) != 0)
            return bad(cmd, "unknown option '%s'; accepted: login=TEMPLATE", argv[i]);
        if (!argv[i][6])
            return bad(cmd, "login= needs a value, such as login=%%EMAILLOCALPART%%");
        if (!(dav->login = template_or_error(cmd, argv[i] + 6, &err)))
            return err;
    }
    c->profile->dav[dav->kind] = dav;
    return mark_profile(dc);
}

/* AutodiscoverOAuth2 issuer=URL authorize=URL token=URL "scope=S ..." [client=ID] */
const char *ad_cmd_oauth2(cmd_parms *cmd, void *dc, int argc, char *const argv[])
{
    static const char *const keys[] = { "issuer", "authorize", "token", "scope", "client" };
    const char *val[5] = { NULL, NULL, NULL, NULL, NULL };
    ad_oauth2_t *o;
    const char *err;
    int i, k;

    for (i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');
        for (k = 0; eq && k < 5; k++) {
            if ((apr_size_t)(eq - argv[i]) == strlen(keys[k])
                && !strncasecmp(argv[i], keys[k], eq - argv[i]))
                break;
        }
        if (!eq || k == 5)
            return bad(cmd, "'%s' is not accepted; give issuer=URL authorize=URL "
                       "token=URL \"scope=SCOPE ...\" (quoted whole) and optionally client=ID",
                       argv[i]);
        if (!eq[1])
            return bad(cmd, "%s= needs a value", keys[k]);
        if (val[k])
            return bad(cmd, "%s= is given twice", keys[k]);
        if ((err = check_text(cmd, eq + 1)))
            return err;
        if (k < 3 && (err = check_https_url(cmd, eq + 1, 0, NULL)))
            return err;
        if (k >= 3 && strpbrk(eq + 1, "<>&\"\\"))
            return bad(cmd, "%s='%s' contains characters that are not allowed", keys[k],
                       eq + 1);
        val[k] = eq + 1;
    }
    for (k = 0; k < 4; k++) {
        if (!val[k])
            return bad(cmd, "%s= is missing; clients need issuer=, authorize=, token= "
                       "and scope= (client= is optional)", keys[k]);
    }
    o = apr_pcalloc(cmd->pool, sizeof(*o));
    o->issuer = val[0];
    o->auth_url = val[1];
    o->token_url = val[2];
    o->scope = val[3];
    o->client_id = val[4];
    ((ad_dir_conf_t *)dc)->profile->oauth2 = o;
    return mark_profile(dc);
}

static apr_size_t utf8_chars(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

const char *ad_cmd_provider(cmd_parms *cmd, void *dc, const char *name,
                            const char *short_name)
{
    ad_provider_t *pv;
    const char *err;

    if ((err = check_text(cmd, name)) || (short_name && (err = check_text(cmd, short_name))))
        return err;
    if (!*name || utf8_chars(name) > AD_MAX_PROVIDER_NAME)
        return bad(cmd, "the name must have 1 to %d characters (PACC's limit; "
                   "clients show up to 30)", AD_MAX_PROVIDER_NAME);
    if (short_name && (!*short_name || utf8_chars(short_name) > AD_MAX_PROVIDER_SHORT))
        return bad(cmd, "the short name must have 1 to %d characters (PACC's limit; "
                   "clients show up to 12)", AD_MAX_PROVIDER_SHORT);
    if (strstr(name, "%EMAIL") || (short_name && strstr(short_name, "%EMAIL")))
        return bad(cmd, "placeholders are not allowed in the provider's names");
    pv = apr_palloc(cmd->pool, sizeof(*pv));
    pv->name = name;
    pv->short_name = short_name;
    ((ad_dir_conf_t *)dc)->profile->provider = pv;
    return mark_profile(dc);
}

const char *ad_cmd_documentation(cmd_parms *cmd, void *dc, const char *url)
{
    const char *err = check_https_url(cmd, url, 0, NULL);

    if (err)
        return err;
    ((ad_dir_conf_t *)dc)->profile->documentation_url = url;
    return mark_profile(dc);
}

const char *ad_cmd_ttl(cmd_parms *cmd, void *dc, const char *hours)
{
    char *end;
    long n = strtol(hours, &end, 10);

    if (end == hours || *end || n < 0 || n > AD_MAX_TTL_HOURS)
        return bad(cmd, "'%s' is not accepted; give the hours Outlook may keep the "
                   "answer, from 0 to %d (such as 24)", hours, AD_MAX_TTL_HOURS);
    ((ad_dir_conf_t *)dc)->profile->ttl = apr_ltoa(cmd->pool, n);
    return mark_profile(dc);
}

const char *ad_cmd_v2(cmd_parms *cmd, void *dc, int on)
{
    ((ad_dir_conf_t *)dc)->v2 = on;
    return NULL;
}

/* ------------------------------------------------------- the setup page */

static ad_setup_conf_t *setup_conf(cmd_parms *cmd, void *dc)
{
    ad_dir_conf_t *c = dc;

    if (!c->setup)
        c->setup = apr_pcalloc(cmd->pool, sizeof(*c->setup));
    return c->setup;
}

const char *ad_cmd_setup_text(cmd_parms *cmd, void *dc, const char *key,
                              const char *text)
{
    int k = ad_setup_text_key(key);
    const char *why;

    if (k < 0)
        return bad(cmd, "'%s' is no text of the setup page; the keys are %s", key,
                   ad_setup_text_keys(cmd->temp_pool));
    if ((why = ad_setup_text_check(cmd->temp_pool, k, text)))
        return bad(cmd, "%s: %s", key, why);
    setup_conf(cmd, dc)->text[k] = text;
    return NULL;
}

/* Read now, while httpd can read what root can: "apachectl -t" reports a
 * missing or unsuitable file at once, and no request reads the disk. */
const char *ad_cmd_setup_logo(cmd_parms *cmd, void *dc, const char *file,
                              const char *alt)
{
    ad_setup_conf_t *sc = setup_conf(cmd, dc);
    ad_setup_logo_t *logo = apr_pcalloc(cmd->pool, sizeof(*logo));
    const char *path, *why;

    sc->logo = logo;                    /* Off: set, without an image */
    if (!strcasecmp(file, "off") && !alt)
        return NULL;
    if (alt && (why = check_text(cmd, alt)))
        return why;
    if (!(path = ap_server_root_relative(cmd->pool, file)))
        return bad(cmd, "invalid file path %s", file);
    if ((why = ad_setup_logo_load(cmd->pool, path, &logo->uri)))
        return bad(cmd, "%s; give a PNG, JPEG, GIF, WebP or SVG file of up to %d bytes "
                   "[and its alternative text], or Off", why, AD_SETUP_MAX_LOGO);
    logo->alt = alt ? alt : "";
    return NULL;
}

const char *ad_cmd_setup_help(cmd_parms *cmd, void *dc, const char *text)
{
    ad_setup_conf_t *sc = setup_conf(cmd, dc);
    const char *why;

    if ((why = check_text(cmd, text)))
        return why;
    if (!*text || utf8_chars(text) > AD_SETUP_MAX_HELP)
        return bad(cmd, "a paragraph has 1 to %d characters", AD_SETUP_MAX_HELP);
    /* Repeated in one scope: paragraphs in order; an inner scope that
     * gives any replaces the outer one's. */
    if (!sc->help)
        sc->help = apr_array_make(cmd->pool, 2, sizeof(const char *));
    APR_ARRAY_PUSH(sc->help, const char *) = text;
    return NULL;
}

