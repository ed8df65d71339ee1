/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * autodiscover-check's reading of what servers answer, from a buffer, so
 * that it can be fuzzed: a POX answer (settings, redirectAddr, redirectUrl,
 * an error) and a DNS answer's SRV and TXT records.
 */
#define _GNU_SOURCE                 /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include "check_parse.h"

/* ------------------------------------------------------------- POX */

static void quiet(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    (void)error;
}

static void quiet_generic(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    (void)fmt;
}

/* A document from a server, or NULL: nothing fetched, no entity
 * substituted, no message from libxml2 anywhere (its messages quote the
 * input, and would reach the terminal through stderr). */
static xmlDoc *read_xml(const char *body, size_t len)
{
    xmlParserCtxtPtr ctxt;
    xmlDoc *doc;

    xmlStructuredErrorFunc saved = xmlStructuredError;
    xmlGenericErrorFunc saved_generic = xmlGenericError;
    void *saved_ctx = xmlStructuredErrorContext, *saved_generic_ctx = xmlGenericErrorContext;

    if (len > (size_t)0x7fffffff || !(ctxt = xmlNewParserCtxt()))
        return NULL;
    ctxt->sax->serror = quiet;
    /* Errors raised outside the parser context (a broken declared
     * encoding) go to the global handlers, by default stderr. */
    xmlSetStructuredErrorFunc(NULL, quiet);
    xmlSetGenericErrorFunc(NULL, quiet_generic);
    doc = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR
                            | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc(saved_ctx, saved);
    xmlSetGenericErrorFunc(saved_generic_ctx, saved_generic);
    xmlFreeParserCtxt(ctxt);
    return doc;
}

/* s into out, cut to fit. */
static void copy(char *out, size_t len, const char *s)
{
    size_t n = strlen(s);

    if (n >= len)
        n = len - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
            return n;
    return NULL;
}

/* The element's own text (its text and CDATA children), cut to fit; an
 * entity reference is not followed. Returns the full length. */
static size_t text_of(const xmlNode *n, char *out, size_t len)
{
    size_t used = 0, total = 0;

    if (len)
        *out = '\0';
    for (n = n ? n->children : NULL; n; n = n->next) {
        size_t l, take;
        if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content)
            continue;
        l = strlen((const char *)n->content);
        total += l;
        if (!len)
            continue;
        take = used + l < len ? l : len - 1 - used;
        memcpy(out + used, n->content, take);
        used += take;
        out[used] = '\0';
    }
    return total;
}

static void child_text(const xmlNode *n, const char *name, char *out, size_t len)
{
    text_of(child(n, name), out, len);
}

/* A port number in a child element: 1..65535, else 0 (none or not one). */
static int child_port(const xmlNode *n, const char *name)
{
    char buf[16], *end;
    long port;

    child_text(n, name, buf, sizeof(buf));
    port = strtol(buf, &end, 10);
    return end != buf && !*end && port > 0 && port <= 65535 ? (int)port : 0;
}

/* The whole text of a child, malloc'ed (a redirect target is checked, never
 * cut: a cut URL could name another place). */
static char *child_text_dup(const xmlNode *n, const char *name)
{
    const xmlNode *c = child(n, name);
    size_t len = text_of(c, NULL, 0);
    char *s = malloc(len + 1);

    if (s)
        text_of(c, s, len + 1);
    return s;
}

