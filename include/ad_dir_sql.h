/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The SQL directory: one prepared query per scope, run through mod_dbd's
 * pooled connections (any apr_dbd driver: SQLite, PostgreSQL, ...).
 */
#ifndef AD_DIR_SQL_H
#define AD_DIR_SQL_H

#include "httpd.h"
#include "http_config.h"
#include "ad_dir.h"

typedef struct ad_sql ad_sql_t;

/* AutodiscoverSQLQuery "SELECT ..." [address|localpart|domain ...]:
 * prepares the query with mod_dbd; NULL, or the message for configtest. */
const char *ad_sql_configure(cmd_parms *cmd, int argc, char *const argv[],
                             ad_sql_t **out);

/* Any query configured (the cache is made only then). */
int ad_sql_used(void);
/* What the query asks, for the cache's name of it (ad_cache_dir_name): its
 * parameters and text, the same on every node that configures it. */
const char *ad_sql_identity(const ad_sql_t *q);

/* Every parameter of the query is the domain: it answers per domain (for
 * strangers too), not per user. */
int ad_sql_per_domain(const ad_sql_t *q);

/* Run the query for one address; the first row's columns named like the
 * fields of ad_user_t fill u. q keeps this process's failure log limit. */
ad_lookup_e ad_sql_lookup(request_rec *r, ad_sql_t *q, const char *address,
                          const char *local, const char *domain, ad_user_t *u);

#endif
