/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The DNS records a deployment needs, from the configuration itself:
 * "apachectl -t -D AUTODISCOVER_DNS" prints them in zone-file form.
 */
#ifndef AD_DNS_RECORDS_H
#define AD_DNS_RECORDS_H

#include "httpd.h"

#define AD_DNS_DEFINE "AUTODISCOVER_DNS"

/* For each virtual host with Autodiscover On and each of its mail domains:
 * the autodiscover and autoconfig names, the _autodiscover._tcp SRV record,
 * the RFC 6186/8314 SRV records of its mail servers, the RFC 6764 records
 * of its DAV services and PACC's name and TXT digest. To stdout. */
void ad_dns_records_print(apr_pool_t *p, server_rec *main_server);

#endif
