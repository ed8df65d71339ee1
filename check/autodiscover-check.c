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
 * found, and whether the formats agree on host, port and TLS mode; then
 * PACC: the domain's document and whether its SHA-256 is the one the TXT
 * record _ua-auto-config.DOMAIN publishes.
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
#include <openssl/evp.h>
#include "check_net.h"
#include "check_parse.h"
#include "check_text.h"

#define MAX_LIST     16
#define MAX_HOPS     10         /* redirectUrl and 301/302 followed from one step */
#define MAX_ROUNDS   3          /* the address asked, then at most two redirectAddr */
#define NS_OUTLOOK_REQ  "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"
#define NS_OUTLOOK_RESP "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"
#define POX_PATH "/autodiscover/autodiscover.xml"
#define PACC_PATH "/.well-known/user-agent-configuration.json"
#define MAX_TXT 8               /* TXT records read at _ua-auto-config.DOMAIN */

enum { OK = 0, WARNING = 1, CRITICAL = 2, UNKNOWN = 3 };
static const char *const level_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

typedef struct {
    const char *name;           /* what the step is */
    char url[CHECK_MAX_URL + 1];
    char dns[300];
    check_http_t http;
    int answered;               /* an HTTP answer came */
    int pox;                    /* the Outlook request was POSTed to url */
    char result[512];           /* what it gave, in words */
    int settings;               /* it gave settings */
} step_t;

typedef struct {
    int level;
    char text[1024];
} problem_t;

/* How a URL was reached: what decides whether it gets the credentials. */
typedef struct {
    int via_http;               /* the plain-http step led here */
    int via_unverified;         /* an answer whose certificate failed led here */
} chain_t;

/* Where an answer points next: a checked https URL or a checked address. */
typedef struct {
    char target[CHECK_MAX_URL + 1];     /* "": nowhere */
    int is_url;
    chain_t chain;
} next_t;

static check_opts_t opts;
static int trust_redirects;     /* --trust-redirects */
static char user_domain[CHECK_MAX_ADDRESS + 1];    /* of the address asked, lower case */
static const char *resolve[MAX_LIST + 1], *connect_to[MAX_LIST + 1];
static step_t **steps;          /* as many as the discovery takes */
static int nsteps, round_start;
static problem_t *problems;     /* as many as there are: each counts for the exit code */
static int nproblems;
static check_server_t pox_servers[CHECK_MAX_SERVERS], ac_servers[CHECK_MAX_SERVERS];
static int npox, nac;
static char ews_url[512], found_url[CHECK_MAX_URL + 1], v2_result[CHECK_MAX_URL + 600];
static char ac_result[CHECK_MAX_URL + 100];
static char pacc_result[CHECK_MAX_URL + 400];

static void problem(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* snprintf that may truncate (every use here may) and whose arguments may
 * lie in the destination's own structure. */
static void say(char *out, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *out, size_t len, const char *fmt, ...)
{
    char tmp[4096];
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
    problem_t *grown = realloc(problems, (nproblems + 1) * sizeof(*problems));
    va_list ap;

    if (!grown) {
        fprintf(stderr, "autodiscover-check: out of memory\n");
        exit(UNKNOWN);
    }
    problems = grown;
    problems[nproblems].level = level;
    va_start(ap, fmt);
    vsnprintf(problems[nproblems].text, sizeof(problems[nproblems].text), fmt, ap);
    va_end(ap);
    nproblems++;
}

static void *alloc_or_die(size_t n)
{
    void *p = calloc(1, n);

    if (!p) {
        fprintf(stderr, "autodiscover-check: out of memory\n");
        exit(UNKNOWN);
    }
    return p;
}

/* s with every byte outside A-Z a-z 0-9 -._~ and keep as %XX; 0 when it
 * does not fit. */
static int url_escape(const char *s, const char *keep, char *out, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;

    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || strchr("-._~", c) || (keep && strchr(keep, c))) {
            if (o + 1 >= len)
                return 0;
            out[o++] = (char)c;
        }
        else {
            if (o + 3 >= len)
                return 0;
            out[o++] = '%';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        }
    }
    if (!len)
        return 0;
    out[o] = '\0';
    return 1;
}

