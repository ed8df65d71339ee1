/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The LDAP directory through mod_ldap. The URL is parsed once, at
 * configuration time, like AuthLDAPURL: ldap://host:port/basedn?attribute?
 * scope?filter, where attribute is the one that holds the address (mail,
 * or userPrincipalName in Active Directory). A request takes one of
 * util_ldap's shared connections, searches for
 * (&FILTER(ATTRIBUTE=escaped address)) and reads the mapped attributes.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <apr_optional.h>
#include <apr_ldap.h>
#include <apr_ldap_url.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "util_ldap.h"
#include "mod_autodiscover.h"
#include "ad_directives.h"
#include "ad_dir_ldap.h"

APLOG_USE_MODULE(autodiscover);

struct ad_ldap {
    const char *identity;           /* the cache's: URL, bind DN, attributes */
    const char *url;                /* as configured; util_ldap's cache key */
    const char *host;
    int port;
    int secure;                     /* APR_LDAP_SSL for ldaps:// */
    const char *basedn;
    int scope;
    const char *attribute;          /* the one holding the address */
    const char *filter;             /* "(objectClass=*)" when none given */
    const char *binddn, *bindpw;    /* NULL: anonymous */
    const char *map[AD_UF_COUNT];   /* field -> attribute, NULL: not read */
    char *attrs[AD_UF_COUNT + 1];   /* the mapped attributes, NULL-terminated */
    int field_of[AD_UF_COUNT];      /* attrs[i] fills field_of[i] */
    ad_log_limit_t failures;        /* this process's log limit */
};

static APR_OPTIONAL_FN_TYPE(uldap_connection_find) *ldap_find;
static APR_OPTIONAL_FN_TYPE(uldap_connection_close) *ldap_close;
static APR_OPTIONAL_FN_TYPE(uldap_cache_getuserdn) *ldap_getuserdn;
static unsigned int searches;

int ad_ldap_used(void)
{
    return searches > 0;
}

const char *ad_ldap_identity(const ad_ldap_t *q)
{
    return q->identity;
}

/* The mapped attributes, and the search's identity for the cache: "ldap",
 * the URL (server, base DN, attribute, scope, filter), the bind DN and each
 * field's attribute, one a line. Two searches that differ in any of them
 * may answer differently; the password does not change the answer. */
static void build_attrs(apr_pool_t *p, ad_ldap_t *q)
{
    const char *id = apr_pstrcat(p, "ldap\n", q->url, "\n", q->binddn ? q->binddn : "",
                                 NULL);
    int f, n = 0;

    for (f = 0; f < AD_UF_COUNT; f++) {
        if (q->map[f]) {
            q->attrs[n] = (char *)q->map[f];
            q->field_of[n++] = f;
            id = apr_pstrcat(p, id, "\n", ad_user_field_name(f), "=", q->map[f], NULL);
        }
    }
    q->attrs[n] = NULL;
    q->identity = id;
}

const char *ad_ldap_configure(cmd_parms *cmd, const char *url, const char *binddn,
                              const char *password, ad_ldap_t **out)
{
    apr_ldap_url_desc_t *lud;
    apr_ldap_err_t *err = NULL;
    ad_ldap_t *q;

    ldap_find = APR_RETRIEVE_OPTIONAL_FN(uldap_connection_find);
    ldap_close = APR_RETRIEVE_OPTIONAL_FN(uldap_connection_close);
    ldap_getuserdn = APR_RETRIEVE_OPTIONAL_FN(uldap_cache_getuserdn);
    if (!ldap_find || !ldap_close || !ldap_getuserdn)
        return AD_D_LDAP_URL " needs mod_ldap: load it first "
               "(LoadModule ldap_module .../mod_ldap.so)";
    if (binddn && !password)
        return AD_D_LDAP_URL ": give the bind DN and its password, or neither";
    if (apr_ldap_url_parse(cmd->pool, url, &lud, &err) != APR_LDAP_URL_SUCCESS)
        return apr_psprintf(cmd->pool, AD_D_LDAP_URL ": '%s' is not an LDAP URL "
                            "(%s); give ldap://host[:port]/basedn?attribute?scope?filter",
                            url, err && err->reason ? err->reason : "unparsable");
    if (!lud->lud_host || !*lud->lud_host)
        return apr_psprintf(cmd->pool, AD_D_LDAP_URL ": '%s' names no host", url);
    if (!lud->lud_dn || !*lud->lud_dn)
        return apr_psprintf(cmd->pool, AD_D_LDAP_URL ": '%s' names no base DN", url);

    q = apr_pcalloc(cmd->pool, sizeof(*q));
    q->url = url;
    q->host = lud->lud_host;
    q->secure = apr_ldap_is_ldaps_url(url) ? APR_LDAP_SSL : APR_LDAP_NONE;
    q->port = lud->lud_port ? lud->lud_port
            : q->secure == APR_LDAP_SSL ? LDAPS_PORT : LDAP_PORT;
    q->basedn = lud->lud_dn;
    q->scope = lud->lud_scope == -1 ? LDAP_SCOPE_SUBTREE : lud->lud_scope;
    q->attribute = lud->lud_attrs && lud->lud_attrs[0] ? lud->lud_attrs[0] : "mail";
    if (!lud->lud_filter || !*lud->lud_filter)
        q->filter = "(objectClass=*)";
    else if (lud->lud_filter[0] == '(')
        q->filter = lud->lud_filter;
    else
        q->filter = apr_pstrcat(cmd->pool, "(", lud->lud_filter, ")", NULL);
    q->binddn = binddn;
    q->bindpw = password;
    q->map[AD_UF_DISPLAY_NAME] = "displayName";
    build_attrs(cmd->pool, q);
    ++searches;
    *out = q;
    return NULL;
}

