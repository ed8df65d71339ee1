/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * autodiscover-check ADDRESS: walks the discovery as Outlook does for a
 * computer outside a Windows domain, and reports each step like Outlook's
 * "Test E-mail AutoConfiguration" dialog:
 *   1. POST https://DOMAIN/autodiscover/autodiscover.xml
 *   2. POST https://autodiscover.DOMAIN/autodiscover/autodiscover.xml
 *   3. GET  http://autodiscover.DOMAIN/autodiscover/autodiscover.xml, whose
 *      302 must lead to an https URL, which is then POSTed to
 *   4. SRV  _autodiscover._tcp.DOMAIN, then POST to https://TARGET/...
 * then Thunderbird's autoconfig URLs and Autodiscover v2 on the server
 * found, and whether the formats agree on host, port and TLS mode.
 * Exit codes as a Nagios plugin: 0 ok, 1 warning, 2 critical, 3 unknown.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <getopt.h>
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include "check_net.h"

#define MAX_LIST    16
#define MAX_SERVERS 8
#define MAX_PROBLEMS 32
#define NS_OUTLOOK_REQ  "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
#define NS_OUTLOOK_RESP "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
#define POX_PATH "/autodiscover/autodiscover.xml"

enum { OK = 0, WARNING = 1, CRITICAL = 2, UNKNOWN = 3 };
static const char *const level_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

typedef struct {
    char type[16], host[256], tls[16], login[256];
    int port;
} server_t;

typedef struct {
    const char *name;           /* what the step is */
    char url[512];
    char dns[300];
    check_http_t http;
    int answered;               /* an HTTP answer came */
    char result[512];           /* what it gave, in words */
    int settings;               /* it gave settings */
} step_t;

typedef struct {
    int level;
    char text[512];
} problem_t;

static check_opts_t opts;
static const char *resolve[MAX_LIST + 1], *connect_to[MAX_LIST + 1];
static step_t steps[8];
static int nsteps;
static problem_t problems[MAX_PROBLEMS];
static int nproblems;
static server_t pox_servers[MAX_SERVERS], ac_servers[MAX_SERVERS];
static int npox, nac;
static char ews_url[512], found_url[512], v2_result[512], ac_result[512];

static void problem(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* snprintf that may truncate (every use here may) and whose arguments may
 * lie in the destination's own structure. */
static void say(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *out, size_t len, const char *fmt, ...)
{
    char tmp[2048];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (len) {
        size_t n = strlen(tmp);
        if (n >= len)
            n = len - 1;
        memmove(out, tmp, n);
        out[n] = '\0';
    }
}

static void problem(int level, const char *fmt, ...)
{
    va_list ap;

    if (nproblems == MAX_PROBLEMS)
        return;
    problems[nproblems].level = level;
    va_start(ap, fmt);
    vsnprintf(problems[nproblems].text, sizeof(problems[nproblems].text), fmt, ap);
    va_end(ap);
    nproblems++;
}

/* ------------------------------------------------------------- XML */

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (n = n ? n->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name))
            return n;
    return NULL;
}

static void text_of(const xmlNode *n, char *out, size_t len)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;

    say(out, len, "%s", t ? (const char *)t : "");
    xmlFree(t);
}

static void child_text(const xmlNode *n, const char *name, char *out, size_t len)
{
    text_of(child(n, name), out, len);
}

/* A POX answer: settings (servers kept), redirectAddr, redirectUrl or an
 * error, in step->result. Returns 1 for settings. */
