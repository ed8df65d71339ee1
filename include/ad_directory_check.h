/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * A start-up warning where a per-user directory is configured but no client
 * can ever receive its fields: strangers get the plain answer, so without
 * Apache authentication around it (and without AutodiscoverPublicDirectory
 * On) the directory is asked by nobody. A heuristic over the configuration
 * tree, one pass: AuthType anywhere in a virtual host (or outside every
 * virtual host) counts as authentication there.
 */
#ifndef AD_DIRECTORY_CHECK_H
#define AD_DIRECTORY_CHECK_H

#include "httpd.h"

void ad_directory_check(apr_pool_t *p, server_rec *s);

#endif
