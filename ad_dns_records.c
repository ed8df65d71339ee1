/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * DNS records from the configuration. For a virtual host that answers
 * autodiscover, each mail domain D (AutodiscoverDomains, or D of its
 * autodiscover.D and autoconfig.D names when it answers any domain) needs:
 *   autodiscover.D and autoconfig.D naming this server (CNAME to its
 *     ServerName, unless that is the name itself);
 *   _autodiscover._tcp.D SRV 0 0 443 to the server, for clients that use it;
 *   RFC 6186 and RFC 8314 SRV records for its IMAP, POP3 and submission
 *     servers, with target "." (not offered) for the variants it lacks;
 *   RFC 6764 SRV and TXT (path=) records for its CalDAV and CardDAV
 *     contexts, and "not offered" for their plain-HTTP variants;
 *   PACC: ua-auto-config.D naming this server and the TXT record
 *     _ua-auto-config.D with the SHA-256 of the very bytes the handler
 *     serves for D (the same functions make both).
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include "httpd.h"
#include "http_config.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_dns_records.h"
#include "ad_query.h"
#include "ad_request.h"
#include "ad_pacc.h"

#define TTL "3600"

/* SRV service names per protocol: [implicit TLS, STARTTLS/plain]. */
static const char *const services[3][2] = {
    { "_imaps", "_imap" }, { "_pop3s", "_pop3" }, { "_submissions", "_submission" }
};

static void mail_srv(apr_file_t *out, apr_pool_t *p, const ad_profile_t *prof,
                     const char *domain)
{
    ad_vars_t v;
    int kind, tls, i, priority;

    ad_vars_set(&v, p, apr_pstrcat(p, "user@", domain, NULL), "user", domain);
    for (kind = AD_PROTO_IMAP; kind <= AD_PROTO_SMTP; kind++) {
        for (tls = 0; tls < 2; tls++) {
            int any = 0;
            priority = 0;
            for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
                const ad_server_t *s = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
                if ((int)s->type != kind || (s->tls == AD_TLS_IMPLICIT) != (tls == 0))
                    continue;
                /* A submission record needs authentication: not a relay on 25. */
                if (kind == AD_PROTO_SMTP && !s->auth)
                    continue;
                apr_file_printf(out, "%s._tcp.%s. " TTL " IN SRV %d 1 %d %s.\n",
                                services[kind][tls], domain, priority++, s->port,
                                ad_tmpl_expand_raw(p, s->host, &v));
                any = 1;
            }
            if (!any)
                apr_file_printf(out, "%s._tcp.%s. " TTL " IN SRV 0 0 0 .\n",
                                services[kind][tls], domain);
        }
    }
}

/* RFC 6764 section 3 and 4: _caldavs._tcp / _carddavs._tcp SRV with a TXT
 * path, _caldav._tcp / _carddav._tcp (no TLS) not offered. */
static void dav_records(apr_file_t *out, apr_pool_t *p, const ad_profile_t *prof,
                        const char *domain)
{
    static const char *const service[AD_DAV_COUNT] = { "caldav", "carddav" };
    int k;

    for (k = 0; k < AD_DAV_COUNT; k++) {
        const char *url = ad_dav_domain_url(p, prof->dav[k], domain);
        ad_url_parts_t parts;
        ad_vars_t v;

        if (!prof->dav[k])
            continue;
        if (!url) {
            apr_file_printf(out, "; _%ss._tcp.%s.: the %s URL names the user; no "
                            "record can point a whole domain to it\n", service[k],
                            domain, ad_dav_name(k));
            continue;
        }
        ad_vars_set(&v, p, "", "", domain);
        ad_url_parts(p, prof->dav[k]->url, &parts);
        apr_file_printf(out, "_%ss._tcp.%s. " TTL " IN SRV 0 1 %d %s.\n", service[k],
                        domain, parts.port, ad_tmpl_expand_raw(p, parts.host, &v));
        apr_file_printf(out, "_%ss._tcp.%s. " TTL " IN TXT \"path=%s\"\n", service[k],
                        domain, ad_tmpl_expand_raw(p, parts.path, &v));
        apr_file_printf(out, "_%s._tcp.%s. " TTL " IN SRV 0 0 0 .\n", service[k], domain);
    }
}

/* A name of D that clients ask: a CNAME to this server, or, when it is the
 * server's own name, a reminder of its address records. */
static void own_name(apr_file_t *out, const char *name, const char *target)
{
    if (strcasecmp(name, target))
        apr_file_printf(out, "%s. " TTL " IN CNAME %s.\n", name, target);
    else
        apr_file_printf(out, "; %s. is this server's own name: give it its A and AAAA records\n",
                        name);
}

