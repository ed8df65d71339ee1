/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Answers counted per client family and outcome, and per family and user
 * agent (ad_agent.h), since the server started, in shared memory, so that
 * every child process adds to the same numbers. A handler names its family
 * and, where the HTTP status does not tell, its outcome; the count is taken
 * when the request is logged, the agent from its User-Agent header. Each
 * virtual host that answers has a row of outcomes too, by name:port.
 */
#ifndef AD_COUNTERS_H
#define AD_COUNTERS_H

#include "httpd.h"
#include "ad_agent.h"

typedef enum {
    AD_FAM_POX = 0,         /* Outlook, POX */
    AD_FAM_MOBILESYNC,      /* ActiveSync devices, POX MobileSync schema */
    AD_FAM_V2,              /* Autodiscover v2 JSON */
    AD_FAM_SOAP,            /* EWS clients */
    AD_FAM_AUTOCONFIG,      /* Thunderbird and the like */
    AD_FAM_MOBILECONFIG,    /* Apple profiles */
    AD_FAM_HTTP_REDIRECT,   /* the plain-HTTP redirect vhost */
    AD_FAM_PACC,            /* PACC documents */
    AD_FAM_DAV,             /* RFC 6764 well-known redirects */
    AD_FAM_COUNT
} ad_family_e;

typedef enum {
    AD_OUT_SETTINGS = 0,    /* the settings (or URL) asked for */
    AD_OUT_REDIRECT,        /* to another address, server or URL */
    AD_OUT_ERROR,           /* the format's error: bad request, foreign domain, ... */
    AD_OUT_UNKNOWN,         /* a user the directory does not know */
    AD_OUT_UNAVAILABLE,     /* the directory could not be asked */
    AD_OUT_COUNT
} ad_outcome_e;

const char *ad_family_name(ad_family_e f);
const char *ad_outcome_name(ad_outcome_e o);
/* Keys for machines (?auto, the metrics' labels): "pox", "unknown". */
const char *ad_family_key(ad_family_e f);
const char *ad_outcome_key(ad_outcome_e o);

/* The request's family (the last call wins). */
void ad_count_family(request_rec *r, ad_family_e f);
/* Its outcome, when the status alone would not tell (the first call wins):
 * otherwise 2xx is settings, 3xx redirect, 503 unavailable, the rest error. */
void ad_count_outcome(request_rec *r, ad_outcome_e o);

/* Hooks: the shared memory (post_config), the count (log_transaction). */
int ad_counters_post_config(apr_pool_t *pconf, server_rec *s);
int ad_counters_log_transaction(request_rec *r);

/* A count since start; 0 when there is no shared memory. */
apr_uint32_t ad_counter(ad_family_e f, ad_outcome_e o);
apr_uint32_t ad_counter_agent(ad_family_e f, ad_agent_e a);
apr_time_t ad_counters_since(void);

/* The virtual hosts' rows: how many (0 without shared memory), the
 * name:port of each, and a row's count of an outcome. */
int ad_counters_vhosts(void);
const char *ad_counters_vhost_name(int row);
apr_uint32_t ad_counter_vhost(int row, ad_outcome_e o);

#endif
