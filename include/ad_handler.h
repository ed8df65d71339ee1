/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Request hooks: claiming autodiscover URLs, and the content handlers. */
#ifndef AD_HANDLER_H
#define AD_HANDLER_H

#include "httpd.h"

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

/* The module's one spelling of a path it answers (endpoints, anything
 * under /autodiscover/); uri itself for any other path. */
const char *ad_canonical_path(apr_pool_t *p, const char *uri);

int ad_translate_name(request_rec *r);

/* Start-up: warn for each <Location> that names a URL of the module in
 * another spelling than its own (it would never match). */
void ad_location_spelling_check(apr_pool_t *p, server_rec *s);
int ad_fixups(request_rec *r);
int ad_header_parser(request_rec *r);
int ad_redirect_handler(request_rec *r);
int ad_pox_handler(request_rec *r);
int ad_autoconfig_handler(request_rec *r);
int ad_json_handler(request_rec *r);
int ad_soap_handler(request_rec *r);
int ad_mobileconfig_handler(request_rec *r);
int ad_status_handler(request_rec *r);
int ad_metrics_handler(request_rec *r);
int ad_dav_handler(request_rec *r);
int ad_pacc_handler(request_rec *r);
int ad_setup_handler(request_rec *r);

#endif
