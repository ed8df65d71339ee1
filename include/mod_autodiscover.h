/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * mod_autodiscover: mail client autoconfiguration (Outlook POX Autodiscover and
 * ActiveSync/MobileSync) as an Apache httpd 2.4 content handler.
 *
 * Log tags: every message at debug level or above carries APLOGNO(nnnnn) with a
 * number from the block 77001-77999, which belongs to mod_autodiscover and is
 * unrelated to httpd's own AH tags. The next free number is kept in
 * docs/log-tags-next-number; take it, then increment the file.
 */
#ifndef MOD_AUTODISCOVER_H
#define MOD_AUTODISCOVER_H

#include "httpd.h"
#include "http_config.h"

#define AD_VERSION "0.1.0"

/* Handler names set by the fixup hook (or by SetHandler). */
#define AD_HANDLER_POX      "autodiscover"
#define AD_HANDLER_REDIRECT "autodiscover-redirect"
#define AD_HANDLER_AUTOCONFIG "autodiscover-autoconfig"
#define AD_HANDLER_JSON     "autodiscover-json"
#define AD_HANDLER_SOAP     "autodiscover-soap"
#define AD_HANDLER_MOBILECONFIG "autodiscover-mobileconfig"
#define AD_HANDLER_STATUS   "autodiscover-status"
#define AD_HANDLER_METRICS  "autodiscover-metrics"
#define AD_HANDLER_DAV      "autodiscover-dav"
#define AD_HANDLER_PACC     "autodiscover-pacc"
#define AD_HANDLER_SETUP    "autodiscover-setup"

extern module AP_MODULE_DECLARE_DATA autodiscover_module;

#endif