/* PACC: the document's name and the digest of its bytes for domain. */
static void pacc_records(apr_file_t *out, apr_pool_t *p, server_rec *s,
                         const ad_profile_t *prof, const char *domain)
{
    const char *name = apr_pstrcat(p, "ua-auto-config.", domain, NULL);
    const ad_tmpl_t *compiled = ad_pacc_compile(p, prof);
    char *lower = apr_pstrdup(p, domain);
    const char *doc, *txt;
    apr_size_t len;

    if (!compiled) {
        apr_file_printf(out, "; ua-auto-config.%s.: no PACC document (%s)\n", domain,
                        ad_pacc_none(p, prof));
        return;
    }
    ap_str_tolower(lower);      /* as ad_request_domain() gives it */
    doc = ad_pacc_document(p, compiled, lower, &len);
    if (!(txt = ad_pacc_txt(p, doc, len)))
        return;
    /* The document's domain is the name asked: another vhost (or this
     * one's ServerName) answers a name this one does not have. */
    if (!ad_names_vhost(s, name))
        apr_file_printf(out, "; %s. is no name of %s: give it a ServerAlias, or the "
                        "document is not served for %s\n", name, s->server_hostname, domain);
    own_name(out, name, s->server_hostname);
    apr_file_printf(out, "_ua-auto-config.%s. " TTL " IN TXT \"%s\"\n", domain, txt);
}

static void records(apr_file_t *out, apr_pool_t *p, server_rec *s, const ad_dir_conf_t *c,
                    const char *domain)
{
    const char *target = s->server_hostname;
    static const char *const names[] = { "autodiscover", "autoconfig" };
    int i;

    apr_file_printf(out, "\n; %s: served by %s (%s:%u)\n", domain, target, s->defn_name,
                    s->defn_line_number);
    for (i = 0; i < 2; i++)
        own_name(out, apr_pstrcat(p, names[i], ".", domain, NULL), target);
    apr_file_printf(out, "_autodiscover._tcp.%s. " TTL " IN SRV 0 0 443 %s.\n", domain, target);
    mail_srv(out, p, ad_conf_profile(c), domain);
    dav_records(out, p, ad_conf_profile(c), domain);
    pacc_records(out, p, s, ad_conf_profile(c), domain);
}

/* D of every autodiscover.D or autoconfig.D name of s. */
static apr_array_header_t *name_domains(apr_pool_t *p, server_rec *s)
{
    apr_array_header_t *out = apr_array_make(p, 2, sizeof(const char *));
    apr_array_header_t *names = apr_array_make(p, 4, sizeof(const char *));
    int i;

    APR_ARRAY_PUSH(names, const char *) = s->server_hostname;
    for (i = 0; s->names && i < s->names->nelts; i++)
        APR_ARRAY_PUSH(names, const char *) = APR_ARRAY_IDX(s->names, i, const char *);
    for (i = 0; i < names->nelts; i++) {
        const char *n = APR_ARRAY_IDX(names, i, const char *);
        apr_size_t label = ad_discovery_label(n);
        if (label)
            APR_ARRAY_PUSH(out, const char *) = apr_pstrdup(p, n + label);
    }
    return out;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

apr_array_header_t *ad_dns_domains(apr_pool_t *p, server_rec *s, const ad_dir_conf_t *c)
{
    apr_array_header_t *domains;
    int i, n;

    if (!AD_ANY_DOMAIN(c) && ad_conf_domains(c)) {
        apr_hash_index_t *hi;
        domains = apr_array_make(p, 4, sizeof(const char *));
        for (hi = apr_hash_first(p, ad_conf_domains(c)); hi; hi = apr_hash_next(hi))
            APR_ARRAY_PUSH(domains, const char *) = apr_hash_this_key(hi);
    }
    else
        domains = name_domains(p, s);
    qsort(domains->elts, domains->nelts, sizeof(const char *), by_name);
    /* autodiscover.D and autoconfig.D name D once. */
    for (i = n = 0; i < domains->nelts; i++) {
        const char *d = APR_ARRAY_IDX(domains, i, const char *);
        if (!n || strcmp(d, APR_ARRAY_IDX(domains, n - 1, const char *)))
            APR_ARRAY_IDX(domains, n++, const char *) = d;
    }
    domains->nelts = n;
    return domains;
}

void ad_dns_records_print(apr_pool_t *p, server_rec *main_server)
{
    apr_file_t *out;
    apr_pool_t *vp;
    server_rec *s;

    if (apr_file_open_stdout(&out, p) != APR_SUCCESS)
        return;
    apr_file_printf(out, "; DNS records for mod_autodiscover, from this configuration\n");
    apr_pool_create(&vp, p);
    for (s = main_server; s; s = s->next, apr_pool_clear(vp)) {
        const ad_dir_conf_t *c = ap_get_module_config(s->lookup_defaults, &autodiscover_module);
        apr_array_header_t *domains;
        int i;

        if (!c || !AD_ENABLED(c) || AD_HTTP_REDIRECT(c))
            continue;
        domains = ad_dns_domains(vp, s, c);
        if (!domains->nelts) {
            apr_file_printf(out, "\n; %s (%s:%u) answers any domain: list them in "
                            AD_D_DOMAINS " to see their records\n", s->server_hostname,
                            s->defn_name ? s->defn_name : "main", s->defn_line_number);
            continue;
        }
        for (i = 0; i < domains->nelts; i++)
            records(out, vp, s, c, APR_ARRAY_IDX(domains, i, const char *));
    }
    apr_pool_destroy(vp);
}
