/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The module's URLs, their one spelling and their handlers (see
 * include/ad_endpoint.h). Pure C: no httpd types. */
#include <string.h>
#include <strings.h>
#include <apr_strings.h>
#include "ad_endpoint.h"

#define PREFIX     "/autodiscover/"
#define JSON_PATH  "/autodiscover/autodiscover.json"

static const struct {
    const char *path;
    ad_endpoint_e endpoint;
    const char *handler;
} endpoints[] = {
    { "/autodiscover/autodiscover.xml", AD_EP_POX, AD_HANDLER_POX },
    { JSON_PATH, AD_EP_JSON, AD_HANDLER_JSON },
    { "/autodiscover/autodiscover.svc", AD_EP_SOAP, AD_HANDLER_SOAP },
    /* Thunderbird's two locations, and the one some Android apps use. */
    { "/mail/config-v1.1.xml", AD_EP_AUTOCONFIG, AD_HANDLER_AUTOCONFIG },
    { "/.well-known/autoconfig/mail/config-v1.1.xml", AD_EP_AUTOCONFIG,
      AD_HANDLER_AUTOCONFIG },
    { "/v1.1/mail/config-v1.1.xml", AD_EP_AUTOCONFIG, AD_HANDLER_AUTOCONFIG },
    /* The link users open on an iPhone or a Mac (automx2's path too). */
    { "/mobileconfig", AD_EP_MOBILECONFIG, AD_HANDLER_MOBILECONFIG },
    { "/mobileconfig/", AD_EP_MOBILECONFIG, AD_HANDLER_MOBILECONFIG },
    /* RFC 6764: calendars and contacts, claimed where they are configured. */
    { "/.well-known/caldav", AD_EP_CALDAV, AD_HANDLER_DAV },
    { "/.well-known/carddav", AD_EP_CARDDAV, AD_HANDLER_DAV },
    /* PACC (draft-ietf-mailmaint-pacc): the per-domain document. */
    { "/.well-known/user-agent-configuration.json", AD_EP_PACC, AD_HANDLER_PACC },
};
#define N_ENDPOINTS (sizeof(endpoints) / sizeof(endpoints[0]))

static int endpoint_index(const char *uri)
{
    apr_size_t i;

    if (!uri)
        return -1;
    for (i = 0; i < N_ENDPOINTS; i++) {
        if (strcasecmp(uri, endpoints[i].path) == 0)
            return (int)i;
    }
    /* Autodiscover v2's path form: autodiscover.json/v1.0/<address> */
    if (strncasecmp(uri, JSON_PATH "/", sizeof(JSON_PATH)) == 0)
        return 1;
    return -1;
}

ad_endpoint_e ad_endpoint(const char *uri)
{
    int i = endpoint_index(uri);
    return i < 0 ? AD_EP_NONE : endpoints[i].endpoint;
}

const char *ad_endpoint_handler(ad_endpoint_e ep)
{
    apr_size_t i;

    for (i = 0; i < N_ENDPOINTS; i++) {
        if (endpoints[i].endpoint == ep)
            return endpoints[i].handler;
    }
    return ep == AD_EP_SETUP ? AD_HANDLER_SETUP : NULL;
}

int ad_under_prefix(const char *uri)
{
    return uri && (strncasecmp(uri, PREFIX, sizeof(PREFIX) - 1) == 0
                   || strcasecmp(uri, "/autodiscover") == 0);
}

const char *ad_canonical_path(apr_pool_t *p, const char *uri)
{
    int i = endpoint_index(uri);
    char *canon;

    if (i < 0 && !ad_under_prefix(uri))
        return uri;
    canon = apr_pstrdup(p, uri);
    if (i >= 0 && endpoints[i].endpoint != AD_EP_JSON)
        memcpy(canon, endpoints[i].path, strlen(endpoints[i].path));
    else if (i >= 0) {
        /* autodiscover.json[/v1.0/ADDRESS]: the address keeps its case. */
        memcpy(canon, JSON_PATH, sizeof(JSON_PATH) - 1);
        if (strncasecmp(canon + sizeof(JSON_PATH) - 1, "/v1.0/", 6) == 0)
            memcpy(canon + sizeof(JSON_PATH) - 1, "/v1.0/", 6);
    }
    else
        memcpy(canon, PREFIX, strlen(canon) < sizeof(PREFIX) - 1
                              ? strlen(canon) : sizeof(PREFIX) - 1);
    return canon;
}

