/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Start-up (ad_startup.c). */
#ifndef AD_STARTUP_H
#define AD_STARTUP_H

#include "httpd.h"

/* post_config: start-up checks, compiled answers, counters, caches. */
int ad_post_config(apr_pool_t *pconf, apr_pool_t *plog, apr_pool_t *ptemp,
                   server_rec *s);

#endif
