/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Request hooks: claiming autodiscover URLs, and the content handlers. */
#ifndef AD_HANDLER_H
#define AD_HANDLER_H

#include "httpd.h"

int ad_fixups(request_rec *r);
int ad_pox_handler(request_rec *r);
int ad_redirect_handler(request_rec *r);
int ad_autoconfig_handler(request_rec *r);

#endif
