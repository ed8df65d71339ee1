/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Directories no client can reach (see include/ad_directory_check.h). */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "util_cfgtree.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_directory_check.h"

APLOG_USE_MODULE(autodiscover);

typedef struct {
    const ap_directive_t *where;    /* the first per-user directory line */
    int auth;                       /* an AuthType other than None */
    int public_dir;                 /* AutodiscoverPublicDirectory On */
} reach_t;

/* An AutodiscoverSQLQuery whose parameters are all "domain" answers per
 * domain; Off turns a query off. */
static int per_user_sql(apr_pool_t *p, const char *args)
{
    const char *w = ap_getword_conf(p, &args);
    int params = 0, domain_only = 1;

    if (!strcasecmp(w, "Off"))
        return 0;
    while (*(w = ap_getword_conf(p, &args))) {
        params++;
        if (strcasecmp(w, "domain"))
            domain_only = 0;
    }
    return params == 0 || !domain_only;
}

static void report(server_rec *s, const reach_t *v)
{
    ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77085)
                 "%s:%d: a per-user directory is configured, but nothing here asks "
                 "for credentials and " AD_D_PUBLIC_DIR " is Off, so no client ever "
                 "gets its fields (strangers get the configured answer): put Apache "
                 "authentication in front of the endpoints (docs/security.md, Who gets what), or "
                 "set " AD_D_PUBLIC_DIR " On", v->where->filename, v->where->line_num);
}

static void note(apr_pool_t *p, const ap_directive_t *d, reach_t *r)
{
    const char *args = d->args;

    if (!strcasecmp(d->directive, AD_D_SQL_QUERY) && per_user_sql(p, d->args)) {
        if (!r->where)
            r->where = d;
    }
    else if (!strcasecmp(d->directive, AD_D_LDAP_URL)
             && strcasecmp(ap_getword_conf(p, &args), "Off")) {
        if (!r->where)
            r->where = d;
    }
    else if (!strcasecmp(d->directive, "AuthType")
             && strcasecmp(ap_getword_conf(p, &args), "None"))
        r->auth = 1;
    else if (!strcasecmp(d->directive, AD_D_PUBLIC_DIR)
             && !strcasecmp(ap_getword_conf(p, &args), "On"))
        r->public_dir = 1;
}

/* Every directive below d, into r. */
static void scan_section(apr_pool_t *p, const ap_directive_t *d, reach_t *r)
{
    for (; d; d = d->next) {
        note(p, d, r);
        if (d->first_child)
            scan_section(p, d->first_child, r);
    }
}

/* Outside virtual hosts (they inherit it) into global; the virtual hosts,
 * also inside <IfModule> and the like, set aside. */
static void scan_global(apr_pool_t *p, const ap_directive_t *d, reach_t *global,
                        apr_array_header_t *vhosts)
{
    for (; d; d = d->next) {
        if (!strcasecmp(d->directive, "<VirtualHost")) {
            APR_ARRAY_PUSH(vhosts, const ap_directive_t *) = d;
            continue;
        }
        note(p, d, global);
        if (d->first_child)
            scan_global(p, d->first_child, global, vhosts);
    }
}

void ad_directory_check(apr_pool_t *p, server_rec *s)
{
    reach_t global = { NULL, 0, 0 };
    apr_array_header_t *vhosts = apr_array_make(p, 8, sizeof(const ap_directive_t *));
    apr_hash_t *reported = apr_hash_make(p);
    apr_pool_t *vp;
    int i;

    scan_global(p, ap_conftree, &global, vhosts);
    if (!vhosts->nelts && global.where && !global.auth && !global.public_dir)
        report(s, &global);
    /* Each section once, its words in a pool cleared after it. */
    apr_pool_create(&vp, p);
    for (i = 0; i < vhosts->nelts; i++) {
        reach_t v = { NULL, 0, 0 };
        scan_section(vp, APR_ARRAY_IDX(vhosts, i, const ap_directive_t *)->first_child, &v);
        apr_pool_clear(vp);
        if (!v.where)
            v.where = global.where;
        /* A server-wide directory: one line, whatever the vhosts. */
        if (v.where && !apr_hash_get(reported, &v.where, sizeof(v.where))
            && !v.auth && !v.public_dir && !global.auth && !global.public_dir) {
            apr_hash_set(reported, apr_pmemdup(p, &v.where, sizeof(v.where)),
                         sizeof(v.where), "");
            report(s, &v);
        }
    }
    apr_pool_destroy(vp);
}
