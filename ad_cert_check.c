/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The start-up certificate check. mod_ssl keeps its certificates to
 * itself, so the check reads the configuration tree: one walk indexes the
 * <VirtualHost> sections by where they were defined, each virtual host
 * finds its own there, and in it SSLEngine and SSLCertificateFile. A TLS virtual host answers autodiscover
 * when Autodiscover is On for it or one of its names begins with
 * "autodiscover."; each of its names (ServerName, ServerAlias, wildcards
 * left out) must then be covered by one of its certificates, and none may
 * expire within AD_CERT_WARN_DAYS days.
 */
#include <string.h>
#include <apr_strings.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "util_cfgtree.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_cert_check.h"

APLOG_USE_MODULE(autodiscover);

/* A <VirtualHost> section's key: where it was defined, as server_rec's
 * defn_name and defn_line_number give it. */
static const char *where_key(apr_pool_t *p, const char *file, unsigned line)
{
    return apr_psprintf(p, "%u:%s", line, file);
}

/* Every <VirtualHost> section of the tree (also inside <IfModule> and the
 * like), by where it was defined: one walk for all virtual hosts, so that
 * the check costs the same per vhost with ten of them or fifty thousand.
 * The first of two sections at one place wins, in the tree's order. */
static void index_sections(apr_pool_t *p, const ap_directive_t *d, apr_hash_t *sections)
{
    for (; d; d = d->next) {
        if (!strcasecmp(d->directive, "<VirtualHost") && d->filename) {
            const char *key = where_key(p, d->filename, (unsigned)d->line_num);
            if (!apr_hash_get(sections, key, APR_HASH_KEY_STRING))
                apr_hash_set(sections, key, APR_HASH_KEY_STRING, d);
        }
        if (d->first_child)
            index_sections(p, d->first_child, sections);
    }
}

/* SSLEngine and SSLCertificateFile in a virtual host, also inside
 * <IfModule> and the like, not in per-directory sections. */
static void tls_settings(apr_pool_t *p, const ap_directive_t *d, int *tls,
                         apr_array_header_t *files)
{
    for (; d; d = d->next) {
        const char *args = d->args;
        if (!strcasecmp(d->directive, "SSLEngine")) {
            const char *v = ap_getword_conf(p, &args);
            *tls = !strcasecmp(v, "on") || !strcasecmp(v, "optional");
        }
        else if (!strcasecmp(d->directive, "SSLCertificateFile"))
            APR_ARRAY_PUSH(files, const char *) =
                ap_server_root_relative(p, ap_getword_conf(p, &args));
        else if (d->first_child && strncasecmp(d->directive, "<Location", 9)
                 && strncasecmp(d->directive, "<Directory", 10)
                 && strncasecmp(d->directive, "<Files", 6))
            tls_settings(p, d->first_child, tls, files);
    }
}

static X509 *read_cert(const char *file)
{
    BIO *in = BIO_new_file(file, "r");
    X509 *x = in ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;

    BIO_free(in);
    return x;
}

static int answers_autodiscover(server_rec *s, const apr_array_header_t *names)
{
    const ad_dir_conf_t *c = ap_get_module_config(s->lookup_defaults, &autodiscover_module);
    int i;

    if (c && AD_ENABLED(c))
        return 1;
    for (i = 0; i < names->nelts; i++)
        if (!strncasecmp(APR_ARRAY_IDX(names, i, const char *), "autodiscover.", 13))
            return 1;
    return 0;
}

static void check_vhost(apr_pool_t *p, server_rec *s, const ap_directive_t *section)
{
    apr_array_header_t *files = apr_array_make(p, 2, sizeof(const char *));
    apr_array_header_t *names = apr_array_make(p, 4, sizeof(const char *));
    apr_array_header_t *certs = apr_array_make(p, 2, sizeof(X509 *));
    const char *where = apr_psprintf(p, "%s:%u", s->defn_name, s->defn_line_number);
    const char *uncovered = NULL;
    int tls = 0, i, j;

    tls_settings(p, section->first_child, &tls, files);
    if (!tls || files->nelts == 0)
        return;
    if (s->server_hostname)
        APR_ARRAY_PUSH(names, const char *) = s->server_hostname;
    for (i = 0; s->names && i < s->names->nelts; i++)
        APR_ARRAY_PUSH(names, const char *) = APR_ARRAY_IDX(s->names, i, const char *);
    if (!answers_autodiscover(s, names))
        return;

    for (i = 0; i < files->nelts; i++) {
        const char *file = APR_ARRAY_IDX(files, i, const char *);
        X509 *x = read_cert(file);
        int days = 0, secs = 0;
        if (!x)
            continue;       /* mod_ssl says why */
        APR_ARRAY_PUSH(certs, X509 *) = x;
        if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x))
            && days < AD_CERT_WARN_DAYS)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77077)
                         "virtual host %s (%s): its certificate %s %s; renew it before "
                         "clients refuse the connection", s->server_hostname, where,
                         file, days < 0 || (days == 0 && secs <= 0) ? "has expired"
                         : apr_psprintf(p, "expires in %d day%s", days, days == 1 ? "" : "s"));
    }
    for (i = 0; i < names->nelts && certs->nelts; i++) {
        const char *name = APR_ARRAY_IDX(names, i, const char *);
        int covered = 0;
        for (j = 0; j < certs->nelts && !covered; j++)
            covered = X509_check_host(APR_ARRAY_IDX(certs, j, X509 *), name, 0, 0, NULL) == 1;
        if (!covered)
            uncovered = uncovered ? apr_pstrcat(p, uncovered, ", ", name, NULL) : name;
    }
    if (uncovered)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77078)
                     "virtual host %s (%s): its certificate does not cover %s, so "
                     "clients asking that name will refuse it; use a certificate whose "
                     "subjectAltName lists every name of the virtual host",
                     s->server_hostname, where, uncovered);
    for (j = 0; j < certs->nelts; j++)
        X509_free(APR_ARRAY_IDX(certs, j, X509 *));
}

void ad_cert_check(apr_pool_t *p, server_rec *main_server)
{
    apr_hash_t *sections = apr_hash_make(p);
    apr_pool_t *vp;
    server_rec *s;

    index_sections(p, ap_conftree, sections);
    apr_pool_create(&vp, p);
    for (s = main_server->next; s; s = s->next) {
        const ap_directive_t *section;
        if (!s->is_virtual || !s->defn_name)
            continue;
        section = apr_hash_get(sections, where_key(vp, s->defn_name, s->defn_line_number),
                               APR_HASH_KEY_STRING);
        if (section)
            check_vhost(vp, s, section);
        apr_pool_clear(vp);
    }
    apr_pool_destroy(vp);
}
