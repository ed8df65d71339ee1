/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * What mod_md manages, as the start-up certificate check needs it. mod_md
 * keeps its configuration to itself, so this reads the configuration tree
 * (one walk): the MDomain lines and <MDomain> sections with their names,
 * MDCertificateFile, MDRenewWindow and MDRenewMode, and the store
 * (MDStoreDir, default "md" under ServerRoot), where mod_md keeps each
 * domain's certificate as documented: domains/NAME/pubcert.pem, and one it
 * has obtained but not yet activated in staging/NAME/pubcert.pem.
 */
#ifndef AD_MD_H
#define AD_MD_H

#include "httpd.h"
#include <apr_hash.h>
#include <apr_tables.h>

/* One managed domain. */
typedef struct {
    const char *name;               /* its first name: the store's directory */
    apr_array_header_t *names;      /* of const char *, as configured */
    apr_array_header_t *cert_files; /* MDCertificateFile in its section */
    const char *renew_window;       /* MDRenewWindow, NULL: the server's */
    const char *renew_mode;         /* MDRenewMode, NULL: the server's */
} ad_md_domain_t;

typedef struct {
    const char *store;              /* the store's directory, absolute */
    const char *renew_window;       /* server-wide MDRenewWindow; "33%" */
    const char *renew_mode;         /* server-wide MDRenewMode; "auto" */
    apr_hash_t *by_name;            /* lower-case name -> ad_md_domain_t */
    apr_array_header_t *wildcards;  /* ad_md_domain_t * with "*." names */
} ad_md_t;

/* mod_md's domains from the configuration just read, or NULL when mod_md
 * is not loaded or manages nothing. */
ad_md_t *ad_md_read(apr_pool_t *p);

/* The managed domain one of s's names (ServerName, ServerAlias) belongs to,
 * or NULL. */
const ad_md_domain_t *ad_md_for(apr_pool_t *p, const ad_md_t *md, server_rec *s);

/* File names in the store: "domains" (active) or "staging". */
const char *ad_md_store_file(apr_pool_t *p, const ad_md_t *md, const ad_md_domain_t *d,
                             const char *where, const char *file);

/* How many seconds before it expires mod_md renews a certificate valid for
 * lifetime seconds, for window as MDRenewWindow gives it ("33%", "21d",
 * "12h", "30mi", "30s"; a bare number is days); -1 when it does not parse. */
apr_int64_t ad_md_renew_before(const char *window, apr_int64_t lifetime);

#endif
