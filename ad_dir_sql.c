/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The SQL directory through mod_dbd. The query is prepared once, at
 * configuration time, under a label of its own; a request borrows one of
 * mod_dbd's pooled connections, runs the statement with the address (or its
 * parts) as parameters and reads the columns of the first row by name.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_optional.h>
#include <apr_dbd.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "mod_dbd.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_dir_sql.h"

APLOG_USE_MODULE(autodiscover);

#define AD_SQL_MAX_PARAMS 3

typedef enum { AD_PARAM_ADDRESS = 0, AD_PARAM_LOCALPART, AD_PARAM_DOMAIN } ad_param_e;

struct ad_sql {
    const char *label;              /* mod_dbd's name for the statement */
    const char *query;
    int nparams;
    ad_param_e param[AD_SQL_MAX_PARAMS];
};

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire;

const char *ad_sql_configure(cmd_parms *cmd, int argc, char *const argv[],
                             ad_sql_t **out)
{
    static unsigned int statements;
    APR_OPTIONAL_FN_TYPE(ap_dbd_prepare) *dbd_prepare;
    ad_sql_t *q;
    int i;

    if (argc < 1 || argc > 1 + AD_SQL_MAX_PARAMS)
        return AD_D_SQL_QUERY ": give the query, then up to 3 parameters "
               "(address, localpart, domain) for its %s markers";
    dbd_prepare = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_prepare);
    dbd_acquire = APR_RETRIEVE_OPTIONAL_FN(ap_dbd_acquire);
    if (!dbd_prepare || !dbd_acquire)
        return AD_D_SQL_QUERY " needs mod_dbd: load it first "
               "(LoadModule dbd_module .../mod_dbd.so) and set DBDriver and DBDParams";

    q = apr_pcalloc(cmd->pool, sizeof(*q));
    q->query = argv[0];
    if (strncasecmp(q->query, "SELECT", 6) != 0)
        return apr_psprintf(cmd->pool, AD_D_SQL_QUERY ": '%s' is not a SELECT "
                            "query", q->query);
    for (i = 1; i < argc; i++) {
        if (!strcasecmp(argv[i], "address"))
            q->param[q->nparams++] = AD_PARAM_ADDRESS;
        else if (!strcasecmp(argv[i], "localpart"))
            q->param[q->nparams++] = AD_PARAM_LOCALPART;
        else if (!strcasecmp(argv[i], "domain"))
            q->param[q->nparams++] = AD_PARAM_DOMAIN;
        else
            return apr_psprintf(cmd->pool, AD_D_SQL_QUERY ": parameter '%s' is "
                                "not accepted; use address, localpart or domain",
                                argv[i]);
    }
    if (q->nparams == 0)
        q->param[q->nparams++] = AD_PARAM_ADDRESS;
    q->label = apr_psprintf(cmd->pool, "mod_autodiscover_%u", ++statements);
    dbd_prepare(cmd->server, q->query, q->label);
    *out = q;
    return NULL;
}

/* One line per process and 30 seconds while the directory stays down,
 * with the number of failures not logged. */
static void log_failure(request_rec *r, apr_status_t rv, const char *what)
{
    static apr_time_t last;
    static unsigned int quiet;
    apr_time_t now = apr_time_now();

    if (last && now - last < apr_time_from_sec(30)) {
        quiet++;
        return;
    }
    ap_log_rerror(APLOG_MARK, APLOG_ERR, rv, r, APLOGNO(77062)
                  "SQL directory unavailable: %s (%u more failures not logged "
                  "since the last line)", what, quiet);
    last = now;
    quiet = 0;
}

ad_lookup_e ad_sql_lookup(request_rec *r, const ad_sql_t *q, const char *address,
                          const char *local, const char *domain, ad_user_t *u)
{
    ap_dbd_t *db = dbd_acquire ? dbd_acquire(r) : NULL;
    apr_dbd_prepared_t *stmt;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *args[AD_SQL_MAX_PARAMS];
    int i, rv, rows = 0;

    if (!db) {
        log_failure(r, 0, "no database connection (see mod_dbd's message)");
        return AD_LOOKUP_FAILED;
    }
    stmt = apr_hash_get(db->prepared, q->label, APR_HASH_KEY_STRING);
    if (!stmt) {
        log_failure(r, 0, "the query was not prepared: is the DBDriver of "
                    "this virtual host the one the query was written for?");
        return AD_LOOKUP_FAILED;
    }
    for (i = 0; i < q->nparams; i++)
        args[i] = q->param[i] == AD_PARAM_ADDRESS ? address
                : q->param[i] == AD_PARAM_LOCALPART ? local : domain;
    rv = apr_dbd_pselect(db->driver, r->pool, db->handle, &res, stmt, 0,
                         q->nparams, args);
    if (rv != 0) {
        log_failure(r, 0, apr_psprintf(r->pool, "query failed: %s",
                                       apr_dbd_error(db->driver, db->handle, rv)));
        return AD_LOOKUP_FAILED;
    }
    /* Read every row, so that the connection is ready for the next query;
     * the first one answers. */
    while (apr_dbd_get_row(db->driver, r->pool, res, &row, -1) == 0) {
        if (rows++ == 0) {
            int cols = apr_dbd_num_cols(db->driver, res);
            for (i = 0; i < cols; i++) {
                const char *name = apr_dbd_get_name(db->driver, res, i);
                const char *value = apr_dbd_get_entry(db->driver, row, i);
                int f = name ? ad_user_field(name) : -1;
                if (f >= 0 && value && *value)
                    u->value[f] = apr_pstrdup(r->pool, value);
            }
        }
    }
    if (rows > 1)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77063)
                      "SQL directory: %d rows for %s, the first one answers",
                      rows, address);
    return rows ? AD_LOOKUP_FOUND : AD_LOOKUP_UNKNOWN;
}
