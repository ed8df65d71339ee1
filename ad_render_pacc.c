/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * PACC documents (see include/ad_pacc.h). The document is compiled once per
 * scope; a request only fills in its domain. Its bytes must never change
 * for a configuration, as the TXT record clients check holds their hash:
 * compact JSON, keys in one fixed order, nothing from the request but the
 * domain.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_base64.h>
#include <openssl/evp.h>
#include "ad_pacc.h"

/* ------------------------------------------------------ what it can say */

/* The protocols' default ports with implicit TLS: the only ones PACC has. */
static const int default_port[] = { 993, 995, 465 };
static const char *const proto_name[] = { "IMAP", "POP3", "SMTP" };

#define ADDRESS "%EMAILADDRESS%"

/* Whether login is the address: PACC has no login field, so clients log
 * in with the address. */
static int login_is_address(const ad_tmpl_t *login)
{
    return !login || strcmp(login->source, ADDRESS) == 0;
}

static void because(apr_pool_t *p, const char **why, const char *reason)
{
    *why = *why ? apr_pstrcat(p, *why, "; ", reason, NULL) : reason;
}

/* Why PACC cannot describe sv; NULL when it can. */
static const char *server_why(apr_pool_t *p, const ad_server_t *sv)
{
    const char *why = NULL;

    if (sv->tls == AD_TLS_STARTTLS)
        because(p, &why, "STARTTLS");
    else if (sv->tls == AD_TLS_NONE)
        because(p, &why, "no TLS");
    else if (sv->port != default_port[sv->type])
        because(p, &why, apr_psprintf(p, "port %d", sv->port));
    if (sv->type == AD_PROTO_SMTP && !sv->auth)
        because(p, &why, "no authentication");
    if (ad_tmpl_per_user(sv->host))
        because(p, &why, "the host names the user");
    if (!login_is_address(sv->login))
        because(p, &why, apr_pstrcat(p, "login ", sv->login->source, NULL));
    return why;
}

/* Why PACC cannot describe a DAV service; NULL when it can. */
static const char *dav_why(apr_pool_t *p, const ad_dav_t *dav)
{
    const char *why = NULL;
    ad_url_parts_t parts;

    ad_url_parts(p, dav->url, &parts);
    if (!ad_dav_domain_url(p, dav, "example.com"))
        because(p, &why, "the URL names the user");
    if (parts.port != 443)
        because(p, &why, apr_psprintf(p, "port %d", parts.port));
    if (!login_is_address(dav->login))
        because(p, &why, apr_pstrcat(p, "login ", dav->login->source, NULL));
    return why;
}

/* What the document says: the first describable server of each kind, the
 * DAV services it can describe, and whether OAuth2 is for all of them. */
typedef struct {
    const ad_server_t *first[3];        /* by ad_proto_e */
    const ad_dav_t *dav[AD_DAV_COUNT];
    const ad_server_t *no_oauth2;       /* a described server without it */
} described_t;

static void describe(apr_pool_t *p, const ad_profile_t *prof, described_t *d)
{
    int i;

    memset(d, 0, sizeof(*d));
    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, const ad_server_t *);
        if (!d->first[sv->type] && !server_why(p, sv)) {
            d->first[sv->type] = sv;
            if (prof->oauth2 && !ad_server_oauth2(prof, sv) && !d->no_oauth2)
                d->no_oauth2 = sv;
        }
    }
    for (i = 0; i < AD_DAV_COUNT; i++)
        if (prof->dav[i] && !dav_why(p, prof->dav[i]))
            d->dav[i] = prof->dav[i];
}

static const char *none_why(const described_t *d)
{
    if (!d->first[AD_PROTO_IMAP] && !d->first[AD_PROTO_POP3])
        return "no IMAP or POP3 server it can describe";
    if (!d->first[AD_PROTO_SMTP])
        return "no SMTP server it can describe";
    return NULL;
}

/* ------------------------------------------------------------ compiling */

/* s as a JSON string, quotes included. */
static void add_string(ad_tmpl_t *f, const char *s)
{
    ad_buf_t b;

    ad_buf_init(&b, f->segs->pool, strlen(s) + 8);
    ad_buf_adds(&b, "\"");
    ad_buf_add_json(&b, s, strlen(s));
    ad_buf_adds(&b, "\"");
    ad_tmpl_add_markup(f, b.data);
}

/* A template as a JSON string: its literals escaped, %EMAILDOMAIN% a hole
 * (the only placeholder a per-domain document keeps; describe() took only
 * templates without the others). */
static void add_template(ad_tmpl_t *f, const ad_tmpl_t *t)
{
    ad_buf_t b;
    int i;

    ad_tmpl_add_markup(f, "\"");
    for (i = 0; i < t->segs->nelts; i++) {
        const ad_seg_t *seg = &APR_ARRAY_IDX(t->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL) {
            ad_buf_init(&b, f->segs->pool, seg->len + 8);
            ad_buf_add_json(&b, seg->text, seg->len);
            ad_tmpl_add_markup(f, b.data);
        }
        else if (seg->kind == AD_SEG_DOMAIN)
            ad_tmpl_add_hole(f, AD_SEG_DOMAIN);
    }
    ad_tmpl_add_markup(f, "\"");
}

/* "key":{"field":TEMPLATE}, after a comma unless it is the first member. */
static void add_member(ad_tmpl_t *f, int *first, const char *key, const char *field,
                       const ad_tmpl_t *value)
{
    ad_tmpl_add_markup(f, apr_psprintf(f->segs->pool, "%s\"%s\":{\"%s\":",
                                       *first ? "" : ",", key, field));
    add_template(f, value);
    ad_tmpl_add_markup(f, "}");
    *first = 0;
}

