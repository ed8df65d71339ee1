/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The one decision every endpoint renders (see include/ad_decide.h). */
#include <string.h>
#include <apr_strings.h>
#include "httpd.h"
#include "http_config.h"
#include "http_log.h"
#include "mod_autodiscover.h"
#include "ad_config.h"
#include "ad_decide.h"
#include "ad_request.h"
#include "ad_user.h"
#include "ad_counters.h"

APLOG_USE_MODULE(autodiscover);

static const char *const audience_names[] = {
    "a stranger", "an authenticated user", "the owner", "another user"
};

const char *ad_audience_name(ad_audience_e who)
{
    return audience_names[who];
}

ad_audience_e ad_audience(request_rec *r, const ad_dir_conf_t *c, const ad_vars_t *v)
{
    if (!r->user)
        return AD_AUDIENCE_STRANGER;
    if (!ad_conf_owner(c))
        return AD_AUDIENCE_TRUSTED;
    return strcasecmp(r->user, ad_tmpl_expand_raw(r->pool, ad_conf_owner(c), v)) == 0
        ? AD_AUDIENCE_OWNER : AD_AUDIENCE_OTHER;
}

/* POX, MobileSync and SOAP answer only the owner where an owner is set. */
static int owner_checked(ad_endpoint_e ep)
{
    return ep == AD_EP_POX || ep == AD_EP_SOAP;
}

static void verdict(request_rec *r, ad_verdict_t *out, ad_verdict_e kind,
                    const char *target)
{
    static const ad_outcome_e outcome[] = {
        [AD_VERDICT_SETTINGS] = AD_OUT_SETTINGS,
        [AD_VERDICT_NOT_OWNER] = AD_OUT_ERROR,
        [AD_VERDICT_FOREIGN] = AD_OUT_ERROR,
        [AD_VERDICT_REDIRECT_ADDR] = AD_OUT_REDIRECT,
        [AD_VERDICT_REDIRECT_URL] = AD_OUT_REDIRECT,
        [AD_VERDICT_UNKNOWN] = AD_OUT_UNKNOWN,
        [AD_VERDICT_UNAVAILABLE] = AD_OUT_UNAVAILABLE,
    };
    out->kind = kind;
    out->target = target;
    ad_count_outcome(r, outcome[kind]);
}

/* A directory's fields laid over the answer, or its redirect. Returns 1
 * when the verdict is final. */
static int apply_entry(request_rec *r, const char *address, const ad_user_t *u,
                       unsigned formats, ad_verdict_t *out)
{
    const char *target;
    int is_url;

    if (ad_user_redirect(r, u, address, &target, &is_url)) {
        verdict(r, out, is_url ? AD_VERDICT_REDIRECT_URL : AD_VERDICT_REDIRECT_ADDR,
                target);
        return 1;
    }
    out->prof = ad_user_profile(r->pool, out->prof, u, formats);
    return 0;
}

/* Domain-level: accepted domains, the configured redirects, a directory
 * keyed by the domain. Returns 1 when the verdict is final. */
static int decide_domain(request_rec *r, const ad_dir_conf_t *c, const char *local,
                         const char *domain, unsigned formats, ad_verdict_t *out)
{
    const ad_redirect_t *rd = ad_find_redirect(c, domain);
    ad_user_t u;

    if (!rd && !ad_domain_accepted(c, domain)) {
        verdict(r, out, AD_VERDICT_FOREIGN, NULL);
        return 1;
    }
    if (rd || (rd = ad_find_redirect(c, "*"))) {
        if (rd->kind == AD_REDIRECT_ADDR)
            verdict(r, out, AD_VERDICT_REDIRECT_ADDR,
                    apr_pstrcat(r->pool, local ? local : "", "@", rd->target, NULL));
        else {
            verdict(r, out, AD_VERDICT_REDIRECT_URL,
                    rd->target ? rd->target : ad_pox_url(r, c));
            out->http = rd->http;
        }
        return 1;
    }
    if (!ad_directory_has(c, AD_DIR_DOMAIN))
        return 0;
    switch (ad_directory_lookup(r, c, AD_DIR_DOMAIN, NULL, NULL, domain, &u)) {
    case AD_LOOKUP_UNKNOWN:
        verdict(r, out, AD_VERDICT_FOREIGN, NULL);
        return 1;
    case AD_LOOKUP_FAILED:
    case AD_LOOKUP_OVER_BUDGET:
        if (AD_DIR_FAILURE(c) != AD_DIR_FAILURE_ERROR)
            return 0;
        verdict(r, out, AD_VERDICT_UNAVAILABLE, NULL);
        return 1;
    case AD_LOOKUP_FOUND:
        break;
    }
    return apply_entry(r, NULL, &u, formats, out);
}

