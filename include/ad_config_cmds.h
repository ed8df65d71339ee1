/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The directive setters (ad_config_cmds.c), one per directive of the
 * command table in mod_autodiscover.c. */
#ifndef AD_CONFIG_CMDS_H
#define AD_CONFIG_CMDS_H

#include "httpd.h"
#include "http_config.h"

const char *ad_cmd_enable(cmd_parms *cmd, void *dc, int on);
const char *ad_cmd_domains(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_foreign(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_server(cmd_parms *cmd, void *dc, int argc, char *const argv[]);
const char *ad_cmd_service_url(cmd_parms *cmd, void *dc, const char *svc,
                               const char *url);
const char *ad_cmd_outlook_anywhere(cmd_parms *cmd, void *dc, const char *host,
                                    const char *auth);
const char *ad_cmd_owa_auth(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_server_version(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_service_uri(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_redirect_addr(cmd_parms *cmd, void *dc, const char *domain,
                                 const char *target);
const char *ad_cmd_redirect_url(cmd_parms *cmd, void *dc, const char *domain,
                                const char *a2, const char *a3);
const char *ad_cmd_http_redirect(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_display_name(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_culture(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_owner(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_max_body(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_profile_signer(cmd_parms *cmd, void *dc, const char *cert,
                                  const char *key, const char *chain);
const char *ad_cmd_profile_cache(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_sql_query(cmd_parms *cmd, void *dc, int argc, char *const argv[]);
const char *ad_cmd_unknown_user(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_dir_failure(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_dir_cache(cmd_parms *cmd, void *dc, const char *arg);
const char *ad_cmd_ldap_url(cmd_parms *cmd, void *dc, const char *url,
                            const char *binddn, const char *password);
const char *ad_cmd_ldap_attribute(cmd_parms *cmd, void *dc, const char *field,
                                  const char *attribute);
const char *ad_cmd_dir_cache_time(cmd_parms *cmd, void *dc, const char *found,
                                  const char *unknown);
const char *ad_cmd_public_directory(cmd_parms *cmd, void *dc, int on);
const char *ad_cmd_dav(cmd_parms *cmd, void *dc, int argc, char *const argv[]);
const char *ad_cmd_oauth2(cmd_parms *cmd, void *dc, int argc, char *const argv[]);
const char *ad_cmd_provider(cmd_parms *cmd, void *dc, const char *name,
                            const char *short_name);
const char *ad_cmd_documentation(cmd_parms *cmd, void *dc, const char *url);
const char *ad_cmd_ttl(cmd_parms *cmd, void *dc, const char *hours);
const char *ad_cmd_v2(cmd_parms *cmd, void *dc, int on);
const char *ad_cmd_setup_text(cmd_parms *cmd, void *dc, const char *key,
                              const char *text);
const char *ad_cmd_setup_logo(cmd_parms *cmd, void *dc, const char *file,
                              const char *alt);
const char *ad_cmd_setup_help(cmd_parms *cmd, void *dc, const char *text);

#endif
