/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Configuration as data: the per-scope configuration's fields, their
 * defaults and merge rules (include/ad_config.h), create and merge. The
 * setters are in ad_config_cmds.c, the rules that span directives in
 * ad_config_check.c, start-up in ad_startup.c.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "httpd.h"
#include "http_config.h"
#include "http_core.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"

APLOG_USE_MODULE(autodiscover);

/* ------------------------------------------------------- create and merge */

void *ad_create_dir_conf(apr_pool_t *p, char *dir)
{
    ad_dir_conf_t *c = apr_pcalloc(p, sizeof(*c));

    c->enabled = -1;
    c->any_domain = -1;
    c->foreign = -1;
    c->http_redirect = -1;
    c->max_body = -1;
    c->unknown_user = -1;
    c->dir_failure = -1;
    c->cache_time = -1;
    c->public_directory = -1;
    c->v2 = -1;
    c->profile = apr_pcalloc(p, sizeof(ad_profile_t));
    return c;
}

void *ad_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    ad_dir_conf_t *base = basev, *add = addv;
    ad_dir_conf_t *m = apr_palloc(p, sizeof(*m));

    m->enabled = add->enabled != -1 ? add->enabled : base->enabled;
    if (add->any_domain != -1) {
        m->any_domain = add->any_domain;
        m->domains = add->domains;
    }
    else {
        m->any_domain = base->any_domain;
        m->domains = base->domains;
    }
    m->foreign = add->foreign != -1 ? add->foreign : base->foreign;
    if (add->service_uri) {
        m->service_uri = add->service_uri;
        m->service_origin = add->service_origin;
    }
    else {
        m->service_uri = base->service_uri;
        m->service_origin = base->service_origin;
    }
    if (add->http_redirect != -1) {
        m->http_redirect = add->http_redirect;
        m->http_redirect_origin = add->http_redirect_origin;
    }
    else {
        m->http_redirect = base->http_redirect;
        m->http_redirect_origin = base->http_redirect_origin;
    }
    if (add->redirects && base->redirects)
        m->redirects = apr_hash_overlay(p, add->redirects, base->redirects);
    else
        m->redirects = add->redirects ? add->redirects : base->redirects;
    if (add->owner_set) {
        m->owner_set = 1;
        m->owner = add->owner;
    }
    else {
        m->owner_set = base->owner_set;
        m->owner = base->owner;
    }
    m->max_body = add->max_body != -1 ? add->max_body : base->max_body;
    if (add->signer_set) {
        m->signer_set = 1;
        m->signer = add->signer;
    }
    else {
        m->signer_set = base->signer_set;
        m->signer = base->signer;
    }
    if (add->sql_set) {
        m->sql_set = 1;
        m->sql = add->sql;
    }
    else {
        m->sql_set = base->sql_set;
        m->sql = base->sql;
    }
    if (add->ldap_set) {
        m->ldap_set = 1;
        m->ldap = add->ldap;
    }
    else {
        m->ldap_set = base->ldap_set;
        m->ldap = base->ldap;
    }
    m->unknown_user = add->unknown_user != -1 ? add->unknown_user : base->unknown_user;
    m->dir_failure = add->dir_failure != -1 ? add->dir_failure : base->dir_failure;
    m->cache_time = add->cache_time != -1 ? add->cache_time : base->cache_time;
    m->public_directory = add->public_directory != -1 ? add->public_directory
                                                      : base->public_directory;
    m->v2 = add->v2 != -1 ? add->v2 : base->v2;
    m->profile = ad_profile_merge(p, base->profile, add->profile);
    m->setup = ad_setup_conf_merge(p, base->setup, add->setup);
    return m;
}

void *ad_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    return apr_pcalloc(p, sizeof(ad_srv_conf_t));
}