/* s with & < > " ' as XML references; 0 when it does not fit. */
static int xml_escape(const char *s, char *out, size_t len)
{
    size_t o = 0;

    for (; *s; s++) {
        const char *r = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                      : *s == '"' ? "&quot;" : *s == '\'' ? "&apos;" : NULL;
        size_t n = r ? strlen(r) : 1;
        if (o + n >= len)
            return 0;
        memcpy(out + o, r ? r : s, n);
        o += n;
    }
    if (!len)
        return 0;
    out[o] = '\0';
    return 1;
}

/* --------------------------------------------------------- the steps */

static step_t *new_step(const char *name, const char *url)
{
    step_t *st = alloc_or_die(sizeof(*st));
    step_t **grown = realloc(steps, (nsteps + 1) * sizeof(*steps));

    if (!grown) {
        fprintf(stderr, "autodiscover-check: out of memory\n");
        exit(UNKNOWN);
    }
    steps = grown;
    steps[nsteps++] = st;
    st->name = name;
    say(st->url, sizeof(st->url), "%s", url);
    return st;
}

/* TLS findings of an exchange as problems. */
static void judge_tls(const step_t *st, const char *host)
{
    if (!st->http.tls || !st->answered)
        return;
    if (!st->http.tls_ok)
        problem(CRITICAL, "%s: the certificate is refused (%s)%s%.400s: Outlook shows a certificate "
                "warning", st->url, st->http.error,
                st->http.cert_names ? "; it names " : "",
                st->http.cert_names ? st->http.cert_names : "");
    if (st->http.cert_names && st->http.cert_days < 0)
        problem(CRITICAL, "%s: the certificate of %s has expired", st->url, host);
    else if (st->http.cert_names && st->http.cert_days < 30)
        problem(WARNING, "%s: the certificate of %s expires in %ld days", st->url, host,
                st->http.cert_days);
}

/* Why this exchange must not get the credentials, or NULL when it may:
 * https with a verified certificate, reached without an unverified answer,
 * and (unless --trust-redirects) neither through the plain-http step nor
 * on a host other than the user's domain or its autodiscover name. */
static const char *credentials_withheld(const step_t *st, const char *host, const chain_t *chain,
                                        char *buf, size_t len)
{
    if (!st->http.tls)
        return "not https";
    if (!st->http.tls_ok)
        return "the certificate is not verified";
    if (chain->via_unverified)
        return "reached through a server whose certificate is not verified";
    if (trust_redirects)
        return NULL;
    if (chain->via_http)
        return "reached through the plain-http step (--trust-redirects sends them)";
    if (strcmp(host, user_domain)
        && (strncmp(host, "autodiscover.", 13) || strcmp(host + 13, user_domain))) {
        say(buf, len, "%s is neither %s nor autodiscover.%s (--trust-redirects sends them)",
            host, user_domain, user_domain);
        return buf;
    }
    return NULL;
}

/* A redirect target a server sent: kept in next when it passes the checks,
 * a problem when not. */
static void take_redirect(const char *target, int is_url, const step_t *st, const chain_t *chain,
                          next_t *next)
{
    char host[CHECK_MAX_HOST + 1];
    const char *why;
    int port;

    if (!is_url) {
        if ((why = check_address_invalid(target))) {
            problem(CRITICAL, "a redirectAddr to %.400s, which is not an address (%s): not followed",
                    target, why);
            return;
        }
    }
    else if ((why = check_url_invalid(target, host, sizeof(host), &port))) {
        if (!strcmp(why, "not https"))
            problem(CRITICAL, "a redirect leads to %.400s, which is not https: clients refuse it",
                    target);
        else
            problem(CRITICAL, "a redirect to %.400s, which is not a usable URL (%s): not followed",
                    target, why);
        return;
    }
    say(next->target, sizeof(next->target), "%s", target);
    next->is_url = is_url;
    next->chain = *chain;
    if (st->http.tls && !st->http.tls_ok)
        next->chain.via_unverified = 1;
}

/* POST the Outlook request to url (a checked https URL, after DNS),
 * credentials on a 401 where they may go. Returns 1 when it gave settings;
 * where it points next is in next. */
