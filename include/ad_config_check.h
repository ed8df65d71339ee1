/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Rules that span directives (ad_config_check.c). */
#ifndef AD_CONFIG_CHECK_H
#define AD_CONFIG_CHECK_H

#include "httpd.h"

/* check_config: refuse cross-directive mistakes under "apachectl -t". */
int ad_check_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                    server_rec *s);

#endif
