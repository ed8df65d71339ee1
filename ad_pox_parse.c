/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * POX request parser: one SAX2 pass over the body with libxml2's push
 * parser, the whole body as one final chunk.
 *
 * Hostile input is expected. A document type declaration stops the parse
 * (no DTD, hence no entity declarations to expand); entity references other
 * than the five predefined ones are errors; no network access; nesting is
 * limited to 32 levels, libxml2's own limits (no XML_PARSE_HUGE) apply, and
 * each value kept is capped. No tree is built: only the three values the
 * answer needs are kept.
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_lib.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include "ad_pox.h"

#define AD_MAX_VALUE 1024   /* longest element text kept */
#define AD_MAX_DEPTH 32     /* a request is 3 levels deep; the push parser
                             * has no nesting limit of its own */

enum { F_NONE = 0, F_ADDRESS, F_SCHEMA, F_LEGACYDN, F_COUNT };
static const char *const field_names[F_COUNT] = {
    NULL, "EMailAddress", "AcceptableResponseSchema", "LegacyDN"
};

typedef struct {
    xmlParserCtxtPtr ctxt;
    ad_pox_request_t *out;
    const char *ns;             /* request namespace of the root */
    int depth;
    int in_request;
    int seen_request;
    int field;                  /* value being captured */
    int seen[F_COUNT];
    ad_buf_t value[F_COUNT];
    const char *failure;        /* first reason the document is refused */
    ad_parse_status_e failure_status;
} parse_state_t;

static void refuse(parse_state_t *st, ad_parse_status_e status, const char *why)
{
    if (st->failure)
        return;
    st->failure = why;
    st->failure_status = status;
    xmlStopParser(st->ctxt);
}

static void on_internal_subset(void *ctx, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
    refuse(ctx, AD_PARSE_MALFORMED, "document type declaration not allowed");
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    parse_state_t *st = ctx;
    const char *name = (const char *)localname;
    const char *ns = (const char *)uri;
    int f;

    st->depth++;
    if (st->failure)
        return;
    if (st->depth > AD_MAX_DEPTH) {
        refuse(st, AD_PARSE_MALFORMED, "elements nested too deep");
        return;
    }
    if (st->field != F_NONE) {
        refuse(st, AD_PARSE_MALFORMED, "element inside a value");
        return;
    }
    if (st->depth == 1) {
        if (strcmp(name, "Autodiscover") == 0 && ns
            && (strcmp(ns, AD_NS_OUTLOOK_REQ) == 0
                || strcmp(ns, AD_NS_MOBILE_REQ) == 0)) {
            st->out->mobilesync_request = strcmp(ns, AD_NS_MOBILE_REQ) == 0;
            st->ns = st->out->mobilesync_request ? AD_NS_MOBILE_REQ
                                                 : AD_NS_OUTLOOK_REQ;
        }
        else {
            refuse(st, AD_PARSE_NAMESPACE,
                   "root is not Autodiscover in a request namespace");
        }
        return;
    }
    if (!ns || strcmp(ns, st->ns) != 0)
        return;                 /* foreign elements are ignored */
    if (st->depth == 2 && strcmp(name, "Request") == 0) {
        if (st->seen_request) {
            refuse(st, AD_PARSE_MALFORMED, "duplicate Request");
            return;
        }
        st->seen_request = st->in_request = 1;
        return;
    }
    if (st->depth != 3 || !st->in_request)
        return;
    for (f = F_ADDRESS; f < F_COUNT; f++) {
        if (strcmp(name, field_names[f]) == 0) {
            if (st->seen[f]) {
                refuse(st, AD_PARSE_MALFORMED, "duplicate element in Request");
                return;
            }
            st->seen[f] = 1;
            st->field = f;
            return;
        }
    }
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    parse_state_t *st = ctx;

    if (st->field != F_NONE && st->depth == 3)
        st->field = F_NONE;
    else if (st->in_request && st->depth == 2)
        st->in_request = 0;
    st->depth--;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    parse_state_t *st = ctx;
    ad_buf_t *b;

    if (st->failure || st->field == F_NONE)
        return;
    b = &st->value[st->field];
    if (b->len + (apr_size_t)len > AD_MAX_VALUE) {
        refuse(st, AD_PARSE_MALFORMED, "element value too long");
        return;
    }
    ad_buf_add(b, (const char *)ch, (apr_size_t)len);
}

static void on_structured_error(void *ctx, xmlErrorPtr error)
{
    /* Recorded as the reason by the caller (ctxt->wellFormed); nothing is
     * printed to stderr, which is httpd's error log. */
}

/* Trim XML white space; returns NULL for an empty result. */
static const char *trimmed(apr_pool_t *p, const ad_buf_t *b)
{
    const char *s = b->data, *e = b->data + b->len;

    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    return s == e ? NULL : apr_pstrmemdup(p, s, e - s);
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
    const char *address = trimmed(p, &st->value[F_ADDRESS]);
    const char *schema = trimmed(p, &st->value[F_SCHEMA]);
    const char *why;

    if (!st->seen_request) {
        out->status = AD_PARSE_MALFORMED;
        out->reason = "no Request element";
        return;
    }
    if (!address) {
        out->status = trimmed(p, &st->value[F_LEGACYDN])
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
    xmlSAXHandler sax;
    parse_state_t st;
    xmlStructuredErrorFunc saved_serror;
    void *saved_serror_ctx;
    int f, well_formed;

    memset(out, 0, sizeof(*out));
    if (len == 0 || len > INT_MAX) {
        out->status = AD_PARSE_MALFORMED;
        out->reason = len ? "body too large" : "empty body";
        return;
    }
    memset(&st, 0, sizeof(st));
    st.out = out;
    for (f = 0; f < F_COUNT; f++)
        ad_buf_init(&st.value[f], p, 64);

    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.internalSubset = on_internal_subset;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.serror = on_structured_error;

    /* The push parser, given the whole body at once: it parses in one pass
     * without the pull parser's input-refill checks, which for a document
     * this small run at nearly every token. It copies the handler. */
    st.ctxt = xmlCreatePushParserCtxt(&sax, &st, NULL, 0, NULL);
    if (!st.ctxt) {
        out->status = AD_PARSE_MALFORMED;
        out->reason = "parser could not be created";
        return;
    }
    xmlCtxtUseOptions(st.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR
                               | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    st.ctxt->replaceEntities = 0;
    st.ctxt->loadsubset = 0;
    st.ctxt->validate = 0;

    /* Errors raised outside the parser context (encoding conversion, I/O)
     * go to the thread's handlers, which default to stderr: httpd's error
     * log. Silence them for this parse only; other modules keep theirs. */
    saved_serror = xmlStructuredError;
    saved_serror_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, on_structured_error);
    xmlParseChunk(st.ctxt, body, (int)len, 1);
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    well_formed = st.ctxt->wellFormed;
    xmlFreeParserCtxt(st.ctxt);

    if (st.failure) {
        out->status = st.failure_status;
        out->reason = st.failure;
        return;
    }
    if (!well_formed) {
        out->status = AD_PARSE_MALFORMED;
        out->reason = "not well-formed XML";
        return;
    }
    classify(p, &st, out);
}
