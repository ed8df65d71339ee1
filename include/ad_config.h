/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Configuration: directive names, the per-directory (scope) configuration,
 * the per-server configuration, the setters used by the command table in
 * mod_autodiscover.c, and the start-up checks.
 */
#ifndef AD_CONFIG_H
#define AD_CONFIG_H

#include "httpd.h"
#include "http_config.h"
#include <apr_hash.h>
#include "ad_pox.h"
#include "ad_setup.h"

#include "ad_directives.h"

/* PACC's limits on the provider's names (draft-ietf-mailmaint-pacc). */
#define AD_MAX_PROVIDER_NAME  60
#define AD_MAX_PROVIDER_SHORT 20
/* AutodiscoverTTL: hours, up to a year. */
#define AD_MAX_TTL_HOURS      8760

/* Real requests are under 1 KiB. The ceiling bounds the parser's worst
 * case: libxml2 2.9 checks an element's attributes for duplicates in
 * quadratic time (64 KiB of attributes: about 12 ms; 1 MiB: 2.7 s). */
#define AD_DEFAULT_MAX_BODY  8192
#define AD_MIN_MAX_BODY      256
#define AD_MAX_MAX_BODY      65536

typedef enum { AD_FOREIGN_ERROR = 0, AD_FOREIGN_NOTFOUND } ad_foreign_e;
typedef enum { AD_REDIRECT_ADDR = 0, AD_REDIRECT_URL } ad_redirect_kind_e;
/* An address the directory does not know: the scope's answer (so that
 * nobody can tell users from non-users), or the format's error. */
typedef enum { AD_UNKNOWN_SETTINGS = 0, AD_UNKNOWN_ERROR } ad_unknown_e;
/* The directory cannot be asked: the scope's answer, or a temporary error. */
typedef enum { AD_DIR_FAILURE_STATIC = 0, AD_DIR_FAILURE_ERROR } ad_dir_failure_e;

/* One AutodiscoverRedirectAddr / AutodiscoverRedirectURL entry. */
typedef struct {
    ad_redirect_kind_e kind;
    const char *target;         /* new domain, or URL; NULL: the service URI */
    int http;                   /* URL: answer with HTTP 302, not XML */
} ad_redirect_t;

/* AutodiscoverServiceURI: the URL, and its https://host[:port]. */
typedef struct {
    const char *uri;
    const char *origin;
} ad_service_uri_t;

/*
 * The per-scope configuration (server, vhost, <Location>, <Directory>,
 * <If>) as data: one row per field, and everything else -- the struct,
 * create, merge, the accessors, the defaults' unit test and the check of
 * the directive reference (t/config/defaults.t) -- is made from the rows.
 *
 *   X(kind, type, field, default, merge, directive, stated default)
 *
 * kind: NUM, a number or flag, unset when AD_UNSET; PTR, a pointer,
 *   unset when NULL. A directive that names a resource and can be turned
 *   off ("AutodiscoverOwner Off") sets AD_OFF: set, and nothing. These
 *   are the only two ways to be unset.
 * default: what applies where no scope set the field; readers get it
 *   through ad_conf_<field>(c), never from the field itself.
 * merge: INNER, the innermost scope that set it; OVERLAY, the inner
 *   scope's entries over the outer's; PROFILE and SETUP, their own merge
 *   (ad_profile_merge, ad_setup_conf_merge).
 * directive, stated default: the directive that sets the field and its
 *   default as docs/directives.md states it (NULL: a field of its own).
 */
