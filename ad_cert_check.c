/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The start-up certificate check. mod_ssl keeps its certificates to
 * itself, so the check reads the configuration tree: one walk indexes the
 * <VirtualHost> sections by where they were defined, each virtual host
 * finds its own there, and in it SSLEngine and SSLCertificateFile. A TLS
 * virtual host answers autodiscover when Autodiscover is On for it or one
 * of its names begins with "autodiscover."; each of its names (ServerName,
 * ServerAlias, wildcards left out) must then be covered by one of its
 * certificates, and none may expire within AD_CERT_WARN_DAYS days.
 *
 * A TLS vhost without SSLCertificateFile whose name an MDomain manages
 * gets its certificate from mod_md: on a real start the check asks for it
 * as mod_ssl does (ap_ssl_add_cert_files, answered by mod_md once its
 * post_config has run), under "apachectl -t" it reads mod_md's store
 * (include/ad_md.h). Such a vhost always gets one line: the names its
 * certificate covers, the days left and when mod_md renews it, or that
 * there is none yet and what clients get meanwhile.
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
#include "ap_mmn.h"
#if AP_MODULE_MAGIC_AT_LEAST(20120211, 104)
#include "http_ssl.h"
#endif
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_cert_check.h"
#include "ad_md.h"

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

/* What one vhost is checked with. */
typedef struct {
    apr_pool_t *p;
    server_rec *s;
    const char *where;              /* file:line of its <VirtualHost> */
    apr_array_header_t *names;      /* ServerName, ServerAlias */
} vhost_t;

static const char *days_text(apr_pool_t *p, int days)
{
    return apr_psprintf(p, "%d day%s", days, days == 1 ? "" : "s");
}

/* The seconds from now to t (negative: past). */
static long seconds_to(const ASN1_TIME *t)
{
    int days = 0, secs = 0;

    if (!ASN1_TIME_diff(&days, &secs, NULL, t))
        return 0;
    return (long)days * 86400 + secs;
}

/* Read the certificates; one warning for each about to expire, one for
 * the names none covers. The certificates read, to be freed. */
static apr_array_header_t *check_certs(const vhost_t *v, const apr_array_header_t *files)
{
    apr_array_header_t *certs = apr_array_make(v->p, 2, sizeof(X509 *));
    const char *uncovered = NULL;
    int i, j;

    for (i = 0; i < files->nelts; i++) {
        const char *file = APR_ARRAY_IDX(files, i, const char *);
        X509 *x = read_cert(file);
        int days = 0, secs = 0;
        if (!x)
            continue;       /* mod_ssl says why */
        APR_ARRAY_PUSH(certs, X509 *) = x;
        if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x))
            && days < AD_CERT_WARN_DAYS)
            ap_log_error(APLOG_MARK, APLOG_WARNING, 0, v->s, APLOGNO(77077)
                         "virtual host %s (%s): its certificate %s %s; renew it before "
                         "clients refuse the connection", v->s->server_hostname, v->where,
                         file, days < 0 || (days == 0 && secs <= 0) ? "has expired"
                         : apr_psprintf(v->p, "expires in %s", days_text(v->p, days)));
    }
    for (i = 0; i < v->names->nelts && certs->nelts; i++) {
        const char *name = APR_ARRAY_IDX(v->names, i, const char *);
        int covered = 0;
        for (j = 0; j < certs->nelts && !covered; j++)
            covered = X509_check_host(APR_ARRAY_IDX(certs, j, X509 *), name, 0, 0, NULL) == 1;
        if (!covered)
            uncovered = uncovered ? apr_pstrcat(v->p, uncovered, ", ", name, NULL) : name;
    }
    if (uncovered)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, v->s, APLOGNO(77078)
                     "virtual host %s (%s): its certificate does not cover %s, so "
                     "clients asking that name will refuse it; use a certificate whose "
                     "subjectAltName lists every name of the virtual host",
                     v->s->server_hostname, v->where, uncovered);
    return certs;
}

