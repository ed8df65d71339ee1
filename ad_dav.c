/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * What every format derives from a configured URL: CalDAV and CardDAV
 * contexts become hosts, ports and paths (Apple profiles, DNS records),
 * stay URLs (autoconfig, PACC, POX), or a redirect (RFC 6764). And what
 * several formats ask of a profile's servers (the first of a type, OAuth2).
 * Pure APR.
 */
#include <stdlib.h>
#include <string.h>
#include <apr_strings.h>
#include "ad_pox.h"

const char *ad_dav_name(ad_dav_e kind)
{
    return kind == AD_DAV_CALDAV ? "CalDAV" : "CardDAV";
}

void ad_url_parts(apr_pool_t *p, const ad_tmpl_t *url, ad_url_parts_t *out)
{
    const char *s = strstr(url->source, "://");
    const char *end, *colon;

    s = s ? s + 3 : url->source;
    end = s + strcspn(s, "/?#");
    colon = memchr(s, ':', end - s);
    out->port = colon ? atoi(colon + 1) : 443;
    out->host = ad_tmpl_parse(p, apr_pstrmemdup(p, s, (colon ? colon : end) - s));
    out->path = ad_tmpl_parse(p, *end == '/' ? end : apr_pstrcat(p, "/", end, NULL));
}

int ad_server_oauth2(const ad_profile_t *prof, const ad_server_t *sv)
{
    return prof->oauth2 && sv->oauth2;
}

const char *ad_dav_domain_url(apr_pool_t *p, const ad_dav_t *dav, const char *domain)
{
    ad_vars_t v;

    if (!dav || ad_tmpl_per_user(dav->url))
        return NULL;
    ad_vars_set(&v, p, "", "", domain);
    return ad_tmpl_expand_raw(p, dav->url, &v);
}

const ad_server_t *ad_profile_first_server(const ad_profile_t *prof, ad_proto_e type)
{
    int i;

    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, ad_server_t *);
        if (sv->type == type)
            return sv;
    }
    return NULL;
}