const char *ad_ldap_map(cmd_parms *cmd, ad_ldap_t *q, const char *field,
                        const char *attribute)
{
    int f = ad_user_field(field);
    const char *a;

    if (f < 0)
        return apr_psprintf(cmd->pool, AD_D_LDAP_ATTRIBUTE ": '%s' is not a field; use "
                            "login, display_name, imap_host, pop3_host, smtp_host, "
                            "ews_url, activesync_url, ews_internal_url, "
                            "activesync_internal_url, redirect_addr, redirect_url or active", field);
    for (a = attribute; *a; a++)
        if (!apr_isalnum(*a) && *a != '-' && *a != ';')
            break;
    if (*a || !*attribute)
        return apr_psprintf(cmd->pool, AD_D_LDAP_ATTRIBUTE ": '%s' is not an "
                            "attribute name; give one such as displayName, or - "
                            "for none", attribute);
    q->map[f] = strcmp(attribute, "-") ? attribute : NULL;
    build_attrs(cmd->pool, q);
    return NULL;
}

/* RFC 4515: the address as a filter value. */
static const char *filter_escape(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 3 * strlen(s) + 1), *o = out;

    for (; *s; s++) {
        if (*s == '*' || *s == '(' || *s == ')' || *s == '\\') {
            apr_snprintf(o, 4, "\\%02x", (unsigned char)*s);
            o += 3;
        }
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

static void log_failure(request_rec *r, ad_ldap_t *q, int rc, const char *reason)
{
    unsigned int quiet;

    if (ad_log_limit_pass(&q->failures, &quiet))
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, APLOGNO(77075)
                      "LDAP directory unavailable: %s (LDAP result %d) at %s (%u more "
                      "failures not logged since the last line)", reason ? reason : "",
                      rc, q->url, quiet);
}

ad_lookup_e ad_ldap_lookup(request_rec *r, ad_ldap_t *q, const char *address,
                           ad_user_t *u)
{
    util_ldap_connection_t *ldc;
    const char *dn = NULL, **vals = NULL, *filter;
    int rc, i;

    if (!ldap_find)
        return AD_LOOKUP_FAILED;
    ldc = ldap_find(r, q->host, q->port, q->binddn, q->bindpw, always, q->secure);
    if (!ldc) {
        log_failure(r, q, LDAP_SERVER_DOWN, "no connection");
        return AD_LOOKUP_FAILED;
    }
    filter = apr_psprintf(r->pool, "(&%s(%s=%s))", q->filter, q->attribute,
                          filter_escape(r->pool, address));
    rc = ldap_getuserdn(r, ldc, q->url, q->basedn, q->scope, q->attrs, filter,
                        &dn, &vals);
    if (rc == LDAP_NO_SUCH_OBJECT) {
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77076)
                      "LDAP directory: %s for %s", ldc->reason ? ldc->reason : "no entry",
                      address);
        ldap_close(ldc);
        return AD_LOOKUP_UNKNOWN;
    }
    if (rc != LDAP_SUCCESS) {
        log_failure(r, q, rc, ldc->reason);
        ldap_close(ldc);
        return AD_LOOKUP_FAILED;
    }
    for (i = 0; q->attrs[i] && vals; i++)
        if (vals[i] && *vals[i])
            u->value[q->field_of[i]] = apr_pstrdup(r->pool, vals[i]);
    ldap_close(ldc);
    return AD_LOOKUP_FOUND;
}
