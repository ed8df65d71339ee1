/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The DNS records a deployment needs, from the configuration itself:
 * "apachectl -t -D AUTODISCOVER_DNS" prints them in zone-file form.
 */
#ifndef AD_DNS_RECORDS_H
#define AD_DNS_RECORDS_H

#include "httpd.h"
#include "ad_config.h"

#define AD_DNS_DEFINE "AUTODISCOVER_DNS"

/* The mail domains virtual host s answers in scope c, sorted: the
 * AutodiscoverDomains list, or when it answers any domain, D of each of its
 * names autodiscover.D, autoconfig.D and ua-auto-config.D (empty when it
 * has none). The records below and the status page list these. */
apr_array_header_t *ad_dns_domains(apr_pool_t *p, server_rec *s, const ad_dir_conf_t *c);

/* For each virtual host with Autodiscover On and each of its mail domains:
 * the autodiscover and autoconfig names, the _autodiscover._tcp SRV record,
 * the RFC 6186/8314 SRV records of its mail servers, the RFC 6764 records
 * of its DAV services and PACC's name and TXT digest. To stdout. */
void ad_dns_records_print(apr_pool_t *p, server_rec *main_server);

#endif
