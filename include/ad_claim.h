/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Claiming URLs: the request hooks before any handler (ad_claim.c). */
#ifndef AD_CLAIM_H
#define AD_CLAIM_H

#include "httpd.h"

/* translate_name: every spelling of a module URL becomes the module's own
 * before the location walk that decides access. */
int ad_translate_name(request_rec *r);
/* header_parser: no-store and X-SOAP-Enabled, on a 401 too. */
int ad_header_parser(request_rec *r);
/* fixups: the endpoint's handler where the merged scope answers it. */
int ad_fixups(request_rec *r);

/* Start-up: warn for each <Location> that names a URL of the module in
 * another spelling than its own (it would never match). */
void ad_location_spelling_check(apr_pool_t *p, server_rec *s);

#endif
