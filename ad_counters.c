/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Answer counters: one anonymous shared memory segment, made in the parent
 * before the children are forked, holding a 32-bit counter per family and
 * outcome and one per family and user agent, added to with atomic
 * increments. Each counted answer adds to one of each: a family's outcomes
 * and its agents sum to the same total. Behind them, one row of outcomes
 * per virtual host that answers (ad_srv_conf_t.claims), by its
 * name:port: the rows are laid out at post_config, so their number is
 * bounded by the configuration and never grows with what clients send.
 * Virtual hosts of one name and port share a row.
 */
#include <string.h>
#include <apr_atomic.h>
#include <apr_hash.h>
#include <apr_shm.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

typedef struct {
    apr_time_t since;
    apr_uint32_t count[AD_FAM_COUNT][AD_OUT_COUNT];
    apr_uint32_t agent[AD_FAM_COUNT][AD_AGENT_COUNT];
    apr_uint32_t vhost[][AD_OUT_COUNT];     /* one row per name:port */
} ad_counts_t;

/* Per request: what the handler said. */
typedef struct {
    int family;
    int outcome;            /* -1: from the status */
} ad_tally_t;

static ad_counts_t *counts;
/* Made at post_config, read-only in the children: server_rec * -> row
 * index + 1, and each row's name:port. */
static apr_hash_t *vhost_rows;
static apr_array_header_t *vhost_names;

static const char *const family_names[AD_FAM_COUNT] = {
    "POX (Outlook)", "POX (MobileSync)", "v2 JSON", "SOAP", "autoconfig",
    "Apple profile", "http redirect", "PACC", "DAV redirect"
};
static const char *const outcome_names[AD_OUT_COUNT] = {
    "settings", "redirect", "error", "unknown user", "unavailable"
};
/* Keys of ?auto and the metrics' labels: monitoring depends on them. */
static const char *const family_keys[AD_FAM_COUNT] = {
    "pox", "mobilesync", "v2", "soap", "autoconfig", "mobileconfig", "http-redirect",
    "pacc", "dav-redirect"
};
static const char *const outcome_keys[AD_OUT_COUNT] = {
    "settings", "redirect", "error", "unknown", "unavailable"
};

const char *ad_family_name(ad_family_e f)
{
    return family_names[f];
}

const char *ad_outcome_name(ad_outcome_e o)
{
    return outcome_names[o];
}

const char *ad_family_key(ad_family_e f)
{
    return family_keys[f];
}

const char *ad_outcome_key(ad_outcome_e o)
{
    return outcome_keys[o];
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

/* The name:port a virtual host's row goes by: its ServerName and the port
 * it was given, or that of its first address. */
static const char *vhost_label(apr_pool_t *p, const server_rec *s)
{
    apr_port_t port = s->port ? s->port : s->addrs ? s->addrs->host_port : 0;

    return apr_psprintf(p, "%s:%u", s->server_hostname ? s->server_hostname : "", port);
}

/* A row for each virtual host the module answers in; returns how many. */
static int lay_out_rows(apr_pool_t *pconf, server_rec *s)
{
    apr_hash_t *by_name = apr_hash_make(pconf);

    vhost_rows = apr_hash_make(pconf);
    vhost_names = apr_array_make(pconf, 8, sizeof(const char *));
    for (; s; s = s->next) {
        const ad_srv_conf_t *srv = ap_get_module_config(s->module_config, &autodiscover_module);
        const char *name;
        int *row;

        if (!srv->claims)
            continue;
        name = vhost_label(pconf, s);
        if (!(row = apr_hash_get(by_name, name, APR_HASH_KEY_STRING))) {
            row = apr_palloc(pconf, sizeof(*row));
            *row = vhost_names->nelts;
            APR_ARRAY_PUSH(vhost_names, const char *) = name;
            apr_hash_set(by_name, name, APR_HASH_KEY_STRING, row);
        }
        apr_hash_set(vhost_rows, apr_pmemdup(pconf, &s, sizeof(s)), sizeof(s), row);
    }
    return vhost_names->nelts;
}

int ad_counters_post_config(apr_pool_t *pconf, server_rec *s)
{
    apr_shm_t *shm;
    apr_status_t rv;
    apr_size_t size;

    counts = NULL;
    vhost_rows = NULL;
    vhost_names = NULL;
    if (ap_state_query(AP_SQ_MAIN_STATE) == AP_SQ_MS_CREATE_PRE_CONFIG)
        return OK;
    size = sizeof(ad_counts_t) + lay_out_rows(pconf, s) * sizeof(counts->vhost[0]);
    rv = apr_shm_create(&shm, size, NULL, pconf);
    if (rv != APR_SUCCESS) {
        ap_log_error(APLOG_MARK, APLOG_WARNING, rv, s, APLOGNO(77079)
                     "no shared memory for the answer counters; the status page "
                     "shows none");
        return OK;
    }
    counts = apr_shm_baseaddr_get(shm);
    memset(counts, 0, size);
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
    {
        const server_rec *s = r->server;
        const int *row = apr_hash_get(vhost_rows, &s, sizeof(s));
        if (row)
            apr_atomic_inc32(&counts->vhost[*row][outcome]);
    }
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

int ad_counters_vhosts(void)
{
    return counts ? vhost_names->nelts : 0;
}

const char *ad_counters_vhost_name(int row)
{
    return APR_ARRAY_IDX(vhost_names, row, const char *);
}

apr_uint32_t ad_counter_vhost(int row, ad_outcome_e o)
{
    return counts ? apr_atomic_read32(&counts->vhost[row][o]) : 0;
}
