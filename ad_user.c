/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Directory answers: ask the directory (through the cache, within the
 * request's lookup budget), and lay its fields over the scope's
 * configuration field by field; the result is compiled like a scope's
 * profile, in the request pool. What an address gets is ad_decide.c's.
 */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_request.h"
#include "ad_user.h"
#include "ad_dir_sql.h"
#include "ad_dir_ldap.h"
#include "ad_user_cache.h"
#include "ad_query.h"

APLOG_USE_MODULE(autodiscover);

/* ------------------------------------------------------------- overlay */

static ad_tmpl_t *host_field(apr_pool_t *p, const ad_user_t *u, ad_proto_e type)
{
    const char *v = u->value[type == AD_PROTO_IMAP ? AD_UF_IMAP_HOST
                             : type == AD_PROTO_POP3 ? AD_UF_POP3_HOST
                             : AD_UF_SMTP_HOST];
    return v ? ad_tmpl_parse(p, v) : NULL;
}

static void overlay_servers(apr_pool_t *p, ad_profile_t *np, const ad_user_t *u)
{
    apr_array_header_t *servers;
    ad_tmpl_t *login = u->value[AD_UF_LOGIN]
        ? ad_tmpl_parse(p, u->value[AD_UF_LOGIN]) : NULL;
    int i;

    if (!np->servers)
        return;
    servers = apr_array_make(p, np->servers->nelts, sizeof(ad_server_t *));
    for (i = 0; i < np->servers->nelts; i++) {
        ad_server_t *s = apr_pmemdup(p, APR_ARRAY_IDX(np->servers, i, ad_server_t *),
                                     sizeof(ad_server_t));
        ad_tmpl_t *host = host_field(p, u, s->type);
        if (host)
            s->host = host;
        if (login)
            s->login = login;
        APR_ARRAY_PUSH(servers, ad_server_t *) = s;
    }
    np->servers = servers;
}

/* A DAV service the user has a URL or login for; a URL the scope has no
 * service for adds one. */
static void overlay_dav(apr_pool_t *p, ad_profile_t *np, const ad_user_t *u)
{
    static const ad_user_field_e url_field[AD_DAV_COUNT] = {
        AD_UF_CALDAV_URL, AD_UF_CARDDAV_URL
    };
    int k;

    for (k = 0; k < AD_DAV_COUNT; k++) {
        const char *url = u->value[url_field[k]];
        ad_dav_t *dav;

        if (!np->dav[k] && !url)
            continue;
        if (url && strncasecmp(url, "https://", 8) != 0)
            url = NULL;                 /* clients take https only */
        if (!np->dav[k] && !url)
            continue;
        dav = apr_pcalloc(p, sizeof(*dav));
        if (np->dav[k])
            *dav = *np->dav[k];
        else {
            dav->kind = k;
            dav->login = ad_tmpl_parse(p, "%EMAILADDRESS%");
        }
        if (url)
            dav->url = ad_tmpl_parse(p, url);
        if (u->value[AD_UF_LOGIN])
            dav->login = ad_tmpl_parse(p, u->value[AD_UF_LOGIN]);
        np->dav[k] = dav;
    }
}

const ad_profile_t *ad_user_profile(apr_pool_t *p, const ad_profile_t *prof,
                                    const ad_user_t *u, unsigned formats)
{
    static const struct { ad_user_field_e field; ad_service_e svc; int side; } urls[] = {
        { AD_UF_EWS_URL, AD_SVC_EWS, AD_EXTERNAL },
        { AD_UF_ACTIVESYNC_URL, AD_SVC_ACTIVESYNC, AD_EXTERNAL },
        { AD_UF_EWS_INTERNAL_URL, AD_SVC_EWS, AD_INTERNAL },
        { AD_UF_ACTIVESYNC_INTERNAL_URL, AD_SVC_ACTIVESYNC, AD_INTERNAL },
    };
    ad_profile_t *np;
    apr_size_t i;
    int f, changed = 0;

    for (f = 0; f < AD_UF_COUNT; f++)
        if (f != AD_UF_REDIRECT_ADDR && f != AD_UF_REDIRECT_URL && f != AD_UF_ACTIVE
            && u->value[f])
            changed = 1;
    if (!changed)
        return prof;

    np = apr_pmemdup(p, prof, sizeof(*np));
    if (u->value[AD_UF_DISPLAY_NAME])
        np->display_name = ad_tmpl_parse(p, u->value[AD_UF_DISPLAY_NAME]);
    overlay_servers(p, np, u);
    overlay_dav(p, np, u);
    for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
        if (u->value[urls[i].field])
            np->url[urls[i].svc][urls[i].side] = ad_tmpl_parse(p, u->value[urls[i].field]);
    ad_profile_compile_formats(p, np, formats);
    return np;
}

/* ------------------------------------------------------------- lookups */

/* A found entry whose "active" field says no is not a user. */
static ad_lookup_e active(ad_lookup_e found, const ad_user_t *u)
{
    static const char *const no[] = { "0", "f", "false", "n", "no", "off" };
    apr_size_t i;

    if (found != AD_LOOKUP_FOUND || !u->value[AD_UF_ACTIVE])
        return found;
    for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (!strcasecmp(u->value[AD_UF_ACTIVE], no[i]))
            return AD_LOOKUP_UNKNOWN;
    return found;
}

int ad_directory_has(const ad_dir_conf_t *c, ad_dir_level_e level)
{
    int sql_domain = ad_conf_sql(c) && ad_sql_per_domain(ad_conf_sql(c));

    return level == AD_DIR_DOMAIN ? sql_domain
                                  : (ad_conf_sql(c) && !sql_domain) || ad_conf_ldap(c);
}

/* Directory queries one request has made (its budget). */
static int *lookups_made(request_rec *r)
{
    void *n = NULL;

    apr_pool_userdata_get(&n, "autodiscover-lookups", r->pool);
    if (!n) {
        n = apr_pcalloc(r->pool, sizeof(int));
        apr_pool_userdata_setn(n, "autodiscover-lookups", NULL, r->pool);
    }
    return n;
}

/*
 * The cache's name for the directory that answers: an SQL query's identity
 * and the answering virtual host's ServerName (mod_dbd's database is one
 * per virtual host: one query text can ask two databases on one server),
 * an LDAP search's identity alone (its URL names the server). So nodes
 * whose configurations ask the same directory, in whatever order, name it
 * alike. 0 when the digest failed: nothing is cached.
 */
static int directory_name(request_rec *r, const ad_dir_conf_t *c, int use_sql,
                          unsigned char name[AD_CACHE_DIR_LEN])
{
    return use_sql ? ad_cache_dir_name(name, ad_sql_identity(ad_conf_sql(c)),
                                       r->server->server_hostname
                                       ? r->server->server_hostname : "")
                   : ad_cache_dir_name(name, ad_ldap_identity(ad_conf_ldap(c)), NULL);
}

ad_lookup_e ad_directory_lookup(request_rec *r, const ad_dir_conf_t *c,
                                ad_dir_level_e level, const char *address,
                                const char *local, const char *domain, ad_user_t *u)
{
    /* The per-user directory: SQL keyed by the address when there is one,
     * else LDAP; the domain-level one: SQL keyed by the domain alone. */
    int use_sql = level == AD_DIR_DOMAIN || (ad_conf_sql(c) && !ad_sql_per_domain(ad_conf_sql(c)));
    const char *key = level == AD_DIR_DOMAIN ? apr_pstrcat(r->pool, "@", domain, NULL)
                                             : address;
    unsigned char dir[AD_CACHE_DIR_LEN];
    int ttl = AD_CACHE_TIME(c), *made;
    ad_lookup_e found;

    if (ttl > 0 && !directory_name(r, c, use_sql, dir))
        ttl = 0;
    memset(u, 0, sizeof(*u));
    found = ttl > 0 ? ad_cache_get(r, dir, key, u) : AD_LOOKUP_FAILED;
    if (found != AD_LOOKUP_FAILED)
        return found;
    made = lookups_made(r);
    if (*made >= AD_MAX_LOOKUPS) {
        ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77082)
                      "directory: %s not looked up: this request has made its "
                      "%d lookups already", key, AD_MAX_LOOKUPS);
        return AD_LOOKUP_OVER_BUDGET;
    }
    ++*made;
    memset(u, 0, sizeof(*u));
    found = active(use_sql ? ad_sql_lookup(r, ad_conf_sql(c), address, local, domain, u)
                           : ad_ldap_lookup(r, ad_conf_ldap(c), address, u), u);
    /* Found and unknown entries live equally long: a shorter life for
     * either would tell a stranger which addresses exist. */
    if (ttl > 0)
        ad_cache_put(r, dir, key, found, u, apr_time_from_sec(ttl));
    return found;
}