static void free_certs(apr_array_header_t *certs)
{
    int j;

    for (j = 0; j < certs->nelts; j++)
        X509_free(APR_ARRAY_IDX(certs, j, X509 *));
}

/* The vhost's names its certificates cover, "a, b and c". */
static const char *covered_names(const vhost_t *v, const apr_array_header_t *certs)
{
    const char *out = NULL, *last = NULL;
    int i, j;

    for (i = 0; i < v->names->nelts; i++) {
        const char *name = APR_ARRAY_IDX(v->names, i, const char *);
        for (j = 0; j < certs->nelts; j++)
            if (X509_check_host(APR_ARRAY_IDX(certs, j, X509 *), name, 0, 0, NULL) == 1)
                break;
        if (j == certs->nelts)
            continue;
        if (last)
            out = out ? apr_pstrcat(v->p, out, ", ", last, NULL) : last;
        last = name;
    }
    if (!last)
        return "none of its names";
    return out ? apr_pstrcat(v->p, out, " and ", last, NULL) : last;
}

/* When mod_md renews the certificate x of managed domain d. */
static const char *renewal_text(const vhost_t *v, const ad_md_t *md, const ad_md_domain_t *d,
                                X509 *x)
{
    const char *mode = d && d->renew_mode ? d->renew_mode : md ? md->renew_mode : "auto";
    const char *window = d && d->renew_window ? d->renew_window
                         : md ? md->renew_window : "33%";
    long left = seconds_to(X509_get0_notAfter(x));
    long lifetime = left - seconds_to(X509_get0_notBefore(x));
    apr_int64_t before = ad_md_renew_before(window, lifetime);
    long due;

    if (d && d->cert_files->nelts)
        return "its files are given by MDCertificateFile: mod_md does not renew them";
    if (!strcasecmp(mode, "manual"))
        return "MDRenewMode manual: mod_md does not renew it";
    if (before < 0)
        return apr_psprintf(v->p, "renewal: MDRenewWindow %s not understood", window);
    due = left - (long)before;
    if (due <= 0)
        return apr_psprintf(v->p, "renewal is due (MDRenewWindow %s): mod_md renews it "
                            "now, and a graceful restart serves the new one", window);
    return apr_psprintf(v->p, "renewal due in %s (MDRenewWindow %s)",
                        days_text(v->p, (int)(due / 86400)), window);
}

static int file_exists(apr_pool_t *p, const char *file, apr_status_t *rv)
{
    apr_finfo_t fi;

    *rv = apr_stat(&fi, file, APR_FINFO_TYPE, p);
    return *rv == APR_SUCCESS && fi.filetype == APR_REG;
}

/* The files mod_md gives v's server: by ap_ssl_add_cert_files() once its
 * post_config has run (a real start), else from d's section or the store. */
static apr_array_header_t *md_files(const vhost_t *v, const ad_md_t *md,
                                    const ad_md_domain_t *d, int serving)
{
    apr_array_header_t *files = apr_array_make(v->p, 2, sizeof(const char *));
    apr_status_t rv;
    const char *file;

#if AP_MODULE_MAGIC_AT_LEAST(20120211, 104)
    if (serving) {
        apr_array_header_t *keys = apr_array_make(v->p, 2, sizeof(const char *));
        ap_ssl_add_cert_files(v->s, v->p, files, keys);
        if (files->nelts || !d)
            return files;
    }
#endif
    if (!d)
        return files;
    if (d->cert_files->nelts)
        return d->cert_files;
    file = ad_md_store_file(v->p, md, d, "domains", "pubcert.pem");
    if (file_exists(v->p, file, &rv))
        APR_ARRAY_PUSH(files, const char *) = file;
    else if (!APR_STATUS_IS_ENOENT(rv) && !APR_STATUS_IS_ENOTDIR(rv))
        ap_log_error(APLOG_MARK, APLOG_NOTICE, rv, v->s, APLOGNO(77202)
                     "virtual host %s (%s): the certificate of MDomain %s cannot be read "
                     "from mod_md's store %s: run the check as the user that starts "
                     "the server", v->s->server_hostname, v->where, d->name, md->store);
    return files;
}

