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
#include "mod_autodiscover.h"
#include "ad_config.h"

const char ad_off[1];

/* ------------------------------------------------------- create and merge */

#define CREATE_NUM(field) c->field = AD_UNSET;
#define CREATE_PTR(field) c->field = NULL;
#define CREATE(kind, type, field, dflt, merge, directive, stated) CREATE_##kind(field)

void *ad_create_dir_conf(apr_pool_t *p, char *dir)
{
    ad_dir_conf_t *c = apr_palloc(p, sizeof(*c));

    AD_DIR_FIELDS(CREATE)
    c->profile = apr_pcalloc(p, sizeof(ad_profile_t));
    return c;
}

#define IS_SET_NUM(v) ((v) != AD_UNSET)
#define IS_SET_PTR(v) ((v) != NULL)
#define MERGE_INNER(kind, field) \
    m->field = IS_SET_##kind(add->field) ? add->field : base->field;
#define MERGE_OVERLAY(kind, field) \
    m->field = add->field && base->field ? apr_hash_overlay(p, add->field, base->field) \
             : add->field ? add->field : base->field;
#define MERGE_PROFILE(kind, field) m->field = ad_profile_merge(p, base->field, add->field);
#define MERGE_SETUP(kind, field) m->field = ad_setup_conf_merge(p, base->field, add->field);
#define MERGE(kind, type, field, dflt, merge, directive, stated) MERGE_##merge(kind, field)

/* Every field by its row's rule: a field cannot be left out. */
void *ad_merge_dir_conf(apr_pool_t *p, void *basev, void *addv)
{
    const ad_dir_conf_t *base = basev, *add = addv;
    ad_dir_conf_t *m = apr_palloc(p, sizeof(*m));

    AD_DIR_FIELDS(MERGE)
    return m;
}

const char *ad_conf_service_uri(const ad_dir_conf_t *c)
{
    const ad_service_uri_t *u = ad_conf_service(c);

    return u ? u->uri : NULL;
}

const char *ad_conf_service_origin(const ad_dir_conf_t *c)
{
    const ad_service_uri_t *u = ad_conf_service(c);

    return u ? u->origin : NULL;
}

const char *ad_conf_http_redirect_origin(const ad_dir_conf_t *c)
{
    const char *target = ad_conf_http_redirect(c);

    if (!target)
        return NULL;
    return *target ? target : ad_conf_service_origin(c);
}

void *ad_create_srv_conf(apr_pool_t *p, server_rec *s)
{
    return apr_pcalloc(p, sizeof(ad_srv_conf_t));
}

