/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* What a format cannot say (see include/ad_format_check.h). */
#include <apr_strings.h>
#include <apr_hash.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_autoconfig.h"
#include "ad_pacc.h"
#include "ad_format_check.h"

APLOG_USE_MODULE(autodiscover);

static const char *joined(apr_pool_t *p, const apr_array_header_t *lines)
{
    const char *out = "";
    int i;

    for (i = 0; i < lines->nelts; i++)
        out = apr_pstrcat(p, out, i ? "; " : "", APR_ARRAY_IDX(lines, i, const char *), NULL);
    return out;
}

static int has_servers(const ad_profile_t *prof)
{
    return prof->servers && prof->servers->nelts;
}

static void check_profile(apr_pool_t *p, server_rec *s, const ad_profile_t *prof,
                          const char *where, apr_hash_t *seen)
{
    apr_array_header_t *lines;
    const char *why;

    if ((seen && apr_hash_get(seen, &prof, sizeof(prof))) || !has_servers(prof))
        return;
    if (seen)
        apr_hash_set(seen, apr_pmemdup(apr_hash_pool_get(seen), &prof, sizeof(prof)),
                     sizeof(prof), "");

    lines = ad_autoconfig_left_out(p, prof);
    if (lines->nelts)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77092)
                     "%s: left out of autoconfig (config-v1.1.xml): %s%s", where,
                     joined(p, lines), ad_autoconfig_compile(p, prof) ? ""
                     : "; without them autoconfig has no incoming or no outgoing "
                       "server and answers 404");
    lines = ad_pacc_left_out(p, prof);
    if ((why = ad_pacc_none(p, prof)))
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77091)
                     "%s: no PACC document (" AD_PACC_PATH " answers 404): %s; PACC "
                     "describes only servers with implicit TLS on the default port "
                     "(IMAP 993, POP3 995, SMTP 465, with authentication) whose login "
                     "is the address%s%s", where, why, lines->nelts ? "; left out: " : "",
                     lines->nelts ? joined(p, lines) : "");
    else if (lines->nelts)
        ap_log_error(APLOG_MARK, APLOG_WARNING, 0, s, APLOGNO(77090)
                     "%s: left out of the PACC document (" AD_PACC_PATH "), which "
                     "cannot describe them: %s", where, joined(p, lines));
}

static void check_sections(apr_pool_t *p, server_rec *s, ad_dir_conf_t *sc,
                           apr_array_header_t *sections, apr_hash_t *seen)
{
    int i;

    for (i = 0; sections && i < sections->nelts; i++) {
        ap_conf_vector_t *v = APR_ARRAY_IDX(sections, i, ap_conf_vector_t *);
        ad_dir_conf_t *sec = ap_get_module_config(v, &autodiscover_module);
        const core_dir_config *cd = ap_get_core_module_config(v);
        ad_dir_conf_t *m;

        if (!sec || (!ad_conf_profile(sec)->set && sec->enabled == AD_UNSET))
            continue;
        m = ad_merge_dir_conf(p, sc, sec);
        /* A profile merged here lives in p, cleared per server: only the
         * configuration's own are told apart by their address. */
        if (AD_ENABLED(m) && !AD_HTTP_REDIRECT(m))
            check_profile(p, s, ad_conf_profile(m),
                          apr_psprintf(p, "<%s %s> of %s", cd->r ? "LocationMatch" : "Location",
                                       cd->d ? cd->d : "?", s->server_hostname),
                          ad_conf_profile(m) == ad_conf_profile(sc) || ad_conf_profile(m) == ad_conf_profile(sec) ? seen : NULL);
    }
}

void ad_format_check(apr_pool_t *p, server_rec *s)
{
    apr_hash_t *seen = apr_hash_make(p);
    apr_pool_t *vp;

    /* What one server takes goes when it is done: thousands of vhosts
     * are checked in the memory of one. */
    apr_pool_create(&vp, p);
    for (; s; s = s->next) {
        core_server_config *core = ap_get_core_module_config(s->module_config);
        ad_dir_conf_t *sc = ap_get_module_config(s->lookup_defaults, &autodiscover_module);

        if (AD_ENABLED(sc) && !AD_HTTP_REDIRECT(sc))
            check_profile(vp, s, ad_conf_profile(sc),
                          apr_psprintf(vp, "%s (%s:%d)", s->server_hostname,
                                       s->defn_name ? s->defn_name : "main",
                                       s->defn_line_number), seen);
        check_sections(vp, s, sc, core->sec_url, seen);
        check_sections(vp, s, sc, core->sec_dir, seen);
        apr_pool_clear(vp);
    }
    apr_pool_destroy(vp);
}
