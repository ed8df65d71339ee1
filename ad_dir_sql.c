/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The SQL directory through mod_dbd. The query is prepared once, at
 * configuration time, under a label of its own; a request borrows one of
 * mod_dbd's pooled connections, runs the statement with the address (or its
 * parts) as parameters and reads the columns of the first row by name.
 * The label is numbered in configuration order, for mod_dbd only; the
 * cache knows the query by its identity (its text and parameters), which
 * is the same on every node.
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
#include "ad_directives.h"
#include "ad_dir_sql.h"

APLOG_USE_MODULE(autodiscover);

#define AD_SQL_MAX_PARAMS 3

typedef enum { AD_PARAM_ADDRESS = 0, AD_PARAM_LOCALPART, AD_PARAM_DOMAIN } ad_param_e;

struct ad_sql {
    const char *label;              /* mod_dbd's name for the statement */
    const char *identity;           /* the cache's: parameters and text */
    const char *query;
    int nparams;
    ad_param_e param[AD_SQL_MAX_PARAMS];
    ad_log_limit_t failures;        /* this process's log limit */
};

static APR_OPTIONAL_FN_TYPE(ap_dbd_acquire) *dbd_acquire;
static unsigned int statements;     /* queries prepared in this configuration */

int ad_sql_used(void)
{
    return statements > 0;
}

const char *ad_sql_identity(const ad_sql_t *q)
{
    return q->identity;
}

int ad_sql_per_domain(const ad_sql_t *q)
{
    int i;

    for (i = 0; i < q->nparams; i++)
        if (q->param[i] != AD_PARAM_DOMAIN)
            return 0;
    return 1;
}

/* "sql", the parameters' kinds and the text, one a line: two queries that
 * differ in any of them may answer differently. */
static const char *identity(apr_pool_t *p, const ad_sql_t *q)
{
    static const char *const kind[] = { "address", "localpart", "domain" };
    const char *id = "sql\n";
    int i;

    for (i = 0; i < q->nparams; i++)
        id = apr_pstrcat(p, id, i ? " " : "", kind[q->param[i]], NULL);
    return apr_pstrcat(p, id, "\n", q->query, NULL);
}

const char *ad_sql_configure(cmd_parms *cmd, int argc, char *const argv[],
                             ad_sql_t **out)
{
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
    q->identity = identity(cmd->pool, q);
    q->label = apr_psprintf(cmd->pool, "mod_autodiscover_%u", ++statements);
    dbd_prepare(cmd->server, q->query, q->label);
    *out = q;
    return NULL;
}

/* One line per query, process and 30 seconds while the directory is down. */
static void log_failure(request_rec *r, ad_sql_t *q, const char *what)
{
    unsigned int quiet;

    if (ad_log_limit_pass(&q->failures, &quiet))
        ap_log_rerror(APLOG_MARK, APLOG_ERR, 0, r, APLOGNO(77062)
                      "SQL directory unavailable: %s (%u more failures not logged "
                      "since the last line)", what, quiet);
}

/*
 * After the database server restarted, a pooled connection reconnects
 * (apr_dbd_check_conn resets it) but has lost the statements prepared on
 * it, and mod_dbd would keep it in its pool, failing forever. So after a
 * failed query: check the connection, prepare the statement again, and
 * let the caller retry once. When the statement still exists (the query
 * failed for another reason, such as a timeout), preparing fails: no retry.
 */
static apr_dbd_prepared_t *reprepare(request_rec *r, ap_dbd_t *db, const ad_sql_t *q)
{
    apr_dbd_prepared_t *stmt = NULL;
    int rv = apr_dbd_check_conn(db->driver, r->pool, db->handle);

    if (rv != APR_SUCCESS && rv != APR_ENOTIMPL)
        return NULL;
    if (apr_dbd_prepare(db->driver, db->pool, db->handle, q->query, q->label,
                        &stmt) != 0)
        return NULL;
    apr_hash_set(db->prepared, q->label, APR_HASH_KEY_STRING, stmt);
    ap_log_rerror(APLOG_MARK, APLOG_INFO, 0, r, APLOGNO(77068)
                  "SQL directory: the connection was renewed; query prepared again");
    return stmt;
}

ad_lookup_e ad_sql_lookup(request_rec *r, ad_sql_t *q, const char *address,
                          const char *local, const char *domain, ad_user_t *u)
{
    ap_dbd_t *db = dbd_acquire ? dbd_acquire(r) : NULL;
    apr_dbd_prepared_t *stmt;
    apr_dbd_results_t *res = NULL;
    apr_dbd_row_t *row = NULL;
    const char *args[AD_SQL_MAX_PARAMS];
    int i, rv, rows;

    if (!db) {
        log_failure(r, q, "no database connection (see mod_dbd's message)");
        return AD_LOOKUP_FAILED;
    }
    stmt = apr_hash_get(db->prepared, q->label, APR_HASH_KEY_STRING);
    if (!stmt) {
        log_failure(r, q, "the query was not prepared: is the DBDriver of "
                    "this virtual host the one the query was written for?");
        return AD_LOOKUP_FAILED;
    }
    for (i = 0; i < q->nparams; i++)
        args[i] = q->param[i] == AD_PARAM_ADDRESS ? address
                : q->param[i] == AD_PARAM_LOCALPART ? local : domain;
    /* Random access: the whole result at once, so that an error (such as
     * a statement timeout) shows here; sequential access would report it
     * as the end of the rows, an unknown user. */
    rv = apr_dbd_pselect(db->driver, r->pool, db->handle, &res, stmt, 1,
                         q->nparams, args);
    if (rv != 0) {
        const char *why = apr_pstrdup(r->pool, apr_dbd_error(db->driver, db->handle, rv));
        if ((stmt = reprepare(r, db, q)) != NULL) {
            rv = apr_dbd_pselect(db->driver, r->pool, db->handle, &res, stmt, 1,
                                 q->nparams, args);
            if (rv != 0)
                why = apr_dbd_error(db->driver, db->handle, rv);
        }
        if (rv != 0) {
            log_failure(r, q, apr_psprintf(r->pool, "query failed: %s", why));
            return AD_LOOKUP_FAILED;
        }
    }
    rows = apr_dbd_num_tuples(db->driver, res);
    if (rows > 0 && apr_dbd_get_row(db->driver, r->pool, res, &row, -1) == 0) {
        int cols = apr_dbd_num_cols(db->driver, res);
        for (i = 0; i < cols; i++) {
            const char *name = apr_dbd_get_name(db->driver, res, i);
            const char *value = apr_dbd_get_entry(db->driver, row, i);
            int f = name ? ad_user_field(name) : -1;
            if (f >= 0 && value && *value)
                u->value[f] = apr_pstrdup(r->pool, value);
        }
    }
    if (rows > 1)
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77063)
                      "SQL directory: %d rows for %s, the first one answers",
                      rows, address);
    return rows ? AD_LOOKUP_FOUND : AD_LOOKUP_UNKNOWN;
}