#define AD_DIR_FIELDS(X) \
    X(NUM, int, enabled, 0, INNER, AD_D_ENABLE, "Off") \
    /* the accepted domains, lower case -> "": NULL (AD_OFF) is any */ \
    X(PTR, apr_hash_t *, domains, NULL, INNER, AD_D_DOMAINS, "any") \
    X(NUM, int, foreign, AD_FOREIGN_ERROR, INNER, AD_D_FOREIGN, "error") \
    X(PTR, const ad_service_uri_t *, service, NULL, INNER, AD_D_SERVICE_URI, "none") \
    /* "": On, to the service URI; else the explicit https://host[:port] */ \
    X(PTR, const char *, http_redirect, NULL, INNER, AD_D_HTTP_REDIRECT, "Off") \
    /* domain or "*" -> ad_redirect_t* */ \
    X(PTR, apr_hash_t *, redirects, NULL, OVERLAY, AD_D_REDIRECT_ADDR, "none") \
    /* who may see per-user answers: NULL, no owner check */ \
    X(PTR, ad_tmpl_t *, owner, NULL, INNER, AD_D_OWNER, "Off") \
    X(NUM, apr_off_t, max_body, AD_DEFAULT_MAX_BODY, INNER, AD_D_MAX_BODY, "8192") \
    /* NULL: Apple profiles go out unsigned */ \
    X(PTR, struct ad_signer *, signer, NULL, INNER, AD_D_PROFILE_SIGNER, "Off") \
    X(PTR, struct ad_sql *, sql, NULL, INNER, AD_D_SQL_QUERY, "Off") \
    X(PTR, struct ad_ldap *, ldap, NULL, INNER, AD_D_LDAP_URL, "Off") \
    X(NUM, int, unknown_user, AD_UNKNOWN_SETTINGS, INNER, AD_D_UNKNOWN_USER, "settings") \
    X(NUM, int, dir_failure, AD_DIR_FAILURE_STATIC, INNER, AD_D_DIR_FAILURE, "static") \
    /* seconds a directory entry (found or unknown) is cached */ \
    X(NUM, int, cache_time, 300, INNER, AD_D_DIR_CACHE_TIME, "300") \
    /* strangers get directory answers too */ \
    X(NUM, int, public_directory, 0, INNER, AD_D_PUBLIC_DIR, "Off") \
    /* answer autodiscover.json */ \
    X(NUM, int, v2, 1, INNER, AD_D_V2, "On") \
    /* what the answer says; ad_create_dir_conf gives every scope one */ \
    X(PTR, ad_profile_t *, profile, NULL, PROFILE, NULL, NULL) \
    /* the setup page's texts, logo, help; NULL: the defaults */ \
    X(PTR, ad_setup_conf_t *, setup, NULL, SETUP, NULL, NULL)

#define AD_UNSET (-1)
/* "Off" of a resource: the address of a byte of its own, never a value. */
extern const char ad_off[1];
#define AD_OFF ((void *)ad_off)

#define AD_FIELD_MEMBER(kind, type, field, dflt, merge, directive, stated) type field;
typedef struct {
    AD_DIR_FIELDS(AD_FIELD_MEMBER)
} ad_dir_conf_t;
#undef AD_FIELD_MEMBER

/* ad_conf_<field>(c): the effective value, the default where unset. */
#define AD_ACCESSOR_NUM(type, field, dflt) \
    static APR_INLINE type ad_conf_##field(const ad_dir_conf_t *c) \
    { return c->field == AD_UNSET ? (dflt) : c->field; }
#define AD_ACCESSOR_PTR(type, field, dflt) \
    static APR_INLINE type ad_conf_##field(const ad_dir_conf_t *c) \
    { return c->field == NULL ? (dflt) \
             : (const void *)c->field == (const void *)ad_off ? NULL : c->field; }
#define AD_ACCESSOR(kind, type, field, dflt, merge, directive, stated) \
    AD_ACCESSOR_##kind(type, field, dflt)
AD_DIR_FIELDS(AD_ACCESSOR)
#undef AD_ACCESSOR

/* Per server: values computed at start-up. */
typedef struct {
    unsigned long error_id;     /* Error Id attribute: hash of the host name */
    int claims;                 /* Autodiscover or AutodiscoverHTTPRedirect On
                                   somewhere in this server: its URLs get the
                                   module's spelling (ad_translate_name) */
} ad_srv_conf_t;

void *ad_create_dir_conf(apr_pool_t *p, char *dir);
void *ad_merge_dir_conf(apr_pool_t *p, void *basev, void *addv);
void *ad_create_srv_conf(apr_pool_t *p, server_rec *s);

/* Effective values, for readers that ask a yes or no. */
#define AD_ENABLED(c)       (ad_conf_enabled(c) == 1)
#define AD_ANY_DOMAIN(c)    (ad_conf_domains(c) == NULL)
#define AD_FOREIGN(c)       ad_conf_foreign(c)
#define AD_HTTP_REDIRECT(c) (ad_conf_http_redirect(c) != NULL)
#define AD_UNKNOWN_USER(c)  ad_conf_unknown_user(c)
#define AD_DIR_FAILURE(c)   ad_conf_dir_failure(c)
#define AD_CACHE_TIME(c)    ad_conf_cache_time(c)
#define AD_PUBLIC_DIRECTORY(c) (ad_conf_public_directory(c) == 1)
#define AD_V2(c)            (ad_conf_v2(c) != 0)
#define AD_MAX_BODY(c)      ad_conf_max_body(c)

/* AutodiscoverServiceURI's URL and its https://host[:port], or NULL. */
const char *ad_conf_service_uri(const ad_dir_conf_t *c);
const char *ad_conf_service_origin(const ad_dir_conf_t *c);
/* Where AutodiscoverHTTPRedirect sends clients: its explicit origin, or
 * the service URI's; NULL when it does not apply or has no target. */
const char *ad_conf_http_redirect_origin(const ad_dir_conf_t *c);

#endif
