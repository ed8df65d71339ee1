/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Answer counters: one anonymous shared memory segment, made in the parent
 * before the children are forked, holding a 32-bit counter per family and
 * outcome and one per family and user agent, added to with atomic
 * increments. Each counted answer adds to one of each: a family's outcomes
 * and its agents sum to the same total.
 */
#include <string.h>
#include <apr_atomic.h>
#include <apr_shm.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

typedef struct {
    apr_time_t since;
    apr_uint32_t count[AD_FAM_COUNT][AD_OUT_COUNT];
    apr_uint32_t agent[AD_FAM_COUNT][AD_AGENT_COUNT];
} ad_counts_t;

/* Per request: what the handler said. */
typedef struct {
    int family;
    int outcome;            /* -1: from the status */
} ad_tally_t;

static ad_counts_t *counts;

static const char *const family_names[AD_FAM_COUNT] = {
    "POX (Outlook)", "POX (MobileSync)", "v2 JSON", "SOAP", "autoconfig",
    "Apple profile", "http redirect", "PACC", "DAV redirect"
};
static const char *const outcome_names[AD_OUT_COUNT] = {
    "settings", "redirect", "error", "unknown user", "unavailable"
};

const char *ad_family_name(ad_family_e f)
{
    return family_names[f];
}

const char *ad_outcome_name(ad_outcome_e o)
{
    return outcome_names[o];
}

static ad_tally_t *tally(request_rec *r)
{
    ad_tally_t *t = ap_get_module_config(r->request_config, &autodiscover_module);

    if (!t) {
        t = apr_palloc(r->pool, sizeof(*t));
        t->family = -1;
        t->outcome = -1;
        ap_set_module_config(r->request_config, &autodiscover_module, t);
    }
    return t;
}

void ad_count_family(request_rec *r, ad_family_e f)
{
    tally(r)->family = f;
}

void ad_count_outcome(request_rec *r, ad_outcome_e o)
{
    ad_tally_t *t = tally(r);

    if (t->outcome < 0)
        t->outcome = o;
}

int ad_counters_post_config(apr_pool_t *pconf, server_rec *s)
{
    apr_shm_t *shm;
    apr_status_t rv;

    counts = NULL;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    rv = apr_shm_create(&shm, sizeof(ad_counts_t), NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, APLOGNO(77079)
                     "no shared memory for the answer counters; the status page "
                     "shows none");
        return OK;
    }
    counts = apr_shm_baseaddr_get(shm);
    memset(counts, 0, sizeof(*counts));
    counts->since = apr_time_now();
    return OK;
}

int ad_counters_log_transaction(request_rec *r)
{
    const ad_tally_t *t = ap_get_module_config(r->request_config, &autodiscover_module);
    int outcome;

    if (!t || t->family < 0 || !counts)
        return DECLINED;
    outcome = t->outcome >= 0 ? t->outcome
            : r->status >= 200 && r->status < 300 ? AD_OUT_SETTINGS
            : r->status >= 300 && r->status < 400 ? AD_OUT_REDIRECT
            : r->status == HTTP_SERVICE_UNAVAILABLE ? AD_OUT_UNAVAILABLE
            : AD_OUT_ERROR;
    apr_atomic_inc32(&counts->count[t->family][outcome]);
    apr_atomic_inc32(&counts->agent[t->family]
                                   [ad_agent_of(apr_table_get(r->headers_in, "User-Agent"))]);
    return DECLINED;
}

apr_uint32_t ad_counter(ad_family_e f, ad_outcome_e o)
{
    return counts ? apr_atomic_read32(&counts->count[f][o]) : 0;
}

apr_uint32_t ad_counter_agent(ad_family_e f, ad_agent_e a)
{
    return counts ? apr_atomic_read32(&counts->agent[f][a]) : 0;
}

apr_time_t ad_counters_since(void)
{
    return counts ? counts->since : 0;
}
