/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Start-up: what a format cannot say. Each scope that answers is asked
 * once (a profile inherited by many vhosts, once in all) which servers and
 * services PACC and autoconfig leave out, and each is named in one warning.
 */
#ifndef AD_FORMAT_CHECK_H
#define AD_FORMAT_CHECK_H

#include "httpd.h"

void ad_format_check(apr_pool_t *p, server_rec *s);

#endif
