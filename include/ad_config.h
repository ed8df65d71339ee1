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

/* Per scope (server, vhost, <Location>, <Directory>). -1/NULL = not set. */
typedef struct {
    int enabled;                /* Autodiscover On|Off; default Off */
    int any_domain;             /* AutodiscoverDomains any; default any */
    apr_hash_t *domains;        /* lower-case domain -> "" when not any */
    int foreign;                /* ad_foreign_e; default error */
    const char *service_uri;    /* AutodiscoverServiceURI */
    const char *service_origin; /* its https://host[:port] */
    int http_redirect;          /* AutodiscoverHTTPRedirect; default Off */
    const char *http_redirect_origin; /* explicit target, NULL: service URI */
    apr_hash_t *redirects;      /* domain or "*" -> ad_redirect_t* */
    int owner_set;              /* AutodiscoverOwner given in this scope */
    ad_tmpl_t *owner;           /* NULL: no owner check */
    apr_off_t max_body;         /* AutodiscoverMaxRequestBody; default 8192 */
    int signer_set;             /* AutodiscoverProfileSigner given here */
    struct ad_signer *signer;   /* NULL: Apple profiles go out unsigned */
    int sql_set;                /* AutodiscoverSQLQuery given here */
    struct ad_sql *sql;         /* NULL: no SQL directory */
    int ldap_set;               /* AutodiscoverLDAPURL given here */
    struct ad_ldap *ldap;       /* NULL: no LDAP directory */
    int unknown_user;           /* ad_unknown_e; default settings */
    int dir_failure;            /* ad_dir_failure_e; default static */
    int cache_time;             /* seconds a directory entry (found or unknown)
                                   is cached; default 300 */
    int public_directory;       /* AutodiscoverPublicDirectory: strangers get
                                   directory answers too; default Off */
    int v2;                     /* AutodiscoverV2: answer autodiscover.json;
                                   default On */
    ad_profile_t *profile;      /* what the answer says */
    ad_setup_conf_t *setup;     /* the setup page's texts, logo, help;
                                   NULL: the defaults */
} ad_dir_conf_t;

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

/* Effective values with defaults applied. */
#define AD_ENABLED(c)       ((c)->enabled == 1)
#define AD_ANY_DOMAIN(c)    ((c)->any_domain != 0)
#define AD_FOREIGN(c)       ((c)->foreign == -1 ? AD_FOREIGN_ERROR : (c)->foreign)
#define AD_HTTP_REDIRECT(c) ((c)->http_redirect == 1)
#define AD_UNKNOWN_USER(c)  ((c)->unknown_user == -1 ? AD_UNKNOWN_SETTINGS : (c)->unknown_user)
#define AD_DIR_FAILURE(c)   ((c)->dir_failure == -1 ? AD_DIR_FAILURE_STATIC : (c)->dir_failure)
#define AD_CACHE_TIME(c)    ((c)->cache_time == -1 ? 300 : (c)->cache_time)
#define AD_PUBLIC_DIRECTORY(c) ((c)->public_directory == 1)
#define AD_V2(c)            ((c)->v2 != 0)
#define AD_MAX_BODY(c)      ((c)->max_body == -1 ? AD_DEFAULT_MAX_BODY : (c)->max_body)

#endif
