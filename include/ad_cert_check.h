/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The start-up certificate check: every TLS virtual host that answers
 * autodiscover gets one warning line when its certificate does not cover
 * its names, and one when it expires within 30 days; one whose certificate
 * mod_md manages also gets one line on its state (names covered, days
 * left, renewal; or none yet).
 */
#ifndef AD_CERT_CHECK_H
#define AD_CERT_CHECK_H

#include "httpd.h"

#define AD_CERT_WARN_DAYS 30

/* Check every virtual host of the configuration just read; logs only.
 * serving: a real start, in post_config after mod_md's (it then answers
 * ap_ssl_add_cert_files()); 0 under "apachectl -t". */
void ad_cert_check(apr_pool_t *p, server_rec *main_server, int serving);

#endif
