/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The answer counters for Prometheus, in its text exposition format
 * (version 0.0.4): only where the administrator puts it (SetHandler
 * autodiscover-metrics), protected like the status page (Require). The
 * same numbers as the status page's ?auto, named after Prometheus's
 * conventions: counters end in _total, times are in seconds, labels carry
 * only values from fixed sets (the family, outcome and agent keys) or from
 * the configuration (a virtual host's name:port), never from a request.
 */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_autodiscover.h"
#include "ad_handler.h"
#include "ad_request.h"
#include "ad_counters.h"
#include "ad_agent.h"

#define CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

static void family_head(request_rec *r, const char *name, const char *type, const char *help)
{
    ap_rprintf(r, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* A label value as the format quotes it: backslash, double quote and line
 * feed escaped. A ServerName holds none of them, but nothing relies on it. */
static const char *label_value(apr_pool_t *p, const char *s)
{
    char *out = apr_palloc(p, 2 * strlen(s) + 1), *o = out;

    for (; *s; s++) {
        if (*s == '\\' || *s == '"')
            *o++ = '\\', *o++ = *s;
        else if (*s == '\n')
            *o++ = '\\', *o++ = 'n';
        else
            *o++ = *s;
    }
    *o = '\0';
    return out;
}

static void answers(request_rec *r)
{
    int f, o, a, v;

    family_head(r, "autodiscover_answers_total", "counter",
                "Answers since the counters started, by client family and outcome.");
    for (f = 0; f < AD_FAM_COUNT; f++)
        for (o = 0; o < AD_OUT_COUNT; o++)
            ap_rprintf(r, "autodiscover_answers_total{family=\"%s\",outcome=\"%s\"} %u\n",
                       ad_family_key(f), ad_outcome_key(o), ad_counter(f, o));
    family_head(r, "autodiscover_answers_by_agent_total", "counter",
                "Answers since the counters started, by client family and the class "
                "of the User-Agent that asked.");
    for (f = 0; f < AD_FAM_COUNT; f++)
        for (a = 0; a < AD_AGENT_COUNT; a++)
            ap_rprintf(r, "autodiscover_answers_by_agent_total{family=\"%s\",agent=\"%s\"} %u\n",
                       ad_family_key(f), ad_agent_key(a), ad_counter_agent(f, a));
    if (!ad_counters_vhosts())
        return;
    family_head(r, "autodiscover_vhost_answers_total", "counter",
                "Answers since the counters started, by virtual host (name:port) and outcome.");
    for (v = 0; v < ad_counters_vhosts(); v++) {
        const char *vhost = label_value(r->pool, ad_counters_vhost_name(v));
        for (o = 0; o < AD_OUT_COUNT; o++)
            ap_rprintf(r, "autodiscover_vhost_answers_total{vhost=\"%s\",outcome=\"%s\"} %u\n",
                       vhost, ad_outcome_key(o), ad_counter_vhost(v, o));
    }
}

int ad_metrics_handler(request_rec *r)
{
    apr_time_t since;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_METRICS) != 0)
        return DECLINED;
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, -1);
    if ((rv = ad_get_only(r)) != OK)
        return rv;
    /* No shared memory (AH77079 at start-up): no counters to show, and
     * zeros would read as a restart. */
    if (!(since = ad_counters_since()))
        return HTTP_SERVICE_UNAVAILABLE;
    ap_set_content_type(r, CONTENT_TYPE);
    apr_table_setn(r->headers_out, "Cache-Control", "no-store");
    family_head(r, "autodiscover_build_info", "gauge",
                "The mod_autodiscover version serving, as a label; always 1.");
    ap_rprintf(r, "autodiscover_build_info{version=\"%s\"} 1\n", label_value(r->pool, AD_VERSION));
    family_head(r, "autodiscover_start_time_seconds", "gauge",
                "When the counters started (the last start or restart of httpd), "
                "in seconds since the Unix epoch.");
    ap_rprintf(r, "autodiscover_start_time_seconds %" APR_TIME_T_FMT ".%06" APR_TIME_T_FMT "\n",
               apr_time_sec(since), apr_time_usec(since));
    answers(r);
    return OK;
}