static int pox_step(const char *name, const char *url, const char *address, const chain_t *chain,
                    next_t *next)
{
    char body[2048], escaped[6 * CHECK_MAX_ADDRESS + 1], host[CHECK_MAX_HOST + 1], why_buf[800];
    const char *why;
    step_t *st = new_step(name, url);
    int port;

    memset(next, 0, sizeof(*next));
    st->pox = 1;
    if ((why = check_url_invalid(url, host, sizeof(host), &port))) {
        say(st->result, sizeof(st->result), "skipped: %s", why);
        return 0;
    }
    if (check_address(&opts, host, port, st->dns, sizeof(st->dns)) != 0) {
        say(st->result, sizeof(st->result), "skipped: %s has no address", host);
        return 0;
    }
    if (!xml_escape(address, escaped, sizeof(escaped))) {
        say(st->result, sizeof(st->result), "skipped: the address is too long");
        return 0;
    }
    say(body, sizeof(body), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
             "<Autodiscover xmlns=\"" NS_OUTLOOK_REQ "\"><Request><EMailAddress>%s</EMailAddress>"
             "<AcceptableResponseSchema>" NS_OUTLOOK_RESP "</AcceptableResponseSchema>"
             "</Request></Autodiscover>", escaped);
    if (check_http(&opts, "POST", url, body, "Content-Type: text/xml; charset=utf-8", 0,
                   &st->http) != 0) {
        say(st->result, sizeof(st->result), "no answer: %s", st->http.error);
        return 0;
    }
    st->answered = 1;
    if (st->http.status == 401 && opts.password) {
        if ((why = credentials_withheld(st, host, chain, why_buf, sizeof(why_buf)))) {
            judge_tls(st, host);
            say(st->result, sizeof(st->result), "HTTP 401: credentials withheld: %s", why);
            return 0;
        }
        check_http_free(&st->http);
        if (check_http(&opts, "POST", url, body, "Content-Type: text/xml; charset=utf-8", 1,
                       &st->http) != 0) {
            st->answered = 0;
            say(st->result, sizeof(st->result), "no answer: %s", st->http.error);
            return 0;
        }
    }
    judge_tls(st, host);
    if (st->http.status == 200) {
        check_pox_t pox;
        check_parse_pox(st->http.body, st->http.body_len, &pox);
        say(st->result, sizeof(st->result), "%s", pox.result);
        if (pox.kind == CHECK_POX_SETTINGS) {
            st->settings = 1;
            npox = pox.nservers;
            memcpy(pox_servers, pox.servers, sizeof(pox_servers));
            if (!*ews_url)
                say(ews_url, sizeof(ews_url), "%s", pox.ews_url);
        }
        else if (pox.kind == CHECK_POX_REDIRECT_ADDR || pox.kind == CHECK_POX_REDIRECT_URL)
            take_redirect(pox.redirect, pox.kind == CHECK_POX_REDIRECT_URL, st, chain, next);
        check_pox_free(&pox);
        if (st->http.tls && !st->http.tls_ok) {
            char r[sizeof(st->result)];
            say(r, sizeof(r), "%s, past a certificate warning only", st->result);
            say(st->result, sizeof(st->result), "%s", r);
        }
        return st->settings;
    }
    if ((st->http.status == 301 || st->http.status == 302) && st->http.location) {
        say(st->result, sizeof(st->result), "HTTP %d to %s", st->http.status,
                 st->http.location);
        take_redirect(st->http.location, 1, st, chain, next);
        return 0;
    }
    say(st->result, sizeof(st->result), "HTTP %d%s", st->http.status,
        st->http.status != 401 ? "" : !opts.password ? ": credentials needed (--password)"
        : ": the credentials were refused");
    return 0;
}

/* Whether url was POSTed to already for this address. */
static int asked_already(const char *url)
{
    int i;

    for (i = round_start; i < nsteps; i++)
        if (steps[i]->pox && !strcmp(steps[i]->url, url))
            return 1;
    return 0;
}

/* Follow redirectUrl answers and 301/302 (checked https URLs), at most
 * MAX_HOPS, never back to a URL asked already. A redirectAddr ends up in
 * new_address. */
static int follow(const char *address, next_t *next, char *new_address, size_t alen)
{
    int hops = 0;

    while (*next->target) {
        next_t then;
        if (!next->is_url) {
            say(new_address, alen, "%s", next->target);
            return 0;
        }
        if (hops++ == MAX_HOPS) {
            problem(CRITICAL, "more than %d redirects, the last to %s; not followed", MAX_HOPS,
                    next->target);
            return 0;
        }
        if (asked_already(next->target)) {
            problem(CRITICAL, "redirects loop back to %s; not followed", next->target);
            return 0;
        }
        if (pox_step("redirected", next->target, address, &next->chain, &then)) {
            say(found_url, sizeof(found_url), "%s", next->target);
            return 1;
        }
        *next = then;
    }
    return 0;
}