static int read_pox(step_t *st, char *redirect, size_t rlen, int *redirect_is_url)
{
    xmlDoc *doc = xmlReadMemory(st->http.body, (int)st->http.body_len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL, *resp, *acct, *p;
    char action[32], buf[512];
    int settings = 0;

    *redirect = '\0';
    if (!root || strcmp((const char *)root->name, "Autodiscover")) {
        say(st->result, sizeof(st->result), "not an Autodiscover answer");
        xmlFreeDoc(doc);
        return 0;
    }
    resp = child(root, "Response");
    if (child(resp, "Error") || child(root, "Error") ) {
        const xmlNode *e = child(resp, "Error") ? child(resp, "Error") : child(root, "Error");
        char code[16], msg[256];
        child_text(e, "ErrorCode", code, sizeof(code));
        child_text(e, "Message", msg, sizeof(msg));
        say(st->result, sizeof(st->result), "error %s: %s", code, msg);
        xmlFreeDoc(doc);
        return 0;
    }
    acct = child(resp, "Account");
    child_text(acct, "Action", action, sizeof(action));
    if (!strcmp(action, "redirectAddr")) {
        child_text(acct, "RedirectAddr", redirect, rlen);
        *redirect_is_url = 0;
        say(st->result, sizeof(st->result), "redirectAddr to %s", redirect);
    }
    else if (!strcmp(action, "redirectUrl")) {
        child_text(acct, "RedirectUrl", redirect, rlen);
        if (!*redirect)
            child_text(acct, "RedirectURL", redirect, rlen);
        *redirect_is_url = 1;
        say(st->result, sizeof(st->result), "redirectUrl to %s", redirect);
    }
    else if (!strcmp(action, "settings")) {
        settings = 1;
        npox = 0;
        for (p = acct ? acct->children : NULL; p; p = p->next) {
            server_t *s;
            if (p->type != XML_ELEMENT_NODE || strcmp((const char *)p->name, "Protocol"))
                continue;
            child_text(p, "Type", buf, sizeof(buf));
            if (!strcmp(buf, "EXPR") || !strcmp(buf, "EXCH")) {
                if (!*ews_url)
                    child_text(p, "EwsUrl", ews_url, sizeof(ews_url));
                continue;
            }
            if (npox == MAX_SERVERS)
                continue;
            s = &pox_servers[npox++];
            memset(s, 0, sizeof(*s));
            say(s->type, sizeof(s->type), "%s", buf);
            child_text(p, "Server", s->host, sizeof(s->host));
            child_text(p, "Port", buf, sizeof(buf));
            s->port = atoi(buf);
            child_text(p, "Encryption", buf, sizeof(buf));
            if (!*buf) {
                child_text(p, "SSL", buf, sizeof(buf));
                say(buf, sizeof(buf), "%s", strcasecmp(buf, "off") ? "SSL" : "None");
            }
            say(s->tls, sizeof(s->tls), "%s", !strcasecmp(buf, "SSL") ? "implicit"
                     : !strcasecmp(buf, "TLS") ? "starttls" : !strcasecmp(buf, "Auto") ? "auto" : "none");
            child_text(p, "LoginName", s->login, sizeof(s->login));
        }
        say(st->result, sizeof(st->result), "settings: %d mail server%s%s", npox,
                 npox == 1 ? "" : "s", *ews_url ? ", EWS" : "");
    }
    else
        say(st->result, sizeof(st->result), "an answer without Action");
    xmlFreeDoc(doc);
    return settings;
}

/* --------------------------------------------------------- the steps */

static step_t *new_step(const char *name, const char *url)
{
    step_t *st = &steps[nsteps++];

    memset(st, 0, sizeof(*st));
    st->name = name;
    say(st->url, sizeof(st->url), "%s", url);
    return st;
}

static void host_port(const char *url, char *host, size_t len, int *port)
{
    const char *h = strstr(url, "://");
    size_t n;

    h = h ? h + 3 : url;
    n = strcspn(h, ":/?#");
    say(host, len, "%.*s", (int)n, h);
    *port = h[n] == ':' ? atoi(h + n + 1) : !strncasecmp(url, "https", 5) ? 443 : 80;
}

/* TLS findings of an exchange as problems. */
static void judge_tls(const step_t *st, const char *host)
{
    if (!st->http.tls || !st->answered)
        return;
    if (!st->http.tls_ok)
        problem(CRITICAL, "%s: the certificate is refused (%s)%s%s: Outlook shows a certificate "
                "warning", st->url, st->http.error,
                st->http.cert_names ? "; it names " : "",
                st->http.cert_names ? st->http.cert_names : "");
    if (st->http.cert_names && st->http.cert_days < 0)
        problem(CRITICAL, "%s: the certificate of %s has expired", st->url, host);
    else if (st->http.cert_names && st->http.cert_days < 30)
        problem(WARNING, "%s: the certificate of %s expires in %ld days", st->url, host,
                st->http.cert_days);
}

/* POST the Outlook request to url (after DNS), credentials on a 401.
 * Returns 1 when it gave settings. */
static int pox_step(const char *name, const char *url, const char *address, char *redirect,
                    size_t rlen, int *redirect_is_url)
{
    char body[1024], host[256];
    step_t *st = new_step(name, url);
    int port;

    *redirect = '\0';
    host_port(url, host, sizeof(host), &port);
    if (check_address(&opts, host, port, st->dns, sizeof(st->dns)) != 0) {
        say(st->result, sizeof(st->result), "skipped: %s has no address", host);
        return 0;
    }
    say(body, sizeof(body), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
             "<Autodiscover xmlns=\"" NS_OUTLOOK_REQ "\"><Request><EMailAddress>%s</EMailAddress>"
             "<AcceptableResponseSchema>" NS_OUTLOOK_RESP "</AcceptableResponseSchema>"
             "</Request></Autodiscover>", address);
    if (check_http(&opts, "POST", url, body, "Content-Type: text/xml; charset=utf-8", 0,
                   &st->http) != 0) {
        say(st->result, sizeof(st->result), "no answer: %s", st->http.error);
        return 0;
    }
    st->answered = 1;
    if (st->http.status == 401 && opts.password) {
        check_http_free(&st->http);
        if (check_http(&opts, "POST", url, body, "Content-Type: text/xml; charset=utf-8", 1,
                       &st->http) != 0) {
            say(st->result, sizeof(st->result), "no answer: %s", st->http.error);
            return 0;
        }
    }
    judge_tls(st, host);
    if (st->http.status == 200) {
        st->settings = read_pox(st, redirect, rlen, redirect_is_url);
        if (st->http.tls && !st->http.tls_ok) {
            char r[sizeof(st->result)];
            say(r, sizeof(r), "%s, past a certificate warning only", st->result);
            say(st->result, sizeof(st->result), "%s", r);
        }
        return st->settings;
    }
    if ((st->http.status == 301 || st->http.status == 302) && st->http.location) {
        say(redirect, rlen, "%s", st->http.location);
        *redirect_is_url = 1;
        say(st->result, sizeof(st->result), "HTTP %d to %s", st->http.status,
                 st->http.location);
        return 0;
    }
    say(st->result, sizeof(st->result), "HTTP %d%s", st->http.status,
             st->http.status == 401 ? ": credentials needed (--password)" : "");
    return 0;
}

/* Follow redirectUrl answers and 301/302 to https, at most 10. */
static int follow(const char *address, char *redirect, int is_url, char *new_address, size_t alen)
{
    int hops = 0;

    while (*redirect && hops++ < 10) {
        char next[512];
        int next_is_url = 0;
        if (!is_url) {
            say(new_address, alen, "%s", redirect);
            return 0;
        }
        if (strncasecmp(redirect, "https://", 8) != 0) {
            problem(CRITICAL, "a redirect leads to %s, which is not https: clients refuse it",
                    redirect);
            return 0;
        }
        if (pox_step("redirected", redirect, address, next, sizeof(next), &next_is_url)) {
            say(found_url, sizeof(found_url), "%s", redirect);
            return 1;
        }
        say(redirect, 512, "%s", next);
        is_url = next_is_url;
    }
    return 0;
}

/* Steps 1 and 2: POST to https://PREFIXDOMAIN/..., then follow what it says. */
static int https_step(const char *name, const char *prefix, const char *domain,
                      const char *address, char *new_address, size_t alen)
{
    char url[512], redirect[512];
    int is_url = 0;

    say(url, sizeof(url), "https://%s%s" POX_PATH, prefix, domain);
    if (pox_step(name, url, address, redirect, sizeof(redirect), &is_url)) {
        say(found_url, sizeof(found_url), "%s", url);
        return 1;
    }
    return follow(address, redirect, is_url, new_address, alen);
}

static int http_redirect_step(const char *domain, const char *address, char *new_address, size_t alen)
{
    char url[512], host[256], redirect[512];
    step_t *st;
    int port;

    say(url, sizeof(url), "http://autodiscover.%s" POX_PATH, domain);
    st = new_step("http redirect", url);
    host_port(url, host, sizeof(host), &port);
    if (check_address(&opts, host, port, st->dns, sizeof(st->dns)) != 0) {
        say(st->result, sizeof(st->result), "skipped: %s has no address", host);
        return 0;
    }
    if (check_http(&opts, "GET", url, NULL, NULL, 0, &st->http) != 0) {
        say(st->result, sizeof(st->result), "no answer: %s", st->http.error);
        return 0;
    }
    st->answered = 1;
    if (st->http.status != 302 || !st->http.location) {
        say(st->result, sizeof(st->result), "HTTP %d, no 302: not used", st->http.status);
        return 0;
    }
    say(st->result, sizeof(st->result), "302 to %s", st->http.location);
    say(redirect, sizeof(redirect), "%s", st->http.location);
    return follow(address, redirect, 1, new_address, alen);
}

static int srv_step(const char *domain, const char *address, char *new_address, size_t alen)
{
    check_srv_t srv[8];
    char name[300], url[512], redirect[512];
    step_t *st;
    int n, i, best = -1, is_url = 0;

    say(name, sizeof(name), "_autodiscover._tcp.%s", domain);
    st = new_step("SRV record", name);
    n = check_srv(&opts, name, srv, 8);
    if (n < 0) {
        say(st->result, sizeof(st->result), "no SRV record");
        return 0;
    }
    for (i = 0; i < n; i++)          /* RFC 2782: lowest priority, then highest weight */
        if (srv[i].port == 443 && (best < 0 || srv[i].priority < srv[best].priority
            || (srv[i].priority == srv[best].priority && srv[i].weight > srv[best].weight)))
            best = i;
    if (best < 0) {
        say(st->result, sizeof(st->result), "%d SRV record%s, none on port 443", n,
                 n == 1 ? "" : "s");
        problem(WARNING, "%s: no SRV record on port 443; clients use only those", name);
        return 0;
    }
    say(st->dns, sizeof(st->dns), "%s port %d (priority %d, weight %d)",
             srv[best].target, srv[best].port, srv[best].priority, srv[best].weight);
    say(st->result, sizeof(st->result), "points to %s", srv[best].target);
    say(url, sizeof(url), "https://%s" POX_PATH, srv[best].target);
    if (pox_step("SRV target", url, address, redirect, sizeof(redirect), &is_url)) {
        say(found_url, sizeof(found_url), "%s", url);
        return 1;
    }
    if (!steps[nsteps - 1].answered)
        problem(CRITICAL, "%s points to %s, which does not answer: %s", name, srv[best].target,
                steps[nsteps - 1].result);
    return follow(address, redirect, is_url, new_address, alen);
}

/* ----------------------------------------------- the other formats */

static void autoconfig_check(const char *domain, const char *address)
{
    char url[512], host[256], dns[300];
    const char *candidates[2] = { "https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                                  "https://%s/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=%s" };
    int i, port;

    say(ac_result, sizeof(ac_result), "no answer");
    for (i = 0; i < 2; i++) {
        check_http_t h;
        xmlDoc *doc;
        const xmlNode *root, *prov, *s;
        char escaped[300];
        const char *a;
        char *e = escaped;
        for (a = address; *a && e < escaped + sizeof(escaped) - 4; a++) {
            if (*a == '@')
                e += sprintf(e, "%%40");
            else
                *e++ = *a;
        }
        *e = '\0';
        say(url, sizeof(url), candidates[i], domain, escaped);
        host_port(url, host, sizeof(host), &port);
        if (check_address(&opts, host, port, dns, sizeof(dns)) != 0)
            continue;
        if (check_http(&opts, "GET", url, NULL, NULL, 0, &h) != 0 || h.status != 200 || !h.tls_ok) {
            check_http_free(&h);
            continue;
        }
        doc = xmlReadMemory(h.body, (int)h.body_len, NULL, NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        root = doc ? xmlDocGetRootElement(doc) : NULL;
        prov = child(root, "emailProvider");
        nac = 0;
        for (s = prov ? prov->children : NULL; s && nac < MAX_SERVERS; s = s->next) {
            char buf[64];
            xmlChar *type;
            server_t *sv;
            if (s->type != XML_ELEMENT_NODE || (strcmp((const char *)s->name, "incomingServer")
                && strcmp((const char *)s->name, "outgoingServer")))
                continue;
            sv = &ac_servers[nac++];
            memset(sv, 0, sizeof(*sv));
            type = xmlGetProp(s, (const xmlChar *)"type");
            say(sv->type, sizeof(sv->type), "%s", type ? (const char *)type : "");
            xmlFree(type);
            for (e = sv->type; *e; e++)
                *e = (char)(*e >= 'a' && *e <= 'z' ? *e - 32 : *e);
            child_text(s, "hostname", sv->host, sizeof(sv->host));
            child_text(s, "port", buf, sizeof(buf));
            sv->port = atoi(buf);
            child_text(s, "socketType", buf, sizeof(buf));
            say(sv->tls, sizeof(sv->tls), "%s", !strcmp(buf, "SSL") ? "implicit"
                     : !strcmp(buf, "STARTTLS") ? "starttls" : "none");
        }
        say(ac_result, sizeof(ac_result), "%s: %d servers", url, nac);
        xmlFreeDoc(doc);
        check_http_free(&h);
        return;
    }
}

static void v2_check(const char *address)
{
    char url[600], origin[300];
    const char *p;
    check_http_t h;

    if (!*found_url) {
        say(v2_result, sizeof(v2_result), "not asked: no server found");
        return;
    }
    p = strstr(found_url, "://");
    p = p ? strchr(p + 3, '/') : NULL;
    say(origin, sizeof(origin), "%.*s", p ? (int)(p - found_url) : (int)strlen(found_url),
             found_url);
    say(url, sizeof(url), "%s/autodiscover/autodiscover.json/v1.0/%s?Protocol=AutodiscoverV1",
             origin, address);
    if (check_http(&opts, "GET", url, NULL, NULL, 0, &h) != 0)
        say(v2_result, sizeof(v2_result), "%s: no answer: %s", url, h.error);
    else if (h.status != 200 || !strstr(h.body, "\"Url\""))
        say(v2_result, sizeof(v2_result), "%s: HTTP %d without a Url", url, h.status);
    else
        say(v2_result, sizeof(v2_result), "%s: HTTP 200 with a Url", url);
    if (h.status != 200)
        problem(WARNING, "Autodiscover v2 (%s) does not answer: Outlook for Mac and mobile "
                "fall back to other means", url);
    check_http_free(&h);
}

/* The first server of each kind, in both formats. */
static void consistency(void)
{
    static const char *const kinds[] = { "IMAP", "POP3", "SMTP" };
    size_t k;
    int i, j;

    if (!npox || !nac)
        return;
    for (k = 0; k < 3; k++) {
        const server_t *a = NULL, *b = NULL;
        for (i = 0; i < npox && !a; i++)
            if (!strcmp(pox_servers[i].type, kinds[k]))
                a = &pox_servers[i];
        for (j = 0; j < nac && !b; j++)
            if (!strcmp(ac_servers[j].type, kinds[k]))
                b = &ac_servers[j];
        if (a && b && (strcasecmp(a->host, b->host) || a->port != b->port || strcmp(a->tls, b->tls)))
            problem(WARNING, "%s differs: Outlook is told %s:%d (%s), Thunderbird %s:%d (%s)",
                    kinds[k], a->host, a->port, a->tls, b->host, b->port, b->tls);
    }
}

/* ----------------------------------------------------------- report */

static void json_string(const char *s)
{
    putchar('"');
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void report_json(const char *asked, const char *address, int level)
{
    int i;

    printf("{\"address\":");
    json_string(asked);
    printf(",\"settings_for\":");
    json_string(address);
    printf(",\"status\":\"%s\",\"exit\":%d,\"steps\":[", level_names[level], level);
    for (i = 0; i < nsteps; i++) {
        const step_t *st = &steps[i];
        printf("%s{\"step\":", i ? "," : "");
        json_string(st->name);
        printf(",\"url\":");
        json_string(st->url);
        printf(",\"dns\":");
        json_string(st->dns);
        printf(",\"http\":%d,\"tls\":", st->http.status);
        if (st->http.tls && st->answered) {
            printf("{\"verified\":%s,\"error\":", st->http.tls_ok ? "true" : "false");
            json_string(st->http.tls_ok ? "" : st->http.error);
            printf(",\"names\":");
            json_string(st->http.cert_names);
            printf(",\"days\":%ld}", st->http.cert_days);
        }
        else
            printf("null");
        printf(",\"result\":");
        json_string(st->result);
        printf(",\"settings\":%s}", st->settings ? "true" : "false");
    }
    printf("],\"servers\":[");
    for (i = 0; i < npox; i++) {
        printf("%s{\"type\":", i ? "," : "");
        json_string(pox_servers[i].type);
        printf(",\"host\":");
        json_string(pox_servers[i].host);
        printf(",\"port\":%d,\"tls\":", pox_servers[i].port);
        json_string(pox_servers[i].tls);
        printf(",\"login\":");
        json_string(pox_servers[i].login);
        printf("}");
    }
    printf("],\"ews\":");
    json_string(ews_url);
    printf(",\"autoconfig\":");
    json_string(ac_result);
    printf(",\"v2\":");
    json_string(v2_result);
    printf(",\"problems\":[");
    for (i = 0; i < nproblems; i++) {
        printf("%s{\"level\":\"%s\",\"text\":", i ? "," : "", level_names[problems[i].level]);
        json_string(problems[i].text);
        printf("}");
    }
    printf("]}\n");
}

static void report_text(const char *asked, const char *address, int level)
{
    int i;

    printf("AUTODISCOVER %s - %s\n", level_names[level], asked);
    if (strcmp(asked, address))
        printf("(redirected to %s)\n", address);
    for (i = 0; i < nsteps; i++) {
        const step_t *st = &steps[i];
        printf("\n[%d] %s: %s\n", i + 1, st->name, st->url);
        if (*st->dns)
            printf("    DNS:   %s\n", st->dns);
        if (st->http.tls && st->answered)
            printf("    TLS:   %s; certificate for %s, %ld days left\n",
                   st->http.tls_ok ? "verified" : st->http.error,
                   st->http.cert_names ? st->http.cert_names : "?", st->http.cert_days);
        if (st->answered)
            printf("    HTTP:  %d%s%s\n", st->http.status, st->http.location ? ", Location " : "",
                   st->http.location ? st->http.location : "");
        printf("    =>     %s\n", st->result);
    }
    if (npox) {
        printf("\nSettings (from %s):\n", found_url);
        for (i = 0; i < npox; i++)
            printf("    %-5s %s:%d %s%s%s\n", pox_servers[i].type, pox_servers[i].host,
                   pox_servers[i].port, pox_servers[i].tls, *pox_servers[i].login ? ", login " : "",
                   pox_servers[i].login);
        if (*ews_url)
            printf("    EWS   %s\n", ews_url);
    }
    printf("\nThunderbird autoconfig: %s\nAutodiscover v2: %s\n", ac_result, v2_result);
    if (nproblems) {
        printf("\nProblems:\n");
        for (i = 0; i < nproblems; i++)
            printf("    %s: %s\n", level_names[problems[i].level], problems[i].text);
    }
}

/* ------------------------------------------------------------- main */

static void usage(FILE *to)
{
    fprintf(to,
        "usage: autodiscover-check [options] ADDRESS\n"
        "  --password PW        answer 401 with Basic credentials (also AUTODISCOVER_PASSWORD)\n"
        "  --user NAME          the user name for them (default: the address)\n"
        "  --json               machine-readable output\n"
        "  --resolve HOST:PORT:ADDR     connect to ADDR for HOST:PORT (as curl)\n"
        "  --connect-to HOST:PORT:HOST2:PORT2   connect to HOST2:PORT2 instead (as curl)\n"
        "  --cacert FILE        trust the CAs in FILE instead of the system's\n"
        "  --dns ADDR[:PORT]    ask this name server for SRV records\n"
        "  --timeout SECONDS    per exchange (default 10)\n"
        "Exit: 0 ok, 1 warning, 2 critical, 3 unknown (bad usage).\n");
}

int main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "password", required_argument, NULL, 'p' }, { "user", required_argument, NULL, 'u' },
        { "json", no_argument, NULL, 'j' }, { "resolve", required_argument, NULL, 'r' },
        { "connect-to", required_argument, NULL, 'c' }, { "cacert", required_argument, NULL, 'a' },
        { "dns", required_argument, NULL, 'd' }, { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    char address[256], domain[256], new_address[256] = "";
    int json = 0, nresolve = 0, nconnect = 0, c, i, level = OK, found = 0;
    int hops = 0;
    const char *at;

    opts.timeout = 10;
    opts.password = getenv("AUTODISCOVER_PASSWORD");
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'p': opts.password = optarg; break;
        case 'u': opts.user = optarg; break;
        case 'j': json = 1; break;
        case 'r': if (nresolve < MAX_LIST) resolve[nresolve++] = optarg; break;
        case 'c': if (nconnect < MAX_LIST) connect_to[nconnect++] = optarg; break;
        case 'a': opts.cacert = optarg; break;
        case 'd': opts.dns = optarg; break;
        case 't': opts.timeout = atol(optarg) > 0 ? atol(optarg) : 10; break;
        case 'h': usage(stdout); return OK;
        default: usage(stderr); return UNKNOWN;
        }
    }
    if (optind != argc - 1 || !(at = strchr(argv[optind], '@')) || at == argv[optind]
        || !at[1] || strlen(argv[optind]) >= sizeof(address) || strpbrk(argv[optind], " <>&\"'/\\")) {
        usage(stderr);
        return UNKNOWN;
    }
    opts.resolve = resolve;
    opts.connect_to = connect_to;
    if (!opts.user)
        opts.user = argv[optind];   /* the address asked, also after redirectAddr */
    say(address, sizeof(address), "%s", argv[optind]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();

    do {        /* again for each redirectAddr, at most twice, as Thunderbird */
        if (*new_address) {
            say(address, sizeof(address), "%s", new_address);
            *new_address = '\0';
        }
        say(domain, sizeof(domain), "%s", strchr(address, '@') + 1);
        for (i = 0; domain[i]; i++)
            domain[i] = (char)(domain[i] >= 'A' && domain[i] <= 'Z' ? domain[i] + 32 : domain[i]);

        found = https_step("root domain", "", domain, address, new_address, sizeof(new_address));
        if (!found && !*new_address)
            found = https_step("autodiscover domain", "autodiscover.", domain, address,
                               new_address, sizeof(new_address));
        if (!found && !*new_address)
            found = http_redirect_step(domain, address, new_address, sizeof(new_address));
        if (!found && !*new_address) {
            found = srv_step(domain, address, new_address, sizeof(new_address));
            if (found)
                problem(WARNING, "only the SRV record leads to a server: Outlook asks the user "
                        "before it uses it; serve https://autodiscover.%s as well", domain);
        }
    } while (!found && *new_address && ++hops <= 2);

    if (!found)
        problem(CRITICAL, "no step of the discovery gave settings for %s", address);
    autoconfig_check(domain, address);
    v2_check(address);
    consistency();
    for (i = 0; i < nproblems; i++)
        if (problems[i].level > level)
            level = problems[i].level;
    if (json)
        report_json(argv[optind], address, level);
    else
        report_text(argv[optind], address, level);
    for (i = 0; i < nsteps; i++)
        check_http_free(&steps[i].http);
    xmlCleanupParser();
    curl_global_cleanup();
    return level;
}
