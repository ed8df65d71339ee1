/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The profile: what a scope answers (servers, service URLs, calendars,
 * OAuth2, the provider), merged across scopes and compiled once into each
 * format's answer with holes for the address (ad_profile.c). Pure APR:
 * no httpd types.
 */
#ifndef AD_PROFILE_H
#define AD_PROFILE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ad_template.h"
#include "ad_directives.h"

typedef enum { AD_PROTO_IMAP = 0, AD_PROTO_POP3, AD_PROTO_SMTP } ad_proto_e;
typedef enum { AD_TLS_IMPLICIT = 0, AD_TLS_STARTTLS, AD_TLS_NONE } ad_tls_e;

/* One hosting block (AutodiscoverServer). */
typedef struct {
    ad_proto_e type;
    ad_tmpl_t *host;
    int port;
    ad_tls_e tls;
    ad_tmpl_t *login;           /* NULL: no LoginName element */
    int spa;                    /* SPA on/off */
    int auth;                   /* AuthRequired on/off */
    int domain_required;        /* DomainRequired on/off */
    int pop_auth;               /* SMTP: UsePOPAuth on/off */
    int smtp_last;              /* SMTP: SMTPLast on/off */
    int oauth2;                 /* takes OAuth2 where the scope has
                                   AutodiscoverOAuth2; default on */
} ad_server_t;

/* CalDAV and CardDAV (AutodiscoverCalDAV, AutodiscoverCardDAV): the https
 * URL of the service's context, from which every format derives its host,
 * port and path (ad_url_parts), and the login name. */
typedef enum { AD_DAV_CALDAV = 0, AD_DAV_CARDDAV, AD_DAV_COUNT } ad_dav_e;
typedef struct {
    ad_dav_e kind;
    ad_tmpl_t *url;             /* https://host[:port]/path, placeholders allowed */
    ad_tmpl_t *login;           /* the login name; default %EMAILADDRESS% */
} ad_dav_t;

/* "CalDAV" or "CardDAV". */
const char *ad_dav_name(ad_dav_e kind);

/* The parts of an https URL template: host, port (443 when not given) and
 * path ("/" when empty), each a template of its own. */
typedef struct {
    ad_tmpl_t *host;
    int port;
    ad_tmpl_t *path;
} ad_url_parts_t;
void ad_url_parts(apr_pool_t *p, const ad_tmpl_t *url, ad_url_parts_t *out);
/* A DAV context for a whole domain (RFC 6764 redirects, DNS records,
 * PACC): the URL for domain, or NULL when it names the user
 * (%EMAILADDRESS%, %EMAILLOCALPART%). */
const char *ad_dav_domain_url(apr_pool_t *p, const ad_dav_t *dav, const char *domain);

/* OAuth2 (AutodiscoverOAuth2): https URLs without placeholders. */
typedef struct {
    const char *issuer;         /* RFC 8414 issuer */
    const char *auth_url;       /* authorization endpoint */
    const char *token_url;      /* token endpoint */
    const char *scope;          /* space-separated scopes */
    const char *client_id;      /* NULL: clients use their own */
} ad_oauth2_t;

/* Exchange-style services (AutodiscoverInternalURL / AutodiscoverExternalURL). */
typedef enum {
    AD_SVC_EWS = 0, AD_SVC_OAB, AD_SVC_OOF, AD_SVC_UM, AD_SVC_ECP,
    AD_SVC_ACTIVESYNC, AD_SVC_OWA, AD_SVC_COUNT
} ad_service_e;
#define AD_INTERNAL 0
#define AD_EXTERNAL 1

/*
 * Which configuration-time profiles a merged one was made of, outermost
 * first: those ad_create_dir_conf made and a directive set, the only
 * inputs of a merge. Merging is field by field, the innermost set field
 * wins, so these name the merged fields, and so the compiled answers, at
 * once: the scope cache's key (ad_scope_cache.c). Scopes that set no
 * answer field are no part of it (merging passes them by).
 */
#define AD_PROFILE_KEY_MAX 16       /* server, vhost, <Directory>s, <Location>s,
                                       <If>s: more is no configuration seen */
typedef struct {
    int n;                          /* -1: more than AD_PROFILE_KEY_MAX */
    const void *scope[AD_PROFILE_KEY_MAX];
} ad_profile_key_t;

/* AutodiscoverProvider: the provider's name and short name. */
typedef struct {
    const char *name;
    const char *short_name;                 /* NULL: none */
} ad_provider_t;

/*
 * What a scope says about the answer: one row per field,
 *   X(type, field, dimensions)
 * every field a pointer (or an array of them), NULL where the scope does
 * not set it. The merge takes each pointer from the innermost scope that
 * set it (ad_profile_merge): a field cannot be left out of it.
 */
#define AD_PROFILE_FIELDS(X) \
    X(apr_array_header_t *, servers, )          /* of ad_server_t*, configured order */ \
    X(ad_tmpl_t *, url, [AD_SVC_COUNT][2])      /* [service][AD_INTERNAL|AD_EXTERNAL] */ \
    X(ad_tmpl_t *, oa_host, )                   /* EXPR Server (Outlook Anywhere) */ \
    X(const char *, oa_auth, )                  /* EXPR AuthPackage */ \
    X(const char *, owa_auth, )                 /* OWAUrl AuthenticationMethod */ \
    X(const char *, server_version, )           /* 8 hex digits */ \
    X(ad_tmpl_t *, display_name, ) \
    X(const char *, culture, )                  /* MobileSync Culture */ \
    X(ad_dav_t *, dav, [AD_DAV_COUNT])          /* CalDAV, CardDAV */ \
    X(const ad_oauth2_t *, oauth2, ) \
    X(const ad_provider_t *, provider, )        /* AutodiscoverProvider */ \
    X(const char *, documentation_url, )        /* AutodiscoverDocumentationURL */ \
    X(const char *, ttl, )                      /* POX TTL, hours (AutodiscoverTTL) */
