/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * mod_autodiscover: the module's entry. The command table, made from the
 * rows of AD_DIRECTIVES (include/ad_directives.h), and the hooks in the
 * order a request meets them. The work is done in ad_config*.c and
 * ad_startup.c (configuration and start-up), ad_claim.c (claiming URLs),
 * ad_handler_*.c (one content handler per endpoint: parse, decide,
 * render) and the httpd-free files they call (ad_parse_*.c, ad_profile.c,
 * ad_render_*.c).
 */
#include "httpd.h"
#include "http_config.h"
#include "http_request.h"
#include "http_protocol.h"
#include "ap_mmn.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_directives.h"
#include "ad_config_check.h"
#include "ad_startup.h"
#include "ad_handler.h"
#include "ad_claim.h"
#include "ad_user_cache.h"
#include "ad_signed_cache.h"
#include "ad_counters.h"
#include "ad_scope_cache.h"

#if !AP_MODULE_MAGIC_AT_LEAST(20120211, 0)
#error "mod_autodiscover needs Apache httpd 2.4"
#endif

/* Where a directive may appear (the rows' "where"). */
#define AD_WHERE_ANY    (RSRC_CONF | ACCESS_CONF)
#define AD_WHERE_SERVER RSRC_CONF

/* The setters' prototypes and the command table, from the rows of
 * AD_DIRECTIVES (include/ad_directives.h). */
AD_DIRECTIVES(AD_SETTER_DECLARE)
#define AD_COMMAND(kind, name, fn, data, where, help) \
    AP_INIT_##kind(name, fn, data, AD_WHERE_##where, help),
static const command_rec ad_cmds[] = {
    AD_DIRECTIVES(AD_COMMAND)
    { NULL }
};

static void ad_register_hooks(apr_pool_t *p)
{
    /* The directory and signed-profile caches' mutexes, made in post_config,
     * kept per child. */
    ap_hook_pre_config(ad_cache_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(ad_cache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_pre_config(ad_signed_cache_pre_config, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_child_init(ad_signed_cache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* The answers of scopes merged per request: a table per process. */
    ap_hook_child_init(ad_scope_cache_child_init, NULL, NULL, APR_HOOK_MIDDLE);
    /* Refuse cross-directive mistakes under "apachectl -t" already. */
    ap_hook_check_config(ad_check_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* Precompile responses; per-server values; libxml2 initialisation. */
    ap_hook_post_config(ad_post_config, NULL, NULL, APR_HOOK_MIDDLE);
    /* One spelling of every URL it answers, before access control. */
    ap_hook_translate_name(ad_translate_name, NULL, NULL, APR_HOOK_REALLY_FIRST);
    /* Advertise SOAP Autodiscover, on the 401 of an authenticated scope too. */
    ap_hook_header_parser(ad_header_parser, NULL, NULL, APR_HOOK_MIDDLE);
    /* Claim autodiscover URLs once the scope's configuration is merged. */
    ap_hook_fixups(ad_fixups, NULL, NULL, APR_HOOK_MIDDLE);
    /* The responses. */
    ap_hook_handler(ad_redirect_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_pox_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_autoconfig_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_json_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_soap_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_mobileconfig_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_status_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_metrics_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_dav_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_pacc_handler, NULL, NULL, APR_HOOK_MIDDLE);
    ap_hook_handler(ad_setup_handler, NULL, NULL, APR_HOOK_MIDDLE);
    /* Count each answer per client family and outcome. */
    ap_hook_log_transaction(ad_counters_log_transaction, NULL, NULL, APR_HOOK_MIDDLE);
}

AP_DECLARE_MODULE(autodiscover) = {
    STANDARD20_MODULE_STUFF,
    ad_create_dir_conf,         /* per-scope configuration */
    ad_merge_dir_conf,          /* merge server -> vhost -> location */
    ad_create_srv_conf,         /* per-server values computed at start-up */
    NULL,                       /* server merge: each vhost computes its own */
    ad_cmds,                    /* directive table */
    ad_register_hooks,
    AP_MODULE_FLAG_ALWAYS_MERGE /* every vhost gets its own server config */
};