/* A TLS vhost without SSLCertificateFile: mod_md's, if mod_md manages a
 * name of it. One line for it whatever its state; 0 when not mod_md's. */
static int check_managed(const vhost_t *v, const ad_md_t *md, int serving)
{
    const ad_md_domain_t *d = ad_md_for(v->p, md, v->s);
    apr_array_header_t *files = md_files(v, md, d, serving), *certs;
    const char *staged = d ? ad_md_store_file(v->p, md, d, "staging", "pubcert.pem") : NULL;
    const char *mdname = d ? apr_pstrcat(v->p, " (MDomain ", d->name, ")", NULL) : "";
    apr_status_t rv;
    X509 *x;

    if (!files->nelts) {
        const char *mode = d && d->renew_mode ? d->renew_mode : md ? md->renew_mode : "auto";
        if (!d)
            return 0;
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, v->s, APLOGNO(77201)
                     "virtual host %s (%s): no certificate yet for MDomain %s: %s",
                     v->s->server_hostname, v->where, d->name,
                     file_exists(v->p, staged, &rv)
                     ? "mod_md has obtained one, which a graceful restart serves; until "
                       "then clients get mod_md's fallback certificate and refuse it"
                     : !strcasecmp(mode, "manual")
                     ? "MDRenewMode manual: mod_md does not obtain one; clients get "
                       "mod_md's fallback certificate and refuse it"
                     : "mod_md will obtain it; until then, and until a graceful restart "
                       "after it has, clients get mod_md's fallback certificate and refuse it");
        return 1;
    }
    certs = check_certs(v, files);
    if (!certs->nelts)
        return 1;           /* mod_ssl says why */
    x = APR_ARRAY_IDX(certs, 0, X509 *);
    ap_log_error(APLOG_MARK, APLOG_NOTICE, 0, v->s, APLOGNO(77200)
                 "virtual host %s (%s): its certificate %s is managed by mod_md%s, "
                 "covers %s, %s left; %s%s", v->s->server_hostname, v->where,
                 APR_ARRAY_IDX(files, 0, const char *), mdname, covered_names(v, certs),
                 days_text(v->p, (int)(seconds_to(X509_get0_notAfter(x)) / 86400)),
                 renewal_text(v, md, d, x),
                 staged && file_exists(v->p, staged, &rv)
                 ? "; a renewed certificate is waiting for a graceful restart" : "");
    free_certs(certs);
    return 1;
}

static void check_vhost(apr_pool_t *p, server_rec *s, const ap_directive_t *section,
                        const ad_md_t *md, int serving)
{
    apr_array_header_t *files = apr_array_make(p, 2, sizeof(const char *));
    vhost_t v;
    int tls = 0, i;

    tls_settings(p, section->first_child, &tls, files);
    if (!tls)
        return;
    v.p = p;
    v.s = s;
    v.where = apr_psprintf(p, "%s:%u", s->defn_name, s->defn_line_number);
    v.names = apr_array_make(p, 4, sizeof(const char *));
    if (s->server_hostname)
        APR_ARRAY_PUSH(v.names, const char *) = s->server_hostname;
    for (i = 0; s->names && i < s->names->nelts; i++)
        APR_ARRAY_PUSH(v.names, const char *) = APR_ARRAY_IDX(s->names, i, const char *);
    if (!answers_autodiscover(s, v.names))
        return;
    if (files->nelts)
        free_certs(check_certs(&v, files));
    else
        check_managed(&v, md, serving);
}

void ad_cert_check(apr_pool_t *p, server_rec *main_server, int serving)
{
    apr_hash_t *sections = apr_hash_make(p);
    const ad_md_t *md = ad_md_read(p);
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
            check_vhost(vp, s, section, md, serving);
        apr_pool_clear(vp);
    }
    apr_pool_destroy(vp);
}
