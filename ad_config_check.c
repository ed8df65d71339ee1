/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Rules that span directives and scopes, checked on every effective
 * (merged) scope of every server; under "apachectl -t" also the start-up
 * checks (certificates, directories, formats, <Location> spellings) and
 * the DNS records printer.
 */
#include <apr_strings.h>
#include <apr_hash.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_config_check.h"
#include "ad_cert_check.h"
#include "ad_directory_check.h"
#include "ad_format_check.h"
#include "ad_claim.h"
#include "ad_dns_records.h"

APLOG_USE_MODULE(autodiscover);

/* Rules that span directives, checked on one effective (merged) scope. */
static int check_scope(server_rec *s, apr_pool_t *p, const ad_dir_conf_t *c,
                       const char *where)
{
    apr_hash_index_t *hi;
    int ok = 1;

    if (AD_HTTP_REDIRECT(c) && !ad_conf_http_redirect_origin(c)) {
        ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, APLOGNO(77001)
                     "%s: " AD_D_HTTP_REDIRECT " On needs " AD_D_SERVICE_URI
                     " (an https URL) in the same or an enclosing scope, or an "
                     "explicit target such as " AD_D_HTTP_REDIRECT
                     " https://autodiscover.example.com", where);
        ok = 0;
    }
    for (hi = ad_conf_redirects(c) ? apr_hash_first(p, ad_conf_redirects(c)) : NULL; hi;
         hi = apr_hash_next(hi)) {
        const void *key;
        void *val;
        const ad_redirect_t *rd;

        apr_hash_this(hi, &key, NULL, &val);
        rd = val;
        if (rd->kind == AD_REDIRECT_URL && !rd->target && !ad_conf_service_uri(c)) {
            ap_log_error(APLOG_MARK, APLOG_EMERG, 0, s, APLOGNO(77002)
                         "%s: " AD_D_REDIRECT_URL " %s has no URL and no "
                         AD_D_SERVICE_URI " is set; give the URL or set "
                         AD_D_SERVICE_URI, where, (const char *)key);
            ok = 0;
        }
    }
    if (AD_ENABLED(c) && ad_profile_is_empty(ad_conf_profile(c)) && !ad_conf_redirects(c)) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77003)
                     "%s: " AD_D_ENABLE " On, but no " AD_D_SERVER ", "
                     AD_D_INTERNAL_URL " or " AD_D_EXTERNAL_URL " is set: every "
                     "request will get error 601", where);
    }
    return ok;
}

static int check_sections(server_rec *s, apr_pool_t *p, const ad_dir_conf_t *sc,
                          apr_array_header_t *sections)
{
    int i, ok = 1;

    for (i = 0; sections && i < sections->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(sections, i, ap_conf_vector_t *);
        ad_dir_conf_t *sec = ap_get_module_config(v, &autodiscover_module);
        core_dir_config *cd = ap_get_core_module_config(v);
        const char *where = apr_psprintf(p, "section %s in %s:%d",
                                         cd->d ? cd->d : "?",
                                         s->defn_name ? s->defn_name : "?",
                                         s->defn_line_number);
        if (sec && !check_scope(s, p, ad_merge_dir_conf(p, (void *)sc, sec), where))
            ok = 0;
    }
    return ok;
}

int ad_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                    server_rec *s)
{
    apr_pool_t *vp;
    int ok = 1;

    /* Under "apachectl -t" only: a real start checks in post_config, once
     * the error log is open. */
    if (ap_state_query(AP_SQ_RUN_MODE) == AP_SQ_RM_CONFIG_TEST) {
        ad_cert_check(ptemp, s, 0);
        ad_directory_check(ptemp, s);
        ad_format_check(ptemp, s);
        ad_location_spelling_check(ptemp, s);
        if (ap_exists_config_define(AD_DNS_DEFINE))
            ad_dns_records_print(ptemp, s);
    }

    /* Each server's merges and messages go with it: a vhost inherits every
     * section of the main server, merged and checked once per vhost. */
    apr_pool_create(&vp, ptemp);
    for (; s; s = s->next) {
        core_server_config *core = ap_get_core_module_config(s->module_config);
        ad_dir_conf_t *sc = ap_get_module_config(s->lookup_defaults,
                                                 &autodiscover_module);
        const char *where = apr_psprintf(vp, "server %s (%s:%d)",
                                         s->server_hostname ? s->server_hostname : "?",
                                         s->defn_name ? s->defn_name : "main",
                                         s->defn_line_number);
        if (!check_scope(s, vp, sc, where))
            ok = 0;
        if (!check_sections(s, vp, sc, core->sec_url)
            || !check_sections(s, vp, sc, core->sec_dir))
            ok = 0;
        apr_pool_clear(vp);
    }
    apr_pool_destroy(vp);
    return ok ? OK : HTTP_INTERNAL_SERVER_ERROR;
}

