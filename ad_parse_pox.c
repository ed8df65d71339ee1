/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * POX request parser, on the hardened reader of ad_xml.c (no DTD, no
 * entities, no network, nesting and value limits). No tree is built: only
 * the three values the answer needs are kept.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include "ad_pox.h"
#include "ad_xml.h"
#include "ad_query.h"

enum { F_NONE = 0, F_ADDRESS, F_SCHEMA, F_LEGACYDN, F_COUNT };
static const char *const field_names[F_COUNT] = {
    NULL, "EMailAddress", "AcceptableResponseSchema", "LegacyDN"
};

typedef struct {
    ad_pox_request_t *out;
    const char *ns;             /* request namespace of the root */
    int in_request;
    int seen_request;
    int seen[F_COUNT];
    ad_buf_t value[F_COUNT];
} parse_state_t;

static void on_start(ad_xml_t *x, void *user, int depth, const char *ns,
                     const char *name)
{
    parse_state_t *st = user;
    int f;

    if (depth == 1) {
        if (strcmp(name, "Autodiscover") == 0 && ns
            && (strcmp(ns, AD_NS_OUTLOOK_REQ) == 0
                || strcmp(ns, AD_NS_MOBILE_REQ) == 0)) {
            st->out->mobilesync_request = strcmp(ns, AD_NS_MOBILE_REQ) == 0;
            st->ns = st->out->mobilesync_request ? AD_NS_MOBILE_REQ
                                                 : AD_NS_OUTLOOK_REQ;
        }
        else {
            ad_xml_refuse(x, AD_PARSE_NAMESPACE,
                          "root is not Autodiscover in a request namespace");
        }
        return;
    }
    if (!ns || strcmp(ns, st->ns) != 0)
        return;                 /* foreign elements are ignored */
    if (depth == 2 && strcmp(name, "Request") == 0) {
        if (st->seen_request) {
            ad_xml_refuse(x, AD_PARSE_MALFORMED, "duplicate Request");
            return;
        }
        st->seen_request = st->in_request = 1;
        return;
    }
    if (depth != 3 || !st->in_request)
        return;
    for (f = F_ADDRESS; f < F_COUNT; f++) {
        if (strcmp(name, field_names[f]) == 0) {
            if (st->seen[f]) {
                ad_xml_refuse(x, AD_PARSE_MALFORMED, "duplicate element in Request");
                return;
            }
            st->seen[f] = 1;
            ad_xml_capture(x, &st->value[f]);
            return;
        }
    }
}

static void on_end(ad_xml_t *x, void *user, int depth)
{
    parse_state_t *st = user;

    if (st->in_request && depth == 2)
        st->in_request = 0;
}

const char *ad_address_split(apr_pool_t *p, const char *address,
                             const char **local, const char **domain)
{
    const char *at = strchr(address, '@');
    apr_size_t n = strlen(address), llen, i, label = 0;
    char *d;

    if (n > AD_MAX_ADDRESS)
        return "address too long";
    if (!at || strchr(at + 1, '@'))
        return "address needs exactly one '@'";
    llen = at - address;
    if (llen == 0 || llen > 64)
        return "local part empty or longer than 64 bytes";
    for (i = 0; i < llen; i++) {
        unsigned char c = (unsigned char)address[i];
        if (c <= ' ' || c == 0x7f || strchr("\"(),:;<>[\\]", c))
            return "local part holds a character that needs quoting";
    }
    if (!ad_utf8_valid(address, llen))
        return "local part is not valid UTF-8 text";
    if (address[0] == '.' || address[llen - 1] == '.' || strstr(address, ".."))
        return "local part has a misplaced dot";
    d = apr_pstrdup(p, at + 1);
    if (!*d || strlen(d) > 253)
        return "domain empty or too long";
    for (i = 0; d[i]; i++) {
        unsigned char c = (unsigned char)d[i];
        if (c == '.') {
            if (label == 0 || d[i - 1] == '-')
                return "domain has an empty label or a label ending in '-'";
            label = 0;
            continue;
        }
        if (!apr_isalnum(c) && c != '-')
            return "domain is not an ASCII host name";
        if (label == 0 && c == '-')
            return "domain label starts with '-'";
        if (++label > 63)
            return "domain label longer than 63 bytes";
        d[i] = (char)apr_tolower(c);
    }
    if (label == 0 || d[i - 1] == '-')
        return "domain ends with an empty label or '-'";
    *local = apr_pstrmemdup(p, address, llen);
    *domain = d;
    return NULL;
}

static void classify(apr_pool_t *p, parse_state_t *st, ad_pox_request_t *out)
{
    const char *address = ad_xml_trimmed(p, &st->value[F_ADDRESS]);
    const char *schema = ad_xml_trimmed(p, &st->value[F_SCHEMA]);
    const char *why;

    if (!st->seen_request) {
        out->status = AD_PARSE_MALFORMED;
        out->reason = "no Request element";
        return;
    }
    if (!address) {
        out->status = ad_xml_trimmed(p, &st->value[F_LEGACYDN])
                      ? AD_PARSE_LEGACYDN : AD_PARSE_NO_ADDRESS;
        out->reason = out->status == AD_PARSE_LEGACYDN
                      ? "LegacyDN without EMailAddress" : "no EMailAddress";
        return;
    }
    out->address = address;
    if ((why = ad_address_split(p, address, &out->local, &out->domain))) {
        out->status = AD_PARSE_BAD_ADDRESS;
        out->reason = why;
        return;
    }
    out->address = apr_pstrcat(p, out->local, "@", out->domain, NULL);
    if (schema && (strcasecmp(schema, AD_NS_OUTLOOK_RESP) == 0
                   || strcasecmp(schema, AD_NS_OUTLOOK_RESP_OLD) == 0)) {
        out->schema = AD_SCHEMA_OUTLOOK;
    }
    else if (schema && strcasecmp(schema, AD_NS_MOBILE_RESP) == 0) {
        out->schema = AD_SCHEMA_MOBILESYNC;
    }
    else {
        out->status = AD_PARSE_SCHEMA;
        out->reason = schema ? "unknown AcceptableResponseSchema"
                             : "no AcceptableResponseSchema";
        return;
    }
    out->status = AD_PARSE_OK;
}

void ad_pox_parse(apr_pool_t *p, const char *body, apr_size_t len,
                  ad_pox_request_t *out)
{
    static const ad_xml_handlers_t handlers = { on_start, on_end };
    parse_state_t st;
    int f, code;
    const char *why;

    memset(out, 0, sizeof(*out));
    memset(&st, 0, sizeof(st));
    st.out = out;
    for (f = 0; f < F_COUNT; f++)
        ad_buf_init(&st.value[f], p, 64);
    if ((why = ad_xml_parse(body, len, &handlers, &st, AD_PARSE_MALFORMED, &code))) {
        out->status = (ad_parse_status_e)code;
        out->reason = why;
        return;
    }
    classify(p, &st, out);
}