/* Per user: the directory answer. */
static void decide_user(request_rec *r, const ad_dir_conf_t *c, const ad_vars_t *v,
                        unsigned formats, ad_verdict_t *out)
{
    const char *address = v->value[AD_SEG_ADDRESS];
    ad_user_t u;

    out->personal = 1;
    switch (ad_directory_lookup(r, c, AD_DIR_USER, address, v->value[AD_SEG_LOCALPART],
                                v->value[AD_SEG_DOMAIN], &u)) {
    case AD_LOOKUP_OVER_BUDGET:
        verdict(r, out, AD_VERDICT_UNAVAILABLE, NULL);
        return;
    case AD_LOOKUP_FAILED:
        if (AD_DIR_FAILURE(c) == AD_DIR_FAILURE_ERROR)
            verdict(r, out, AD_VERDICT_UNAVAILABLE, NULL);
        return;
    case AD_LOOKUP_UNKNOWN:
        ap_log_rerror(APLOG_MARK, APLOG_DEBUG, 0, r, APLOGNO(77066)
                      "directory: no user %s", address);
        if (AD_UNKNOWN_USER(c) == AD_UNKNOWN_ERROR)
            verdict(r, out, AD_VERDICT_UNKNOWN, NULL);
        return;
    case AD_LOOKUP_FOUND:
        apply_entry(r, address, &u, formats, out);
        return;
    }
}

/* An authenticated user asked for an address that is not theirs: a line
 * of its own, at warn so that httpd's default LogLevel keeps it, for
 * fail2ban (contrib/fail2ban/) and the like. Its text is stable. Strangers
 * get the not-owner answer too, but without credentials they are any
 * client's first try, not a misuse of an account. Once per request: a SOAP
 * request naming 100 addresses is one attempt, not 100. */
static void log_not_owner(request_rec *r, const char *address)
{
    if (apr_table_get(r->notes, "autodiscover-not-owner"))
        return;
    apr_table_setn(r->notes, "autodiscover-not-owner", "1");
    ap_log_rerror(APLOG_MARK, APLOG_WARNING, 0, r, APLOGNO(77220)
                  "owner check failed: user %s asked for %s, not an address of theirs",
                  r->user, address);
}

static const char *const verdict_names[] = {
    "settings", "not the owner", "domain not served", "moved to", "served by",
    "unknown user", "directory unavailable"
};

void ad_decide(request_rec *r, const ad_dir_conf_t *c, ad_endpoint_e ep,
               ad_audience_e who, const ad_vars_t *v, int per_user,
               unsigned formats, ad_verdict_t *out)
{
    const char *address = v->value[AD_SEG_ADDRESS];

    memset(out, 0, sizeof(*out));
    out->kind = AD_VERDICT_SETTINGS;
    out->prof = ad_compiled_profile(r, c);

    if (per_user && owner_checked(ep) && ad_conf_owner(c)
        && (who == AD_AUDIENCE_STRANGER || who == AD_AUDIENCE_OTHER)) {
        verdict(r, out, AD_VERDICT_NOT_OWNER, NULL);
        if (who == AD_AUDIENCE_OTHER)
            log_not_owner(r, address);
    }
    else if (!decide_domain(r, c, per_user ? v->value[AD_SEG_LOCALPART] : NULL,
                            v->value[AD_SEG_DOMAIN], formats, out)
             && per_user && ad_directory_has(c, AD_DIR_USER)
             && (who == AD_AUDIENCE_TRUSTED || who == AD_AUDIENCE_OWNER
                 || AD_PUBLIC_DIRECTORY(c)))
        decide_user(r, c, v, formats, out);

    ap_log_rerror(APLOG_MARK, out->kind == AD_VERDICT_SETTINGS ? APLOG_DEBUG : APLOG_INFO,
                  0, r, APLOGNO(77083) "%s for %s (%s): %s%s%s%s",
                  per_user ? address : v->value[AD_SEG_DOMAIN], ad_audience_name(who),
                  r->user ? r->user : "no credentials", verdict_names[out->kind],
                  out->target ? " " : "", out->target ? out->target : "",
                  out->kind == AD_VERDICT_SETTINGS
                      ? (out->personal ? ", directory answer" : ", plain answer") : "");
}
