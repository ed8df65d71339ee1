/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Per-user answers: ask the directory, then decide what every endpoint
 * answers for the address. Directory values override the scope's
 * configuration field by field; the result is compiled like a scope's
 * profile, in the request pool.
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
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

static const char *const field_names[AD_UF_COUNT] = {
    "login", "display_name", "imap_host", "pop3_host", "smtp_host",
    "ews_url", "activesync_url", "ews_internal_url", "activesync_internal_url",
    "redirect_addr", "redirect_url", "active"
};

int ad_user_field(const char *name)
{
    int f;

    for (f = 0; f < AD_UF_COUNT; f++)
        if (!strcasecmp(name, field_names[f]))
            return f;
    return -1;
}

const char *ad_user_field_name(ad_user_field_e f)
{
    return field_names[f];
}

int ad_log_limit_pass(ad_log_limit_t *l, unsigned int *quiet)
{
    apr_time_t now = apr_time_now();

    if (l->last && now - l->last < apr_time_from_sec(30)) {
        l->quiet++;
        return 0;
    }
    *quiet = l->quiet;
    l->last = now;
    l->quiet = 0;
    return 1;
}

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
    for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++)
        if (u->value[urls[i].field])
            np->url[urls[i].svc][urls[i].side] = ad_tmpl_parse(p, u->value[urls[i].field]);
    ad_profile_compile_formats(p, np, formats);
    return np;
}

/* ------------------------------------------------------------ decision */

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

/* A redirect the directory gives is followed only when it is usable. */
static int redirect_from(request_rec *r, const ad_user_t *u, const char *address,
                         ad_user_answer_t *out)
{
    const char *to = u->value[AD_UF_REDIRECT_ADDR];
    const char *url = u->value[AD_UF_REDIRECT_URL];
    const char *local, *domain, *why = NULL;

    if (to) {
        if ((why = ad_address_split(r->pool, to, &local, &domain)) == NULL
            && strcasecmp(to, address) != 0) {
            out->kind = AD_USER_REDIRECT_ADDR;
            out->target = apr_pstrcat(r->pool, local, "@", domain, NULL);
            return 1;
        }
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77064)
                      "directory: redirect_addr '%s' of %s ignored: %s", to, address,
                      why ? why : "it is the address itself");
    }
    if (url) {
        if (strncasecmp(url, "https://", 8) == 0 && url[8] && !strpbrk(url, " \t\r\n\"<>")) {
            out->kind = AD_USER_REDIRECT_URL;
            out->target = url;
            return 1;
        }
        ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77065)
                      "directory: redirect_url '%s' of %s ignored: not an https URL",
                      url, address);
    }
    return 0;
}

void ad_user_answer(request_rec *r, const ad_dir_conf_t *c, const char *address,
                    const char *local, const char *domain, unsigned formats,
                    ad_user_answer_t *out)
{
    ad_user_t u;
    ad_lookup_e found;
    int cached = AD_CACHE_TIME(c) > 0 || AD_CACHE_TIME_UNKNOWN(c) > 0;
    const char *label;

    memset(out, 0, sizeof(*out));
    out->kind = AD_USER_SETTINGS;
    out->prof = ad_compiled_profile(r, c);
    if (!c->sql && !c->ldap)
        return;

    /* SQL when a scope has both. */
    label = c->sql ? ad_sql_label(c->sql) : ad_ldap_label(c->ldap);
    memset(&u, 0, sizeof(u));
    found = cached ? ad_cache_get(r, label, address, &u) : AD_LOOKUP_FAILED;
    if (found == AD_LOOKUP_FAILED) {            /* not cached */
        memset(&u, 0, sizeof(u));
        found = active(c->sql ? ad_sql_lookup(r, c->sql, address, local, domain, &u)
                              : ad_ldap_lookup(r, c->ldap, address, &u), &u);
        if (cached)
            ad_cache_put(r, label, address, found, &u,
                         apr_time_from_sec(found == AD_LOOKUP_FOUND
                                           ? AD_CACHE_TIME(c) : AD_CACHE_TIME_UNKNOWN(c)));
    }
    if (found == AD_LOOKUP_FAILED) {
        if (AD_DIR_FAILURE(c) == AD_DIR_FAILURE_ERROR) {
            out->kind = AD_USER_UNAVAILABLE;
            ad_count_outcome(r, AD_OUT_UNAVAILABLE);
        }
        return;
    }
    if (found == AD_LOOKUP_UNKNOWN) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77066)
                      "directory: no user %s", address);
        if (AD_UNKNOWN_USER(c) == AD_UNKNOWN_ERROR) {
            out->kind = AD_USER_UNKNOWN;
            ad_count_outcome(r, AD_OUT_UNKNOWN);
        }
        return;
    }
    if (redirect_from(r, &u, address, out)) {
        ad_count_outcome(r, AD_OUT_REDIRECT);
        return;
    }
    out->prof = ad_user_profile(r->pool, out->prof, &u, formats);
}

int ad_user_unavailable(request_rec *r)
{
    apr_table_setn(r->err_headers_out, "Retry-After", "30");
    return HTTP_SERVICE_UNAVAILABLE;
}
