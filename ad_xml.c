/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* The hardened SAX2 reader (see include/ad_xml.h). */
#include <limits.h>
#include <string.h>
#include <apr_strings.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include "ad_xml.h"

struct ad_xml {
    xmlParserCtxtPtr ctxt;
    const ad_xml_handlers_t *h;
    void *user;
    int depth;
    ad_buf_t *capture;          /* value being kept, or NULL */
    int capture_depth;
    int malformed;
    const char *failure;        /* first reason the document is refused */
    int failure_code;
};

void ad_xml_refuse(ad_xml_t *x, int code, const char *why)
{
    if (x->failure)
        return;
    x->failure = why;
    x->failure_code = code;
    xmlStopParser(x->ctxt);
}

void ad_xml_capture(ad_xml_t *x, ad_buf_t *b)
{
    x->capture = b;
    x->capture_depth = x->depth;
}

static void on_internal_subset(void *ctx, const xmlChar *name,
                               const xmlChar *external_id,
                               const xmlChar *system_id)
{
    ad_xml_t *x = ctx;
    ad_xml_refuse(x, x->malformed, "document type declaration not allowed");
}

static void on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                     const xmlChar *uri, int nb_namespaces,
                     const xmlChar **namespaces, int nb_attributes,
                     int nb_defaulted, const xmlChar **attributes)
{
    ad_xml_t *x = ctx;

    x->depth++;
    if (x->failure)
        return;
    if (x->depth > AD_XML_MAX_DEPTH) {
        ad_xml_refuse(x, x->malformed, "elements nested too deep");
        return;
    }
    if (x->capture) {
        ad_xml_refuse(x, x->malformed, "element inside a value");
        return;
    }
    x->h->start(x, x->user, x->depth, (const char *)uri, (const char *)localname);
}

static void on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                   const xmlChar *uri)
{
    ad_xml_t *x = ctx;

    if (!x->failure) {
        if (x->capture && x->depth == x->capture_depth)
            x->capture = NULL;
        if (x->h->end)
            x->h->end(x, x->user, x->depth);
    }
    x->depth--;
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    ad_xml_t *x = ctx;

    if (x->failure || !x->capture)
        return;
    if (x->capture->len + (apr_size_t)len > AD_XML_MAX_VALUE) {
        ad_xml_refuse(x, x->malformed, "element value too long");
        return;
    }
    ad_buf_add(x->capture, (const char *)ch, (apr_size_t)len);
}

static void on_structured_error(void *ctx, xmlErrorPtr error)
{
    /* Reported through ctxt->wellFormed; nothing is printed to stderr,
     * which is httpd's error log. */
}

const char *ad_xml_parse(const char *body, apr_size_t len,
                         const ad_xml_handlers_t *h, void *user,
                         int malformed, int *code)
{
    xmlSAXHandler sax;
    ad_xml_t x;
    xmlStructuredErrorFunc saved_serror;
    void *saved_serror_ctx;
    int well_formed;

    *code = malformed;
    if (len == 0 || len > INT_MAX)
        return len ? "body too large" : "empty body";
    memset(&x, 0, sizeof(x));
    x.h = h;
    x.user = user;
    x.malformed = malformed;

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
    x.ctxt = xmlCreatePushParserCtxt(&sax, &x, NULL, 0, NULL);
    if (!x.ctxt)
        return "parser could not be created";
    xmlCtxtUseOptions(x.ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR
                              | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    x.ctxt->replaceEntities = 0;
    x.ctxt->loadsubset = 0;
    x.ctxt->validate = 0;

    /* Errors raised outside the parser context (encoding conversion, I/O)
     * go to the thread's handlers, which default to stderr: httpd's error
     * log. Silence them for this parse only; other modules keep theirs. */
    saved_serror = xmlStructuredError;
    saved_serror_ctx = xmlStructuredErrorContext;
    xmlSetStructuredErrorFunc(NULL, on_structured_error);
    xmlParseChunk(x.ctxt, body, (int)len, 1);
    xmlSetStructuredErrorFunc(saved_serror_ctx, saved_serror);
    well_formed = x.ctxt->wellFormed;
    xmlFreeParserCtxt(x.ctxt);

    if (x.failure) {
        *code = x.failure_code;
        return x.failure;
    }
    return well_formed ? NULL : "not well-formed XML";
}

const char *ad_xml_trimmed(apr_pool_t *p, const ad_buf_t *b)
{
    const char *s = b->data, *e = b->data + b->len;

    while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    return s == e ? NULL : apr_pstrmemdup(p, s, e - s);
}
