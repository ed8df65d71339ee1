/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The profile (see include/ad_profile.h): merged across scopes, field by
 * field from the innermost scope that set it, and compiled into every
 * format's answer by that format's renderer (ad_render_*.c), once per
 * scope at start-up.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ad_profile.h"
#include "ad_pox.h"
#include "ad_autoconfig.h"
#include "ad_soap.h"
#include "ad_mobileconfig.h"
#include "ad_pacc.h"

/* ---------------------------------------------------------------- merging */

/* The configuration-time profiles prof was made of, appended to k. */
static void key_add(ad_profile_key_t *k, const ad_profile_t *prof)
{
    int i;

    if (k->n < 0)
        return;
    if (!prof->key) {
        if (k->n == AD_PROFILE_KEY_MAX)
            k->n = -1;
        else
            k->scope[k->n++] = prof;
        return;
    }
    if (prof->key->n < 0 || k->n + prof->key->n > AD_PROFILE_KEY_MAX) {
        k->n = -1;
        return;
    }
    for (i = 0; i < prof->key->n; i++)
        k->scope[k->n++] = prof->key->scope[i];
}

int ad_profile_key(const ad_profile_t *prof, const void *scope[AD_PROFILE_KEY_MAX])
{
    int i;

    if (!prof->key) {
        scope[0] = prof;
        return 1;
    }
    for (i = 0; i < prof->key->n; i++)
        scope[i] = prof->key->scope[i];
    return prof->key->n > 0 ? prof->key->n : 0;
}

/* Each pointer of a field (one, or each of its array's) from the
 * innermost scope that set it. */
#define PICK_EACH(type, field, dims) \
    for (i = 0; i < sizeof(m->field) / sizeof(void *); i++) \
        ((void **)&m->field)[i] = ((void *const *)&add->field)[i] \
            ? ((void *const *)&add->field)[i] : ((void *const *)&base->field)[i];

ad_profile_t *ad_profile_merge(apr_pool_t *p, const ad_profile_t *base,
                               const ad_profile_t *add)
{
    ad_profile_t *m;
    ad_profile_key_t *k;
    apr_size_t i;

    /* The common cases share the compiled profile of one side. */
    if (!add->set)
        return (ad_profile_t *)base;
    if (!base->set)
        return (ad_profile_t *)add;

    m = apr_pcalloc(p, sizeof(*m));
    m->set = 1;
    /* Field by field, the innermost set one wins: so merging base's
     * profiles then add's is merging them all in that order, and the list
     * names the result (add itself may be a merge: httpd merges the
     * <Location>s that match among themselves first). */
    m->key = k = apr_pcalloc(p, sizeof(*k));
    key_add(k, base);
    key_add(k, add);
    AD_PROFILE_FIELDS(PICK_EACH)
    /* Not compiled here: a vhost's merge is compiled once at start-up
     * (ad_profile_compile_kept), a request's by ad_compiled_profile(). */
    return m;
}

/* ------------------------------------------------------------- compiling */

int ad_profile_is_empty(const ad_profile_t *prof)
{
    int s;

    if ((prof->servers && prof->servers->nelts) || prof->oa_host
        || prof->dav[AD_DAV_CALDAV] || prof->dav[AD_DAV_CARDDAV])
        return 0;
    for (s = 0; s < AD_SVC_COUNT; s++) {
        if (prof->url[s][AD_INTERNAL] || prof->url[s][AD_EXTERNAL])
            return 0;
    }
    return 1;
}

void ad_profile_compile_formats(apr_pool_t *p, ad_profile_t *prof, unsigned formats)
{
    prof->compiled_outlook = formats & AD_FMT_OUTLOOK ? ad_pox_compile(p, prof, AD_SCHEMA_OUTLOOK) : NULL;
    prof->compiled_mobilesync = formats & AD_FMT_MOBILESYNC ? ad_pox_compile(p, prof, AD_SCHEMA_MOBILESYNC) : NULL;
    prof->compiled_autoconfig = formats & AD_FMT_AUTOCONFIG ? ad_autoconfig_compile(p, prof) : NULL;
    if (formats & AD_FMT_SOAP)
        ad_soap_compile(p, prof);
    else
        prof->compiled_soap = NULL;     /* never the scope's, for another user */
    prof->compiled_mobileconfig = formats & AD_FMT_MOBILECONFIG
                                  ? ad_mobileconfig_compile(p, prof, AD_APPLE_IOS) : NULL;
    prof->compiled_mobileconfig_mac = formats & AD_FMT_MOBILECONFIG
                                      ? ad_mobileconfig_compile(p, prof, AD_APPLE_MACOS) : NULL;
    prof->compiled_pacc = formats & AD_FMT_PACC ? ad_pacc_compile(p, prof) : NULL;
    prof->compiled = formats == AD_FMT_ALL;
}

void ad_profile_compile(apr_pool_t *p, ad_profile_t *prof)
{
    ad_profile_compile_formats(p, prof, AD_FMT_ALL);
}

/* Compiling leaves behind the pieces the answers were built from, several
 * times their size: build them in scratch, keep only copies. */
void ad_profile_compile_kept(apr_pool_t *p, apr_pool_t *scratch, ad_profile_t *prof)
{
    ad_profile_compile_formats(scratch, prof, AD_FMT_ALL);
    ad_profile_keep(p, prof);
    apr_pool_clear(scratch);
}

void ad_profile_keep(apr_pool_t *p, ad_profile_t *prof)
{
    prof->compiled_outlook = ad_tmpl_copy(p, prof->compiled_outlook);
    prof->compiled_mobilesync = ad_tmpl_copy(p, prof->compiled_mobilesync);
    prof->compiled_autoconfig = ad_tmpl_copy(p, prof->compiled_autoconfig);
    ad_soap_copy(p, prof);
    /* Without ActiveSync and CardDAV, macOS's profile is iOS's: keep one. */
    if (ad_tmpl_equal(prof->compiled_mobileconfig, prof->compiled_mobileconfig_mac))
        prof->compiled_mobileconfig = prof->compiled_mobileconfig_mac
            = ad_tmpl_copy(p, prof->compiled_mobileconfig);
    else {
        prof->compiled_mobileconfig = ad_tmpl_copy(p, prof->compiled_mobileconfig);
        prof->compiled_mobileconfig_mac = ad_tmpl_copy(p, prof->compiled_mobileconfig_mac);
    }
    prof->compiled_pacc = ad_tmpl_copy(p, prof->compiled_pacc);
}

const char *ad_server_version_encode(apr_pool_t *p, const char *text)
{
    unsigned long major, minor, build;
    char *end;
    int i;

    if (strlen(text) == 8) {
        for (i = 0; i < 8 && apr_isxdigit(text[i]); i++)
            ;
        if (i == 8)
            return apr_pstrdup(p, text);
    }
    major = strtoul(text, &end, 10);
    if (end == text || *end != '.' || major > 63)
        return NULL;
    text = end + 1;
    minor = strtoul(text, &end, 10);
    if (end == text || *end != '.' || minor > 63)
        return NULL;
    text = end + 1;
    build = strtoul(text, &end, 10);
    if (end == text || (*end && *end != '.') || build > 32767)
        return NULL;
    /* 4 bits structure version (7), 6 bits major, 6 bits minor, 1 flag bit
     * (set), 15 bits build: 15.1.2176 -> 73C18880. */
    return apr_psprintf(p, "%08lX", (0x7UL << 28) | (major << 22)
                                    | (minor << 16) | 0x8000UL | build);
}