#define AD_PROFILE_MEMBER(type, field, dims) type field dims;

/*
 * What a scope answers. Fields are NULL when unset in that scope; merging
 * takes each field from the innermost scope that set it. compiled_* are the
 * responses built from the merged fields by ad_profile_compile().
 */
typedef struct {
    int set;                                /* any field below set here */
    /* NULL: a configuration-time profile, its own key; else the profiles
     * this merge was made of (ad_profile_merge) */
    const ad_profile_key_t *key;
    AD_PROFILE_FIELDS(AD_PROFILE_MEMBER)

    /* Compiled: the whole Outlook and MobileSync settings documents, with
     * holes for the address. NULL when there is nothing to say in that schema. */
    ad_tmpl_t *compiled_outlook;
    ad_tmpl_t *compiled_mobilesync;
    ad_tmpl_t *compiled_autoconfig;         /* Thunderbird config-v1.1.xml */
    ad_tmpl_t **compiled_soap;              /* per SOAP setting, NULL: no value */
    const char *compiled_soap_header;       /* SOAP ServerVersionInfo */
    ad_tmpl_t *compiled_mobileconfig;       /* Apple profile (iOS), UUID holes too */
    ad_tmpl_t *compiled_mobileconfig_mac;   /* the same for macOS: no ActiveSync */
    ad_tmpl_t *compiled_pacc;               /* PACC JSON, %EMAILDOMAIN% holes */
    int compiled;
} ad_profile_t;

/* The profile's text fields with a default where no scope set them:
 *   X(field, directive, default as docs/directives.md states it)
 * Readers take them through ad_profile_<field>(prof). */
#define AD_PROFILE_DEFAULTS(X) \
    X(culture, AD_D_CULTURE, "en:us")       /* MobileSync Culture */ \
    X(owa_auth, AD_D_OWA_AUTH, "Fba")       /* OWAUrl AuthenticationMethod */
#define AD_PROFILE_ACCESSOR(field, directive, dflt) \
    static APR_INLINE const char *ad_profile_##field(const ad_profile_t *prof) \
    { return prof->field ? prof->field : (dflt); }
AD_PROFILE_DEFAULTS(AD_PROFILE_ACCESSOR)
#undef AD_PROFILE_ACCESSOR

/* AutodiscoverProvider's name and short name, or NULL. */
static APR_INLINE const char *ad_profile_provider_name(const ad_profile_t *prof)
{ return prof->provider ? prof->provider->name : NULL; }
static APR_INLINE const char *ad_profile_provider_short(const ad_profile_t *prof)
{ return prof->provider ? prof->provider->short_name : NULL; }

/* The first configured server of type in prof, or NULL. */
const ad_server_t *ad_profile_first_server(const ad_profile_t *prof, ad_proto_e type);

/* Whether sv takes OAuth2 in prof. */
int ad_server_oauth2(const ad_profile_t *prof, const ad_server_t *sv);

/* base with add's fields over it, and the key of the profiles it was
 * made of; one side itself when the other sets nothing. */
ad_profile_t *ad_profile_merge(apr_pool_t *p, const ad_profile_t *base,
                               const ad_profile_t *add);
/* The configuration-time profiles prof is made of, into scope: how many,
 * 1 (itself) for one of them, 0 when more than a key holds. */
int ad_profile_key(const ad_profile_t *prof, const void *scope[AD_PROFILE_KEY_MAX]);
void ad_profile_compile(apr_pool_t *p, ad_profile_t *prof);
/* The same for a profile the server keeps (start-up): the answers are
 * built in scratch, which is cleared after, and only they are kept in p. */
void ad_profile_compile_kept(apr_pool_t *p, apr_pool_t *scratch, ad_profile_t *prof);
/* A compiled profile's answers (built in another pool) copied into p in
 * as few bytes as they take; the profile's other fields are left as they
 * are (they point into the configuration). */
void ad_profile_keep(apr_pool_t *p, ad_profile_t *prof);
/* The answers one request needs (AD_FMT_* bits), for a profile made per
 * request: the others are left NULL. */
#define AD_FMT_OUTLOOK      0x01
#define AD_FMT_MOBILESYNC   0x02
#define AD_FMT_AUTOCONFIG   0x04
#define AD_FMT_SOAP         0x08
#define AD_FMT_MOBILECONFIG 0x10
#define AD_FMT_PACC         0x20
#define AD_FMT_ALL          0x3f
void ad_profile_compile_formats(apr_pool_t *p, ad_profile_t *prof, unsigned formats);
/* No server, no service URL, no CalDAV or CardDAV: nothing to answer in
 * any format. */
int ad_profile_is_empty(const ad_profile_t *prof);

/* Encode "15.1.2176" or pass "73C18880" through; NULL if invalid. */
const char *ad_server_version_encode(apr_pool_t *p, const char *text);

#endif