static void read_servers(const xmlNode *acct, check_pox_t *out)
{
    const xmlNode *p;
    char buf[64];

    for (p = acct ? acct->children : NULL; p; p = p->next) {
        check_server_t *s;
        if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "Protocol"))
            continue;
        child_text(p, "Type", buf, sizeof(buf));
        if (!strcmp(buf, "EXPR") || !strcmp(buf, "EXCH")) {
            if (!*out->ews_url && text_of(child(p, "EwsUrl"), NULL, 0) < sizeof(out->ews_url))
                child_text(p, "EwsUrl", out->ews_url, sizeof(out->ews_url));
            continue;
        }
        /* Mail servers only: WEB, and the CalDAV/CardDAV blocks eM Client
         * reads, name URLs, not hosts a mail client connects to. */
        if (strcmp(buf, "IMAP") && strcmp(buf, "POP3") && strcmp(buf, "SMTP"))
            continue;
        if (out->nservers == CHECK_MAX_SERVERS)
            continue;
        s = &out->servers[out->nservers++];
        memset(s, 0, sizeof(*s));
        copy(s->type, sizeof(s->type), buf);
        child_text(p, "Server", s->host, sizeof(s->host));
        s->port = child_port(p, "Port");
        child_text(p, "Encryption", buf, sizeof(buf));
        if (!*buf) {
            child_text(p, "SSL", buf, sizeof(buf));
            copy(buf, sizeof(buf), strcasecmp(buf, "off") ? "SSL" : "None");
        }
        snprintf(s->tls, sizeof(s->tls), "%s", !strcasecmp(buf, "SSL") ? "implicit"
                 : !strcasecmp(buf, "TLS") ? "starttls" : !strcasecmp(buf, "Auto") ? "auto" : "none");
        child_text(p, "LoginName", s->login, sizeof(s->login));
    }
}

void check_parse_pox(const char *body, size_t len, check_pox_t *out)
{
    xmlDoc *doc = NULL;
    const xmlNode *root, *resp, *acct, *err;
    char action[32];

    memset(out, 0, sizeof(*out));
    out->kind = CHECK_POX_OTHER;
    /* No answer needs a DTD; one could declare entities to expand. */
    if (len > 9 && memmem(body, len, "<!DOCTYPE", 9)) {
        snprintf(out->result, sizeof(out->result), "an answer with a document type declaration: not read");
        return;
    }
    doc = read_xml(body, len);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root) {
        snprintf(out->result, sizeof(out->result), "not XML");
        xmlFreeDoc(doc);
        return;
    }
    if (doc->intSubset || doc->extSubset) {
        snprintf(out->result, sizeof(out->result), "an answer with a document type declaration: not read");
        xmlFreeDoc(doc);
        return;
    }
    if (strcmp((const char *)root->name, "Autodiscover")) {
        snprintf(out->result, sizeof(out->result), "not an Autodiscover answer");
        xmlFreeDoc(doc);
        return;
    }
    resp = child(root, "Response");
    err = child(resp, "Error") ? child(resp, "Error") : child(root, "Error");
    if (err) {
        char code[16], msg[256];
        child_text(err, "ErrorCode", code, sizeof(code));
        child_text(err, "Message", msg, sizeof(msg));
        snprintf(out->result, sizeof(out->result), "error %s: %s", code, msg);
        xmlFreeDoc(doc);
        return;
    }
    acct = child(resp, "Account");
    child_text(acct, "Action", action, sizeof(action));
    if (!strcmp(action, "redirectAddr")) {
        out->kind = CHECK_POX_REDIRECT_ADDR;
        out->redirect = child_text_dup(acct, "RedirectAddr");
        snprintf(out->result, sizeof(out->result), "redirectAddr to %s",
                 out->redirect ? out->redirect : "");
    }
    else if (!strcmp(action, "redirectUrl")) {
        out->kind = CHECK_POX_REDIRECT_URL;
        out->redirect = child_text_dup(acct, child(acct, "RedirectUrl") ? "RedirectUrl"
                                       : "RedirectURL");
        snprintf(out->result, sizeof(out->result), "redirectUrl to %s",
                 out->redirect ? out->redirect : "");
    }
    else if (!strcmp(action, "settings")) {
        out->kind = CHECK_POX_SETTINGS;
        read_servers(acct, out);
        snprintf(out->result, sizeof(out->result), "settings: %d mail server%s%s", out->nservers,
                 out->nservers == 1 ? "" : "s", *out->ews_url ? ", EWS" : "");
    }
    else
        snprintf(out->result, sizeof(out->result), "an answer without Action");
    if ((out->kind == CHECK_POX_REDIRECT_ADDR || out->kind == CHECK_POX_REDIRECT_URL)
        && !out->redirect)
        out->kind = CHECK_POX_OTHER;        /* out of memory */
    xmlFreeDoc(doc);
}

void check_pox_free(check_pox_t *pox)
{
    free(pox->redirect);
    pox->redirect = NULL;
}

/* ------------------------------------------------------- autoconfig */

