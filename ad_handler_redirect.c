/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The HTTP redirect vhost (layout 3): every path under /autodiscover/,
 * given to this handler by ad_fixups() where AutodiscoverHTTPRedirect
 * applies, is answered 302 to the same path on the https service.
 */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "http_protocol.h"
#include "http_request.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_handler.h"
#include "ad_counters.h"
#include "ad_request.h"

APLOG_USE_MODULE(autodiscover);

int ad_redirect_handler(request_rec *r)
{
    ad_dir_conf_t *c;
    const char *origin, *path, *location;
    char *lower;
    int rv;

    if (!r->handler || strcmp(r->handler, AD_HANDLER_REDIRECT) != 0)
        return DECLINED;
    c = ap_get_module_config(r->per_dir_config, &autodiscover_module);
    ap_allow_standard_methods(r, REPLACE_ALLOW, M_GET, M_POST, -1);
    ad_no_store(r);
    ad_count_family(r, AD_FAM_HTTP_REDIRECT);
    if (r->method_number != M_GET && r->method_number != M_POST)
        return HTTP_METHOD_NOT_ALLOWED;
    origin = ad_conf_http_redirect_origin(c);
    if (!origin)
        return DECLINED;            /* refused by check_config; never reached */
    if ((rv = ap_discard_request_body(r)) != OK)
        return rv;

    /* Same endpoint, lower-case path: some clients match it case-sensitively. */
    lower = apr_pstrdup(r->pool, r->uri);
    ap_str_tolower(lower);
    path = ap_escape_uri(r->pool, lower);
    location = apr_pstrcat(r->pool, origin, path, r->args ? "?" : "",
                           r->args ? r->args : "", NULL);
    ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77030)
                  "redirecting %s to %s", r->uri, location);
    apr_table_setn(r->headers_out, "Location", location);
    return HTTP_MOVED_TEMPORARILY;
}