/* A redirect the directory gives is followed only when it is usable. */
int ad_user_redirect(request_rec *r, const ad_user_t *u, const char *address,
                     const char **target, int *is_url)
{
    const char *to = u->value[AD_UF_REDIRECT_ADDR];
    const char *url = u->value[AD_UF_REDIRECT_URL];
    const char *local, *domain, *why = NULL;

    if (to && address) {
        if ((why = ad_address_split(r->pool, to, &local, &domain)) == NULL
            && strcasecmp(to, address) != 0) {
            *is_url = 0;
            *target = apr_pstrcat(r->pool, local, "@", domain, NULL);
            return 1;
        }
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77064)
                      "directory: redirect_addr '%s' of %s ignored: %s", to, address,
                      why ? why : "it is the address itself");
    }
    if (url) {
        if (strncasecmp(url, "https://", 8) == 0 && url[8]
            && ad_utf8_valid(url, strlen(url)) && !strpbrk(url, " \"<>")) {
            *is_url = 1;
            *target = url;
            return 1;
        }
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77065)
                      "directory: redirect_url '%s' of %s ignored: not an https URL",
                      url, address ? address : "a domain");
    }
    return 0;
}

int ad_user_unavailable(request_rec *r)
{
    apr_table_setn(r->err_headers_out, "Retry-After", "30");
    return HTTP_SERVICE_UNAVAILABLE;
}
