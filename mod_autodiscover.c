/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * mod_autodiscover: the module's entry. The directive table and the hooks;
 * the work is done in ad_config.c (configuration), ad_handler.c (claiming
 * URLs), ad_handler_*.c (one content handler per endpoint) and the pure
 * protocol files they call (parsers and renderers).
 */
#include "httpd.h"
#include "http_config.h"
#include "http_request.h"
#include "http_protocol.h"
#include "ap_mmn.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_config_cmds.h"
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

#define SCOPE (RSRC_CONF | ACCESS_CONF)

static const command_rec ad_cmds[] = {
    AP_INIT_FLAG(AD_D_ENABLE, ad_cmd_enable, NULL, SCOPE,
        "On: answer every client family here (POX, v2 JSON, SOAP, autoconfig, Apple profiles)"),
    AP_INIT_ITERATE(AD_D_DOMAINS, ad_cmd_domains, NULL, SCOPE,
        "Mail domains answered: a list of domains, or 'any'"),
    AP_INIT_TAKE1(AD_D_FOREIGN, ad_cmd_foreign, NULL, SCOPE,
        "Answer for an address outside the accepted domains: error or notfound"),
    AP_INIT_TAKE_ARGV(AD_D_SERVER, ad_cmd_server, NULL, SCOPE,
        "IMAP|POP3|SMTP host[:port] [tls=implicit|starttls|none] [login=TEMPLATE] "
        "[spa=on|off] [auth=on|off] [domainrequired=on|off] [popauth=on|off] "
        "[smtplast=on|off]; repeat in the order clients should see them"),
    AP_INIT_TAKE2(AD_D_INTERNAL_URL, ad_cmd_service_url, NULL, SCOPE,
        "SERVICE URL: internal URL of EWS, OAB, OOF, UM, ECP, ActiveSync or OWA"),
    AP_INIT_TAKE2(AD_D_EXTERNAL_URL, ad_cmd_service_url, (void *)1, SCOPE,
        "SERVICE URL: external URL of EWS, OAB, OOF, UM, ECP, ActiveSync or OWA"),
    AP_INIT_TAKE12(AD_D_OUTLOOK_ANYWHERE, ad_cmd_outlook_anywhere, NULL, SCOPE,
        "HOST [AUTHPACKAGE]: Outlook Anywhere (EXPR) host and authentication"),
    AP_INIT_TAKE1(AD_D_OWA_AUTH, ad_cmd_owa_auth, NULL, SCOPE,
        "AuthenticationMethod of the OWA URLs, such as \"Basic, Fba\""),
    AP_INIT_TAKE1(AD_D_SERVER_VERSION, ad_cmd_server_version, NULL, SCOPE,
        "Exchange build announced as ServerVersion: 15.1.2176 or 73C18880"),
    AP_INIT_TAKE1(AD_D_SERVICE_URI, ad_cmd_service_uri, NULL, SCOPE,
        "This service's own autodiscover URL (AutoDiscoverServiceInternalUri)"),
    AP_INIT_TAKE2(AD_D_REDIRECT_ADDR, ad_cmd_redirect_addr, NULL, SCOPE,
        "DOMAIN NEWDOMAIN: addresses of DOMAIN have moved to NEWDOMAIN"),
    AP_INIT_TAKE123(AD_D_REDIRECT_URL, ad_cmd_redirect_url, NULL, SCOPE,
        "DOMAIN|* [https-URL] [xml|302]: DOMAIN is served by another autodiscover URL"),
    AP_INIT_TAKE1(AD_D_HTTP_REDIRECT, ad_cmd_http_redirect, NULL, SCOPE,
        "On|Off|https://host[:port]: answer every /autodiscover/ path with 302 to https"),
    AP_INIT_TAKE1(AD_D_DISPLAY_NAME, ad_cmd_display_name, NULL, SCOPE,
        "Display name template, such as \"%EMAILLOCALPART% at Example\""),
    AP_INIT_TAKE1(AD_D_CULTURE, ad_cmd_culture, NULL, SCOPE,
        "Culture of MobileSync answers, such as en:us"),
    AP_INIT_TAKE1(AD_D_OWNER, ad_cmd_owner, NULL, SCOPE,
        "Off, or the user name an address belongs to, such as %EMAILADDRESS%"),
    AP_INIT_TAKE1(AD_D_MAX_BODY, ad_cmd_max_body, NULL, SCOPE,
        "Largest request body accepted, in bytes (default 8192)"),
    AP_INIT_TAKE123(AD_D_PROFILE_SIGNER, ad_cmd_profile_signer, NULL, SCOPE,
        "CERTIFICATE [KEY [CHAIN]] (PEM files) that sign Apple profiles, or Off"),
    AP_INIT_TAKE1(AD_D_PROFILE_CACHE, ad_cmd_profile_cache, NULL, RSRC_CONF,
        "socache provider[:args] shared by every process for signed Apple profiles "
        "(default shmcb, 2 MiB), or Off"),
    AP_INIT_TAKE_ARGV(AD_D_SQL_QUERY, ad_cmd_sql_query, NULL, SCOPE,
        "\"SELECT ... %s ...\" [address|localpart|domain ...]: per-user fields "
        "from mod_dbd's database, by column name; or Off"),
    AP_INIT_TAKE13(AD_D_LDAP_URL, ad_cmd_ldap_url, NULL, SCOPE,
        "ldap://host[:port]/basedn?attribute?scope?filter [binddn password]: "
        "per-user fields from mod_ldap's directory; or Off"),
    AP_INIT_TAKE2(AD_D_LDAP_ATTRIBUTE, ad_cmd_ldap_attribute, NULL, SCOPE,
        "FIELD ATTRIBUTE: the LDAP attribute that gives a per-user field, such as "
        "display_name displayName"),
    AP_INIT_TAKE1(AD_D_UNKNOWN_USER, ad_cmd_unknown_user, NULL, SCOPE,
        "Answer for an address the directory does not know: settings (default) "
        "or error"),
    AP_INIT_TAKE1(AD_D_DIR_CACHE, ad_cmd_dir_cache, NULL, RSRC_CONF,
        "socache provider[:args] shared by every process for directory answers "
        "(default shmcb), or Off"),
    AP_INIT_TAKE12(AD_D_DIR_CACHE_TIME, ad_cmd_dir_cache_time, NULL, SCOPE,
        "Seconds a directory entry, found or unknown, is cached (default 300; "
        "0: not cached)"),
    AP_INIT_FLAG(AD_D_PUBLIC_DIR, ad_cmd_public_directory, NULL, SCOPE,
        "On: strangers get directory answers too, which makes mailboxes "
        "enumerable (default Off)"),
    AP_INIT_TAKE_ARGV(AD_D_CALDAV, ad_cmd_dav, NULL, SCOPE,
        "https-URL [login=TEMPLATE]: the CalDAV service's context, such as "
        "https://dav.example.com/dav/ (placeholders allowed)"),
    AP_INIT_TAKE_ARGV(AD_D_CARDDAV, ad_cmd_dav, (void *)1, SCOPE,
        "https-URL [login=TEMPLATE]: the CardDAV service's context, such as "
        "https://dav.example.com/dav/ (placeholders allowed)"),
    AP_INIT_TAKE_ARGV(AD_D_OAUTH2, ad_cmd_oauth2, NULL, SCOPE,
        "issuer=URL authorize=URL token=URL \"scope=SCOPE ...\" [client=ID]: "
        "OAuth2 for the servers here (AutodiscoverServer ... oauth2=off opts out)"),
    AP_INIT_TAKE12(AD_D_PROVIDER, ad_cmd_provider, NULL, SCOPE,
        "NAME [SHORTNAME]: the mail provider's name (up to 60 characters) and "
        "short name (up to 20), where a format carries them"),
    AP_INIT_TAKE1(AD_D_DOCUMENTATION, ad_cmd_documentation, NULL, SCOPE,
        "https URL of the provider's help page for mail settings"),
    AP_INIT_TAKE1(AD_D_TTL, ad_cmd_ttl, NULL, SCOPE,
        "Hours Outlook may keep a POX answer (TTL), 0 to 8760"),
    AP_INIT_FLAG(AD_D_V2, ad_cmd_v2, NULL, SCOPE,
        "Off: leave Autodiscover v2 (autodiscover.json) unanswered (404), so that "
        "Outlook sets up IMAP instead of looking for Exchange (default On)"),
    AP_INIT_TAKE1(AD_D_DIR_FAILURE, ad_cmd_dir_failure, NULL, SCOPE,
        "Answer while the directory cannot be asked: static (default) or error (503)"),
    AP_INIT_TAKE2(AD_D_SETUP_TEXT, ad_cmd_setup_text, NULL, SCOPE,
        "KEY \"TEXT\": replace one English text of the setup page "
        "(SetHandler autodiscover-setup), such as title \"Mail einrichten\""),
    AP_INIT_TAKE12(AD_D_SETUP_LOGO, ad_cmd_setup_logo, NULL, SCOPE,
        "FILE [ALT-TEXT]: the setup page's logo (PNG, JPEG, GIF, WebP or SVG, up to "
        "64 KiB, embedded in the page), or Off"),
    AP_INIT_TAKE1(AD_D_SETUP_HELP, ad_cmd_setup_help, NULL, SCOPE,
        "\"TEXT\": a paragraph of your own on the setup page (repeat for more)"),
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