int check_parse_autoconfig(const char *body, size_t len, check_server_t *out, int max)
{
    xmlDoc *doc = NULL;
    const xmlNode *root, *prov, *s;
    int n = 0;

    if (len > 9 && memmem(body, len, "<!DOCTYPE", 9))
        return -1;
    doc = read_xml(body, len);
    root = doc ? xmlDocGetRootElement(doc) : NULL;
    if (!root || doc->intSubset || doc->extSubset) {
        xmlFreeDoc(doc);
        return -1;
    }
    prov = child(root, "emailProvider");
    for (s = prov ? prov->children : NULL; s && n < max; s = s->next) {
        check_server_t *sv;
        char buf[64], *e;
        xmlChar *type;
        if (s->type != XML_ELEMENT_NODE || (strcmp((const char *)s->name, "incomingServer")
            && strcmp((const char *)s->name, "outgoingServer")))
            continue;
        sv = &out[n++];
        memset(sv, 0, sizeof(*sv));
        type = xmlGetProp(s, (const xmlChar *)"type");
        copy(sv->type, sizeof(sv->type), type ? (const char *)type : "");
        xmlFree(type);
        for (e = sv->type; *e; e++)
            *e = (char)(*e >= 'a' && *e <= 'z' ? *e - 32 : *e);
        child_text(s, "hostname", sv->host, sizeof(sv->host));
        sv->port = child_port(s, "port");
        child_text(s, "socketType", buf, sizeof(buf));
        snprintf(sv->tls, sizeof(sv->tls), "%s", !strcmp(buf, "SSL") ? "implicit"
                 : !strcmp(buf, "STARTTLS") ? "starttls" : "none");
    }
    xmlFreeDoc(doc);
    return n;
}

/* ------------------------------------------------------------- DNS */

int check_parse_srv(const unsigned char *msg, size_t len, check_srv_t *out, int max)
{
    ns_msg m;
    int i, n = 0, count;

    if (len > NS_MAXMSG || ns_initparse(msg, (int)len, &m) < 0)
        return -1;
    count = ns_msg_count(m, ns_s_an);
    for (i = 0; i < count && n < max; i++) {
        ns_rr rr;
        const unsigned char *rd;
        if (ns_parserr(&m, ns_s_an, i, &rr) < 0)
            return -1;
        if (ns_rr_type(rr) != ns_t_srv || ns_rr_class(rr) != ns_c_in)
            continue;
        if (ns_rr_rdlen(rr) < 7)
            return -1;
        rd = ns_rr_rdata(rr);
        out[n].priority = ns_get16(rd);
        out[n].weight = ns_get16(rd + 2);
        out[n].port = ns_get16(rd + 4);
        if (dn_expand(ns_msg_base(m), ns_msg_end(m), rd + 6, out[n].target,
                      sizeof(out[n].target)) < 0)
            return -1;
        n++;
    }
    return n;
}

int check_parse_txt(const unsigned char *msg, size_t len, check_txt_t *out, int max)
{
    ns_msg m;
    int i, n = 0, count;

    if (len > NS_MAXMSG || ns_initparse(msg, (int)len, &m) < 0)
        return -1;
    count = ns_msg_count(m, ns_s_an);
    for (i = 0; i < count && n < max; i++) {
        const unsigned char *rd, *end;
        size_t used = 0;
        ns_rr rr;

        if (ns_parserr(&m, ns_s_an, i, &rr) < 0)
            return -1;
        if (ns_rr_type(rr) != ns_t_txt || ns_rr_class(rr) != ns_c_in)
            continue;
        rd = ns_rr_rdata(rr);
        end = rd + ns_rr_rdlen(rr);
        out[n].cut = 0;
        /* <length><bytes>, as often as the record holds. */
        while (rd < end) {
            size_t slen = *rd++, k;
            if (slen > (size_t)(end - rd))
                return -1;
            for (k = 0; k < slen; k++) {
                if (used == CHECK_MAX_TXT) {
                    out[n].cut = 1;
                    break;
                }
                out[n].text[used++] = rd[k] ? (char)rd[k] : '\x01';
            }
            rd += slen;
        }
        out[n].text[used] = '\0';
        n++;
    }
    return n;
}
