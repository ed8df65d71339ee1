/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * libFuzzer target: a server's answer as autodiscover-check reads it, as a
 * POX answer and as an autoconfig answer; what it points to through the
 * checks of check_text.c; and every string through both escapers. Any
 * broken property aborts with its reason.
 */
#define _GNU_SOURCE                 /* open_memstream */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include "check_parse.h"
#include "check_text.h"

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static void leaked_message(void *ctx, const char *fmt, ...)
{
    (void)ctx;
    FAIL("libxml2 message escaped: %s", fmt);
}

static void leaked_error(void *ctx, xmlErrorPtr error)
{
    (void)ctx;
    FAIL("libxml2 error escaped: %s", error && error->message ? error->message : "?");
}

static void terminated(const char *what, const char *s, size_t size)
{
    if (!memchr(s, '\0', size))
        FAIL("%s is not NUL-terminated within its buffer", what);
}

/* What check_put_text and check_put_json make of s: no control character
 * reaches the output, the JSON is one string of valid UTF-8. */
static void escapes(const char *s)
{
    char *buf = NULL;
    size_t len = 0, i, n;
    FILE *f = open_memstream(&buf, &len);
    unsigned long cp;

    if (!f)
        abort();
    check_put_text(f, s);
    fclose(f);
    for (i = 0; i < len; i += n) {
        if (!(n = check_utf8_char((const unsigned char *)buf + i, len - i, &cp)))
            FAIL("text output is not UTF-8 at %zu", i);
        if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e)
            || (cp >= 0x2066 && cp <= 0x2069))
            FAIL("control U+%04lx in the text output", cp);
    }
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    if (!f)
        abort();
    check_put_json(f, s);
    fclose(f);
    if (len < 2 || buf[0] != '"' || buf[len - 1] != '"')
        FAIL("JSON output is not a string");
    for (i = 1; i < len - 1; i += n) {
        if (!(n = check_utf8_char((const unsigned char *)buf + i, len - 1 - i, &cp)))
            FAIL("JSON output is not UTF-8 at %zu", i);
        if (cp < 0x20 || cp == 0x7f)
            FAIL("raw control U+%04lx in the JSON output", cp);
        if (cp == '"')
            FAIL("unescaped quote in the JSON output");
        if (cp == '\\') {
            if (i + 1 >= len - 1 || !strchr("\"\\u", buf[i + 1]))
                FAIL("bad JSON escape");
            n = buf[i + 1] == 'u' ? 6 : 2;
        }
    }
    free(buf);
}

/* The checks of what servers choose, and their promises. */
static void checks(const char *s)
{
    char host[CHECK_MAX_HOST + 1];
    const char *at, *p;
    int port = -1;

    if (!check_address_invalid(s)) {
        at = strchr(s, '@');
        if (!at || strchr(at + 1, '@') || at == s || strlen(s) > CHECK_MAX_ADDRESS
            || strpbrk(s, "<>&\"'/\\ \t\r\n"))
            FAIL("address passed: %s", s);
        if (check_host_invalid(at + 1))
            FAIL("address passed with a bad host: %s", s);
    }
    if (!check_url_invalid(s, host, sizeof(host), &port)) {
        if (strncasecmp(s, "https://", 8) || strlen(s) > CHECK_MAX_URL)
            FAIL("URL passed: %s", s);
        if (port < 1 || port > 65535 || check_host_invalid(host) || !*host)
            FAIL("URL passed with host %s port %d: %s", host, port, s);
        for (p = s; *p; p++)
            if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
                FAIL("URL passed with a control or non-ASCII byte: %s", s);
        /* The host is what follows "https://", up to the port or path:
         * nothing else (no user information) can name another one. */
        if (strncasecmp(s + 8, host, strlen(host)) || !strchr(":/?#", s[8 + strlen(host)] ? s[8 + strlen(host)] : '/'))
            FAIL("URL passed with host %s not at its start: %s", host, s);
        for (p = host; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                FAIL("host not lower case: %s", host);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, leaked_message);
    xmlSetStructuredErrorFunc(NULL, leaked_error);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_pox_t pox;
    check_server_t servers[CHECK_MAX_SERVERS];
    char *s;
    int i, n;

    check_parse_pox((const char *)data, size, &pox);
    terminated("result", pox.result, sizeof(pox.result));
    terminated("EwsUrl", pox.ews_url, sizeof(pox.ews_url));
    if (pox.nservers < 0 || pox.nservers > CHECK_MAX_SERVERS)
        FAIL("%d servers", pox.nservers);
    if ((pox.kind == CHECK_POX_REDIRECT_ADDR || pox.kind == CHECK_POX_REDIRECT_URL) != !!pox.redirect)
        FAIL("a redirect kind %d with redirect %p", pox.kind, (void *)pox.redirect);
    if (pox.kind != CHECK_POX_SETTINGS && pox.nservers)
        FAIL("servers without settings");
    for (i = 0; i < pox.nservers; i++) {
        const check_server_t *sv = &pox.servers[i];
        terminated("type", sv->type, sizeof(sv->type));
        terminated("host", sv->host, sizeof(sv->host));
        terminated("tls", sv->tls, sizeof(sv->tls));
        terminated("login", sv->login, sizeof(sv->login));
        if (sv->port < 0 || sv->port > 65535)
            FAIL("port %d", sv->port);
        escapes(sv->host);
        escapes(sv->login);
    }
    escapes(pox.result);
    if (pox.redirect) {
        checks(pox.redirect);
        escapes(pox.redirect);
    }
    check_pox_free(&pox);

    n = check_parse_autoconfig((const char *)data, size, servers, CHECK_MAX_SERVERS);
    if (n < -1 || n > CHECK_MAX_SERVERS)
        FAIL("autoconfig: %d servers", n);
    for (i = 0; i < n; i++) {
        terminated("autoconfig host", servers[i].host, sizeof(servers[i].host));
        terminated("autoconfig type", servers[i].type, sizeof(servers[i].type));
        if (servers[i].port < 0 || servers[i].port > 65535)
            FAIL("autoconfig port %d", servers[i].port);
    }

    /* The input itself, as a Location header or an address would be. */
    if ((s = malloc(size + 1))) {
        memcpy(s, data, size);
        s[size] = '\0';
        checks(s);
        escapes(s);
        free(s);
    }
    return 0;
}