/* Steps 1 and 2: POST to https://PREFIXDOMAIN/..., then follow what it says. */
static int https_step(const char *name, const char *prefix, const char *domain,
                      const char *address, char *new_address, size_t alen)
{
    char url[CHECK_MAX_URL + 1];
    chain_t chain = { 0, 0 };
    next_t next;

    say(url, sizeof(url), "https://%s%s" POX_PATH, prefix, domain);
    if (pox_step(name, url, address, &chain, &next)) {
        say(found_url, sizeof(found_url), "%s", url);
        return 1;
    }
    return follow(address, &next, new_address, alen);
}

static int http_redirect_step(const char *domain, const char *address, char *new_address, size_t alen)
{
    char url[CHECK_MAX_URL + 1], host[CHECK_MAX_HOST + 1];
    chain_t chain = { 1, 0 };
    next_t next;
    step_t *st;

    memset(&next, 0, sizeof(next));
    say(url, sizeof(url), "http://autodiscover.%s" POX_PATH, domain);
    st = new_step("http redirect", url);
    say(host, sizeof(host), "autodiscover.%s", domain);
    if (check_address(&opts, host, 80, st->dns, sizeof(st->dns)) != 0) {
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
    take_redirect(st->http.location, 1, st, &chain, &next);
    return follow(address, &next, new_address, alen);
}

static int srv_step(const char *domain, const char *address, char *new_address, size_t alen)
{
    check_srv_t srv[8];
    char name[CHECK_MAX_HOST + 32], url[CHECK_MAX_URL + 1];
    chain_t chain = { 0, 0 };
    next_t next;
    step_t *st, *target;
    int n, i, best = -1, on443 = 0;

    say(name, sizeof(name), "_autodiscover._tcp.%s", domain);
    st = new_step("SRV record", name);
    n = check_srv(&opts, name, srv, 8);
    if (n == -2) {
        say(st->result, sizeof(st->result), "a malformed DNS answer");
        return 0;
    }
    if (n < 0) {
        say(st->result, sizeof(st->result), "no SRV record");
        return 0;
    }
    for (i = 0; i < n; i++) {        /* RFC 2782: lowest priority, then highest weight */
        if (srv[i].port != 443)
            continue;
        on443++;
        if (check_host_invalid(srv[i].target)) {
            problem(CRITICAL, "%s points to %s, which is not a host name", name, srv[i].target);
            continue;
        }
        if (best < 0 || srv[i].priority < srv[best].priority
            || (srv[i].priority == srv[best].priority && srv[i].weight > srv[best].weight))
            best = i;
    }
    if (best < 0) {
        say(st->result, sizeof(st->result), "%d SRV record%s, none %son port 443", n,
                 n == 1 ? "" : "s", on443 ? "usable " : "");
        if (!on443)
            problem(WARNING, "%s: no SRV record on port 443; clients use only those", name);
        return 0;
    }
    say(st->dns, sizeof(st->dns), "%s port %d (priority %d, weight %d)",
             srv[best].target, srv[best].port, srv[best].priority, srv[best].weight);
    say(st->result, sizeof(st->result), "points to %s", srv[best].target);
    say(url, sizeof(url), "https://%s" POX_PATH, srv[best].target);
    if (pox_step("SRV target", url, address, &chain, &next)) {
        say(found_url, sizeof(found_url), "%s", url);
        return 1;
    }
    target = steps[nsteps - 1];
    if (!target->answered)
        problem(CRITICAL, "%s points to %s, which does not answer: %s", name, srv[best].target,
                target->result);
    return follow(address, &next, new_address, alen);
}

/* ----------------------------------------------- the other formats */

static void autoconfig_check(const char *domain, const char *address)
{
    char url[CHECK_MAX_URL + 1], host[CHECK_MAX_HOST + 1], dns[300], escaped[3 * CHECK_MAX_ADDRESS + 1];
    const char *candidates[2] = { "https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s",
                                  "https://%s/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=%s" };
    int i, port, n;

    say(ac_result, sizeof(ac_result), "no answer");
    if (!url_escape(address, NULL, escaped, sizeof(escaped)))
        return;
    for (i = 0; i < 2; i++) {
        check_http_t h;
        say(url, sizeof(url), candidates[i], domain, escaped);
        if (check_url_invalid(url, host, sizeof(host), &port)
            || check_address(&opts, host, port, dns, sizeof(dns)) != 0)
            continue;
        if (check_http(&opts, "GET", url, NULL, NULL, 0, &h) != 0 || h.status != 200 || !h.tls_ok) {
            check_http_free(&h);
            continue;
        }
        n = check_parse_autoconfig(h.body, h.body_len, ac_servers, CHECK_MAX_SERVERS);
        nac = n < 0 ? 0 : n;
        say(ac_result, sizeof(ac_result), "%s: %s%d servers", url, n < 0 ? "not XML, " : "", nac);
        check_http_free(&h);
        return;
    }
}

static void v2_check(const char *address)
{
    char url[CHECK_MAX_URL + 600], origin[CHECK_MAX_URL + 1], escaped[3 * CHECK_MAX_ADDRESS + 1];
    const char *p;
    check_http_t h;

    if (!*found_url) {
        say(v2_result, sizeof(v2_result), "not asked: no server found");
        return;
    }
    p = strstr(found_url, "://");
    p = p ? p + 3 + strcspn(p + 3, "/?#") : NULL;
    say(origin, sizeof(origin), "%.*s", p ? (int)(p - found_url) : (int)strlen(found_url),
             found_url);
    url_escape(address, "@", escaped, sizeof(escaped));
    say(url, sizeof(url), "%s/autodiscover/autodiscover.json/v1.0/%s?Protocol=AutodiscoverV1",
             origin, escaped);
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

/* PACC: what the TXT records at name say of a document whose SHA-256 is
 * md (NULL: no document). Returns 1 when one matches; *records counts the
 * PACC records, and the first that does not match is described in other. */
static int pacc_txt_match(const char *name, const unsigned char *md, int *records,
                          char *other, size_t olen)
{
    check_txt_t txt[MAX_TXT];
    char d[128];
    int n = check_txt(&opts, name, txt, MAX_TXT), i;

    *records = 0;
    *other = '\0';
    if (n == -2) {
        problem(WARNING, "PACC: %s: a malformed DNS answer", name);
        return 0;
    }
    for (i = 0; i < n; i++) {
        unsigned char got[64];
        const char *why = check_uaac_invalid(txt[i].text, d, sizeof(d));
        if (why == check_not_uaac)
            continue;
        (*records)++;
        if (!why && md && check_base64_decode(d, got, sizeof(got)) == 32
            && !memcmp(got, md, 32))
            return 1;
        if (!*other)
            say(other, olen, "\"%.300s\"%s%s", txt[i].text, why ? ": " : "", why ? why : "");
    }
    return 0;
}

/* The document at https://ua-auto-config.DOMAIN/... and its TXT record. */
static void pacc_check(const char *domain)
{
    char host[CHECK_MAX_HOST + 1], url[CHECK_MAX_URL + 1], name[CHECK_MAX_HOST + 32];
    char dns[300], why[CHECK_MAX_URL + 64] = "", other[400], want[64];
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    int doc = 0, records, match;
    check_http_t h;

    memset(&h, 0, sizeof(h));
    say(host, sizeof(host), "ua-auto-config.%s", domain);
    say(url, sizeof(url), "https://%s" PACC_PATH, host);
    say(name, sizeof(name), "_ua-auto-config.%s", domain);
    if (check_host_invalid(host))
        say(why, sizeof(why), "%s is not a host name", host);
    else if (check_address(&opts, host, 443, dns, sizeof(dns)) != 0)
        say(why, sizeof(why), "%s has no address", host);
    else if (check_http(&opts, "GET", url, NULL, NULL, 0, &h) != 0)
        say(why, sizeof(why), "no answer: %s", h.error);
    else if (h.status != 200)
        /* No client follows a redirect here: the digest is of this URL's body. */
        say(why, sizeof(why), "HTTP %d%s%.300s", h.status, h.location ? " to " : "",
            h.location ? h.location : "");
    else
        doc = EVP_Digest(h.body, h.body_len, md, &mdlen, EVP_sha256(), NULL) && mdlen == 32;
    if (h.status && h.tls && !h.tls_ok)
        problem(WARNING, "PACC: %s: the certificate is refused (%s): clients do not read "
                "the document", url, h.error);
    match = pacc_txt_match(name, doc ? md : NULL, &records, other, sizeof(other));
    if (doc) {
        check_base64_encode(md, 32, want);
        if (match)
            say(pacc_result, sizeof(pacc_result), "%s: %lu bytes, SHA-256 %s, as %s says",
                url, (unsigned long)h.body_len, want, name);
        else
            say(pacc_result, sizeof(pacc_result), "%s: %lu bytes, SHA-256 %s, %s", url,
                (unsigned long)h.body_len, want, records ? "not as the TXT record says"
                : "no TXT record");
        if (!match && records)
            problem(WARNING, "PACC: the document's SHA-256 is %s, but %s says %s: clients "
                    "refuse the document; publish \"v=UAAC1; a=sha256; d=%s\" there "
                    "(apachectl -t -D AUTODISCOVER_DNS prints it)", want, name, other, want);
        else if (!match)
            problem(WARNING, "PACC: %s serves a document but %s has no TXT record "
                    "\"v=UAAC1; a=sha256; d=...\": clients refuse the document without it; "
                    "publish \"v=UAAC1; a=sha256; d=%s\"", url, name, want);
    }
    else {
        say(pacc_result, sizeof(pacc_result), "%s: no document (%s)%s", url, why,
            records ? ", but a TXT record" : "");
        if (records)
            problem(WARNING, "PACC: %s publishes %s, but %s gives no document (%s): "
                    "clients find nothing there", name, other, url, why);
    }
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
        const check_server_t *a = NULL, *b = NULL;
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
    check_put_json(stdout, s);
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
        const step_t *st = steps[i];
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
    printf(",\"pacc\":");
    json_string(pacc_result);
    printf(",\"problems\":[");
    for (i = 0; i < nproblems; i++) {
        printf("%s{\"level\":\"%s\",\"text\":", i ? "," : "", level_names[problems[i].level]);
        json_string(problems[i].text);
        printf("}");
    }
    printf("]}\n");
}

/* One line of the text report; what servers chose is in it, so it goes
 * out escaped (no control character, no line break of theirs). */
static void line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void line(const char *fmt, ...)
{
    va_list ap;
    char *buf;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    buf = alloc_or_die((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    check_put_text(stdout, buf);
    putchar('\n');
    free(buf);
}

static void report_text(const char *asked, const char *address, int level)
{
    int i;

    line("AUTODISCOVER %s - %s", level_names[level], asked);
    if (strcmp(asked, address))
        line("(redirected to %s)", address);
    for (i = 0; i < nsteps; i++) {
        const step_t *st = steps[i];
        line("%s", "");
        line("[%d] %s: %s", i + 1, st->name, st->url);
        if (*st->dns)
            line("    DNS:   %s", st->dns);
        if (st->http.tls && st->answered)
            line("    TLS:   %s; certificate for %s, %ld days left",
                 st->http.tls_ok ? "verified" : st->http.error,
                 st->http.cert_names ? st->http.cert_names : "?", st->http.cert_days);
        if (st->answered)
            line("    HTTP:  %d%s%s", st->http.status, st->http.location ? ", Location " : "",
                 st->http.location ? st->http.location : "");
        line("    =>     %s", st->result);
    }
    if (npox) {
        line("%s", "");
        line("Settings (from %s):", found_url);
        for (i = 0; i < npox; i++)
            line("    %-5s %s:%d %s%s%s", pox_servers[i].type, pox_servers[i].host,
                 pox_servers[i].port, pox_servers[i].tls, *pox_servers[i].login ? ", login " : "",
                 pox_servers[i].login);
        if (*ews_url)
            line("    EWS   %s", ews_url);
    }
    line("%s", "");
    line("Thunderbird autoconfig: %s", ac_result);
    line("Autodiscover v2: %s", v2_result);
    line("PACC: %s", pacc_result);
    if (nproblems) {
        line("%s", "");
        line("Problems:");
        for (i = 0; i < nproblems; i++)
            line("    %s: %s", level_names[problems[i].level], problems[i].text);
    }
}

/* ------------------------------------------------------------- main */

static void usage(FILE *to)
{
    fprintf(to,
        "usage: autodiscover-check [options] ADDRESS\n"
        "  --password PW        answer 401 with Basic credentials (also AUTODISCOVER_PASSWORD),\n"
        "                       over https to a verified host of the address's domain only\n"
        "  --user NAME          the user name for them (default: the address)\n"
        "  --trust-redirects    send them also where redirects, the plain-http step and\n"
        "                       SRV records lead (verified https still)\n"
        "  --json               machine-readable output\n"
        "  --resolve HOST:PORT:ADDR     connect to ADDR for HOST:PORT (as curl)\n"
        "  --connect-to HOST:PORT:HOST2:PORT2   connect to HOST2:PORT2 instead (as curl)\n"
        "  --cacert FILE        trust the CAs in FILE instead of the system's\n"
        "  --dns ADDR[:PORT]    ask this name server for SRV and TXT records\n"
        "  --timeout SECONDS    per exchange (default 10)\n"
        "Exit: 0 ok, 1 warning, 2 critical, 3 unknown (bad usage).\n");
}

static void lower(char *s)
{
    for (; *s; s++)
        *s = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
}

int main(int argc, char **argv)
{
    static const struct option long_opts[] = {
        { "password", required_argument, NULL, 'p' }, { "user", required_argument, NULL, 'u' },
        { "json", no_argument, NULL, 'j' }, { "resolve", required_argument, NULL, 'r' },
        { "connect-to", required_argument, NULL, 'c' }, { "cacert", required_argument, NULL, 'a' },
        { "dns", required_argument, NULL, 'd' }, { "timeout", required_argument, NULL, 't' },
        { "trust-redirects", no_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    char address[CHECK_MAX_ADDRESS + 1], domain[CHECK_MAX_ADDRESS + 1];
    char new_address[CHECK_MAX_ADDRESS + 1] = "", asked[MAX_ROUNDS][CHECK_MAX_ADDRESS + 1];
    int json = 0, nresolve = 0, nconnect = 0, c, i, level = OK, found = 0, rounds = 0;

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
        case 'T': trust_redirects = 1; break;
        case 'h': usage(stdout); return OK;
        default: usage(stderr); return UNKNOWN;
        }
    }
    if (optind != argc - 1 || check_address_invalid(argv[optind])) {
        usage(stderr);
        return UNKNOWN;
    }
    opts.resolve = resolve;
    opts.connect_to = connect_to;
    if (!opts.user)
        opts.user = argv[optind];   /* the address asked, also after redirectAddr */
    say(address, sizeof(address), "%s", argv[optind]);
    say(user_domain, sizeof(user_domain), "%s", strchr(address, '@') + 1);
    lower(user_domain);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();

    /* Again for each redirectAddr (a checked address), at most twice, as
     * Thunderbird, never back to an address asked. */
    for (;;) {
        round_start = nsteps;
        say(asked[rounds++], sizeof(asked[0]), "%s", address);
        say(domain, sizeof(domain), "%s", strchr(address, '@') + 1);
        lower(domain);

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
        if (found || !*new_address)
            break;
        for (i = 0; i < rounds && strcasecmp(asked[i], new_address); i++)
            ;
        if (i < rounds) {
            problem(CRITICAL, "redirectAddr loops back to %s; not followed", new_address);
            break;
        }
        if (rounds == MAX_ROUNDS) {
            problem(CRITICAL, "more than %d redirectAddr, the last to %s; not followed",
                    MAX_ROUNDS - 1, new_address);
            break;
        }
        say(address, sizeof(address), "%s", new_address);
        *new_address = '\0';
    }

    if (!found)
        problem(CRITICAL, "no step of the discovery gave settings for %s", address);
    autoconfig_check(domain, address);
    v2_check(address);
    consistency();
    pacc_check(domain);
    for (i = 0; i < nproblems; i++)
        if (problems[i].level > level)
            level = problems[i].level;
    if (json)
        report_json(argv[optind], address, level);
    else
        report_text(argv[optind], address, level);
    for (i = 0; i < nsteps; i++) {
        check_http_free(&steps[i]->http);
        free(steps[i]);
    }
    free(steps);
    free(problems);
    xmlCleanupParser();
    curl_global_cleanup();
    return level;
}
