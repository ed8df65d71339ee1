/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* mod_md's domains, read from the configuration (see include/ad_md.h). */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "util_cfgtree.h"
#include "ad_md.h"

#define DEFAULT_STORE        "md"
#define DEFAULT_RENEW_WINDOW "33%"
#define DEFAULT_RENEW_MODE   "auto"

static void add_name(apr_pool_t *p, ad_md_t *md, ad_md_domain_t *d, const char *name)
{
    char *lower = apr_pstrdup(p, name);

    ap_str_tolower(lower);
    APR_ARRAY_PUSH(d->names, const char *) = lower;
    if (!d->name)
        d->name = lower;
    if (!strncmp(lower, "*.", 2))
        APR_ARRAY_PUSH(md->wildcards, ad_md_domain_t *) = d;
    else if (!apr_hash_get(md->by_name, lower, APR_HASH_KEY_STRING))
        apr_hash_set(md->by_name, lower, APR_HASH_KEY_STRING, d);
}

/* MDomain's words: names, and auto or manual (MDMembers). */
static ad_md_domain_t *domain(apr_pool_t *p, ad_md_t *md, const char *args)
{
    ad_md_domain_t *d = apr_pcalloc(p, sizeof(*d));
    const char *w;

    d->names = apr_array_make(p, 4, sizeof(const char *));
    d->cert_files = apr_array_make(p, 1, sizeof(const char *));
    while (*(w = ap_getword_conf(p, &args))) {
        if (strcasecmp(w, "auto") && strcasecmp(w, "manual"))
            add_name(p, md, d, w);
    }
    return d;
}

/* One walk: every MDomain, and the settings in force for each. Settings
 * inside a <VirtualHost> are that vhost's, not the server's. */
static void walk(apr_pool_t *p, const ap_directive_t *d, ad_md_t *md, ad_md_domain_t *in,
                 int in_vhost)
{
    for (; d; d = d->next) {
        const char *dir = d->directive, *args = d->args;

        if (!strcasecmp(dir, "MDomain"))
            domain(p, md, args);
        else if (!strcasecmp(dir, "<MDomain") || !strcasecmp(dir, "<MDomainSet")) {
            char *a = apr_pstrdup(p, args), *gt = strrchr(a, '>');
            ad_md_domain_t *sub;
            if (gt)
                *gt = '\0';
            sub = domain(p, md, a);
            walk(p, d->first_child, md, sub, in_vhost);
        }
        else if (!strcasecmp(dir, "MDMember") && in) {
            const char *w;
            while (*(w = ap_getword_conf(p, &args)))
                if (strcasecmp(w, "auto") && strcasecmp(w, "manual"))
                    add_name(p, md, in, w);
        }
        else if (!strcasecmp(dir, "MDCertificateFile") && in)
            APR_ARRAY_PUSH(in->cert_files, const char *) =
                ap_server_root_relative(p, ap_getword_conf(p, &args));
        else if (!strcasecmp(dir, "MDRenewWindow")) {
            if (in)
                in->renew_window = ap_getword_conf(p, &args);
            else if (!in_vhost)
                md->renew_window = ap_getword_conf(p, &args);
        }
        else if (!strcasecmp(dir, "MDRenewMode") || !strcasecmp(dir, "MDDriveMode")) {
            if (in)
                in->renew_mode = ap_getword_conf(p, &args);
            else if (!in_vhost)
                md->renew_mode = ap_getword_conf(p, &args);
        }
        else if (!strcasecmp(dir, "MDStoreDir") && !in && !in_vhost)
            md->store = ap_getword_conf(p, &args);
        else if (d->first_child)
            walk(p, d->first_child, md, in, in_vhost || !strcasecmp(dir, "<VirtualHost"));
    }
}

ad_md_t *ad_md_read(apr_pool_t *p)
{
    ad_md_t *md;

    if (!ap_find_linked_module("mod_md.c"))
        return NULL;
    md = apr_pcalloc(p, sizeof(*md));
    md->store = DEFAULT_STORE;
    md->renew_window = DEFAULT_RENEW_WINDOW;
    md->renew_mode = DEFAULT_RENEW_MODE;
    md->by_name = apr_hash_make(p);
    md->wildcards = apr_array_make(p, 2, sizeof(ad_md_domain_t *));
    walk(p, ap_conftree, md, NULL, 0);
    md->store = ap_server_root_relative(p, md->store);
    return apr_hash_count(md->by_name) || md->wildcards->nelts ? md : NULL;
}

/* name, lower case, under "*.rest": one label more than rest. */
static int wildcard_covers(const char *pattern, const char *name)
{
    const char *dot = strchr(name, '.');

    return dot && dot != name && !strcmp(dot + 1, pattern + 2);
}

static const ad_md_domain_t *domain_of(const ad_md_t *md, apr_pool_t *p, const char *name)
{
    char *lower = apr_pstrdup(p, name);
    const ad_md_domain_t *d;
    int i, j;

    ap_str_tolower(lower);
    if ((d = apr_hash_get(md->by_name, lower, APR_HASH_KEY_STRING)))
        return d;
    for (i = 0; i < md->wildcards->nelts; i++) {
        d = APR_ARRAY_IDX(md->wildcards, i, const ad_md_domain_t *);
        for (j = 0; j < d->names->nelts; j++) {
            const char *n = APR_ARRAY_IDX(d->names, j, const char *);
            if (!strncmp(n, "*.", 2) && (wildcard_covers(n, lower) || !strcmp(n, lower)))
                return d;
        }
    }
    return NULL;
}

const ad_md_domain_t *ad_md_for(apr_pool_t *p, const ad_md_t *md, server_rec *s)
{
    const ad_md_domain_t *d = NULL;
    int i;

    if (!md)
        return NULL;
    if (s->server_hostname)
        d = domain_of(md, p, s->server_hostname);
    for (i = 0; !d && s->names && i < s->names->nelts; i++)
        d = domain_of(md, p, APR_ARRAY_IDX(s->names, i, const char *));
    for (i = 0; !d && s->wild_names && i < s->wild_names->nelts; i++)
        d = domain_of(md, p, APR_ARRAY_IDX(s->wild_names, i, const char *));
    return d;
}

const char *ad_md_store_file(apr_pool_t *p, const ad_md_t *md, const ad_md_domain_t *d,
                             const char *where, const char *file)
{
    return apr_pstrcat(p, md->store, "/", where, "/", d->name, "/", file, NULL);
}

apr_int64_t ad_md_renew_before(const char *window, apr_int64_t lifetime)
{
    static const struct { const char *unit; apr_int64_t secs; } units[] = {
        { "", 86400 }, { "d", 86400 }, { "h", 3600 }, { "mi", 60 }, { "s", 1 }
    };
    char *end;
    apr_int64_t n = apr_strtoi64(window, &end, 10);
    apr_size_t i;

    if (end == window || n < 0)
        return -1;
    if (!strcmp(end, "%"))
        return n < 100 ? lifetime * n / 100 : -1;
    for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (!strcasecmp(end, units[i].unit))
            return n * units[i].secs;
    return -1;
}
