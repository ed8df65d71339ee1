/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The module's URLs: which endpoint a path names (any letter case), the
 * module's one spelling of it, and the handler that answers it. A leaf
 * header: no httpd types, nothing of the module's.
 */
#ifndef AD_ENDPOINT_H
#define AD_ENDPOINT_H

#include <apr_pools.h>

/* Handler names set by the fixup hook (or by SetHandler). */
#define AD_HANDLER_POX          "autodiscover"
#define AD_HANDLER_REDIRECT     "autodiscover-redirect"
#define AD_HANDLER_AUTOCONFIG   "autodiscover-autoconfig"
#define AD_HANDLER_JSON         "autodiscover-json"
#define AD_HANDLER_SOAP         "autodiscover-soap"
#define AD_HANDLER_MOBILECONFIG "autodiscover-mobileconfig"
#define AD_HANDLER_STATUS       "autodiscover-status"
#define AD_HANDLER_METRICS      "autodiscover-metrics"
#define AD_HANDLER_DAV          "autodiscover-dav"
#define AD_HANDLER_PACC         "autodiscover-pacc"
#define AD_HANDLER_SETUP        "autodiscover-setup"

typedef enum {
    AD_EP_NONE = 0,
    AD_EP_POX,              /* /autodiscover/autodiscover.xml */
    AD_EP_JSON,             /* /autodiscover/autodiscover.json[/v1.0/ADDRESS] */
    AD_EP_SOAP,             /* /autodiscover/autodiscover.svc */
    AD_EP_AUTOCONFIG,       /* Thunderbird's config-v1.1.xml */
    AD_EP_MOBILECONFIG,     /* Apple profile: /mobileconfig */
    AD_EP_CALDAV,           /* RFC 6764: /.well-known/caldav */
    AD_EP_CARDDAV,          /* RFC 6764: /.well-known/carddav */
    AD_EP_PACC,             /* /.well-known/user-agent-configuration.json */
    AD_EP_SETUP             /* the setup page for people: wherever SetHandler
                               autodiscover-setup puts it, no path of its own */
} ad_endpoint_e;

/* The endpoint a path names, letter case ignored. */
ad_endpoint_e ad_endpoint(const char *uri);

/* The handler that answers endpoint ep. */
const char *ad_endpoint_handler(ad_endpoint_e ep);

/* uri is /autodiscover or under /autodiscover/, letter case ignored. */
int ad_under_prefix(const char *uri);

/* The module's one spelling of a path it answers (endpoints, anything
 * under /autodiscover/); uri itself for any other path. */
const char *ad_canonical_path(apr_pool_t *p, const char *uri);

#endif
