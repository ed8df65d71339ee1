/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Start-up (post_config), in this order: the checks a real start logs
 * (certificates, directories, formats, <Location> spellings), libxml2,
 * every server's and section's answers compiled once, the counters and
 * the two shared caches.
 */
#include <apr_lib.h>
#include <libxml/parser.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_startup.h"
#include "ad_signed_cache.h"
#include "ad_dir_sql.h"
#include "ad_dir_ldap.h"
#include "ad_user_cache.h"
#include "ad_cert_check.h"
#include "ad_directory_check.h"
#include "ad_format_check.h"
#include "ad_claim.h"
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

/* FNV-1a: a stable number for the Error Id attribute. */
static unsigned long host_hash(const char *name)
{
    unsigned long h = 2166136261UL;

    for (; name && *name; name++)
        h = ((h ^ (unsigned char)apr_tolower(*name)) * 16777619UL) & 0xffffffffUL;
    return h;
}

/* Compile the sections' profiles; 1 when one of them turns the module on. */
static int compile_sections(apr_pool_t *p, apr_pool_t *scratch, apr_array_header_t *sections)
{
    int i, on = 0;

    for (i = 0; sections && i < sections->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(sections, i, ap_conf_vector_t *);
        ad_dir_conf_t *sec = ap_get_module_config(v, &autodiscover_module);
        if (sec && ad_conf_profile(sec)->set && !ad_conf_profile(sec)->compiled)
            ad_profile_compile_kept(p, scratch, ad_conf_profile(sec));
        if (sec && (AD_ENABLED(sec) || AD_HTTP_REDIRECT(sec)))
            on = 1;
    }
    return on;
}

/* Every server's answers and per-server values. */
static void compile_servers(apr_pool_t *pconf, apr_pool_t *ptemp, server_rec *s)
{
    apr_pool_t *scratch;

    apr_pool_create(&scratch, ptemp);
    for (; s; s = s->next) {
        core_server_config *core = ap_get_core_module_config(s->module_config);
        ad_srv_conf_t *srv = ap_get_module_config(s->module_config,
                                                  &autodiscover_module);
        ad_dir_conf_t *sc = ap_get_module_config(s->lookup_defaults,
                                                 &autodiscover_module);
        srv->error_id = host_hash(s->server_hostname);
        if (!ad_conf_profile(sc)->compiled)
            ad_profile_compile_kept(pconf, scratch, ad_conf_profile(sc));
        srv->claims = AD_ENABLED(sc) || AD_HTTP_REDIRECT(sc);
        if (compile_sections(pconf, scratch, core->sec_url))
            srv->claims = 1;
        if (compile_sections(pconf, scratch, core->sec_dir))
            srv->claims = 1;
    }
    apr_pool_destroy(scratch);
}

int ad_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                   server_rec *s)
{
    server_rec *s0 = s;

    /* The start that serves (not the first pass of a start, which logs
     * to the console and is read again). */
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_CONFIG) {
        ad_cert_check(ptemp, s, 1);
        ad_directory_check(ptemp, s);
        ad_format_check(ptemp, s);
        ad_location_spelling_check(ptemp, s);
    }
    /* Once, in the parent, before any thread parses. Never cleaned up:
     * libxml2's state is shared with every other module in the process. */
    xmlInitParser();

    /* The first pass of a start is read again before anything is served:
     * its answers would be thrown away unused. */
    if (ap_state_query(AP_SQ_MAIN_STATE) != AP_SQ_MS_CREATE_PRE_CONFIG)
        compile_servers(pconf, ptemp, s);
    if (ad_counters_post_config(pconf, s0) != OK
        || ad_signed_cache_post_config(pconf, s0) != OK)
        return !OK;
    return ad_cache_post_config(pconf, s0, ad_sql_used() || ad_ldap_used());
}
