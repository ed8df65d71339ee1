/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The content handlers, one per endpoint (ad_handler_*.c). */
#ifndef AD_HANDLER_H
#define AD_HANDLER_H

#include "httpd.h"

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