static void add_protocols(ad_tmpl_t *f, const described_t *d)
{
    static const char *const dav_key[AD_DAV_COUNT] = { "caldav", "carddav" };
    int first = 1, k;

    ad_tmpl_add_markup(f, "\"protocols\":{");
    if (d->first[AD_PROTO_IMAP])
        add_member(f, &first, "imap", "host", d->first[AD_PROTO_IMAP]->host);
    if (d->first[AD_PROTO_POP3])
        add_member(f, &first, "pop3", "host", d->first[AD_PROTO_POP3]->host);
    /* Submission under both names, with the same host: -02 clients
     * (pimconf) and Stalwart read "smtp", -03 (automx) renamed it
     * "submit". Every implementation ignores keys it does not know, so
     * each reads its own and skips the other; one name alone would leave
     * half of them without an outgoing server. */
    add_member(f, &first, "smtp", "host", d->first[AD_PROTO_SMTP]->host);
    add_member(f, &first, "submit", "host", d->first[AD_PROTO_SMTP]->host);
    for (k = 0; k < AD_DAV_COUNT; k++)
        if (d->dav[k])
            add_member(f, &first, dav_key[k], "url", d->dav[k]->url);
    ad_tmpl_add_markup(f, "}");
}

static void add_authentication(ad_tmpl_t *f, const ad_profile_t *prof, const described_t *d)
{
    ad_tmpl_add_markup(f, ",\"authentication\":{");
    if (prof->oauth2 && !d->no_oauth2) {
        ad_tmpl_add_markup(f, "\"oauth-public\":{\"issuer\":");
        add_string(f, prof->oauth2->issuer);
        ad_tmpl_add_markup(f, "},");
    }
    ad_tmpl_add_markup(f, "\"password\":true}");
}

static void add_info(apr_pool_t *p, ad_tmpl_t *f, const ad_profile_t *prof)
{
    ad_tmpl_add_markup(f, ",\"info\":{\"provider\":{\"name\":");
    if (ad_profile_provider_name(prof))
        add_string(f, ad_profile_provider_name(prof));
    else
        add_template(f, ad_tmpl_parse(p, "%EMAILDOMAIN%"));
    if (ad_profile_provider_short(prof)) {
        ad_tmpl_add_markup(f, ",\"shortName\":");
        add_string(f, ad_profile_provider_short(prof));
    }
    ad_tmpl_add_markup(f, "}");
    if (prof->documentation_url) {
        ad_tmpl_add_markup(f, ",\"help\":{\"documentation\":");
        add_string(f, prof->documentation_url);
        ad_tmpl_add_markup(f, "}");
    }
    ad_tmpl_add_markup(f, "}");
}

ad_tmpl_t *ad_pacc_compile(apr_pool_t *p, const ad_profile_t *prof)
{
    described_t d;
    ad_tmpl_t *f;

    describe(p, prof, &d);
    if (none_why(&d))
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f, "{");
    add_protocols(f, &d);
    add_authentication(f, prof, &d);
    add_info(p, f, prof);
    ad_tmpl_add_markup(f, "}");
    return f;
}

const char *ad_pacc_none(apr_pool_t *p, const ad_profile_t *prof)
{
    described_t d;

    describe(p, prof, &d);
    return none_why(&d);
}

/* ------------------------------------------------------------- left out */

apr_array_header_t *ad_pacc_left_out(apr_pool_t *p, const ad_profile_t *prof)
{
    apr_array_header_t *out = apr_array_make(p, 4, sizeof(const char *));
    described_t d;
    const char *why;
    int i;

    describe(p, prof, &d);
    for (i = 0; prof->servers && i < prof->servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(prof->servers, i, const ad_server_t *);
        if ((why = server_why(p, sv)))
            APR_ARRAY_PUSH(out, const char *) = apr_psprintf(p, "%s %s:%d (%s)",
                proto_name[sv->type], sv->host->source, sv->port, why);
    }
    for (i = 0; i < AD_DAV_COUNT; i++)
        if (prof->dav[i] && (why = dav_why(p, prof->dav[i])))
            APR_ARRAY_PUSH(out, const char *) = apr_psprintf(p, "%s %s (%s)",
                ad_dav_name(i), prof->dav[i]->url->source, why);
    /* One issuer for every service: not offered when a server it names
     * takes no OAuth2 (clients would try it there too). */
    if (d.no_oauth2)
        APR_ARRAY_PUSH(out, const char *) = apr_psprintf(p, "OAuth2 (%s %s:%d takes none)",
            proto_name[d.no_oauth2->type], d.no_oauth2->host->source, d.no_oauth2->port);
    return out;
}

/* ----------------------------------------------------------- a request */

const char *ad_pacc_document(apr_pool_t *p, const ad_tmpl_t *compiled,
                             const char *domain, apr_size_t *len)
{
    ad_buf_t b;
    int i;

    ad_buf_init(&b, p, compiled->literal_len + 8 * strlen(domain) + 1);
    for (i = 0; i < compiled->segs->nelts; i++) {
        const ad_seg_t *seg = &APR_ARRAY_IDX(compiled->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL)
            ad_buf_add(&b, seg->text, seg->len);
        else
            ad_buf_add_json(&b, domain, strlen(domain));
    }
    *len = b.len;
    return b.data;
}

const char *ad_pacc_txt(apr_pool_t *p, const char *doc, apr_size_t len)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    char *b64;

    if (!EVP_Digest(doc, len, md, &mdlen, EVP_sha256(), NULL))
        return NULL;
    b64 = apr_palloc(p, apr_base64_encode_len((int)mdlen));
    apr_base64_encode(b64, (const char *)md, (int)mdlen);
    return apr_pstrcat(p, "v=UAAC1; a=sha256; d=", b64, NULL);
}
