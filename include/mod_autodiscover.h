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

/* The handler names (AD_HANDLER_*) and endpoints. */
#include "ad_endpoint.h"

extern module AP_MODULE_DECLARE_DATA autodiscover_module;

#endif
