/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * libFuzzer targets: what the module takes from a URL, as its handlers take
 * it, through ad_query.c and ad_address_split(). Built once per endpoint
 * (QUERY_TARGET):
 *   1 v2-path             the path after /autodiscover/autodiscover.json
 *   2 v2-query            the query string: Email and Protocol
 *   3 autoconfig-query    the query string's emailaddress, else the Host
 *                         (the input's first line) as the domain
 *   4 mobileconfig-query  emailaddress, and the address the profile names
 * Every value that comes back is checked against a plain reference
 * decoding and for the promises ad_query.h and ad_pox.h make: valid UTF-8
 * without controls, within its length bound, an address with exactly one
 * '@', a lower-case ASCII host name after it. A broken promise aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <apr_general.h>
#include <apr_pools.h>
#include <apr_strings.h>
#include "ad_query.h"
#include "ad_pox.h"

#ifndef QUERY_TARGET
#define QUERY_TARGET 2
#endif

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static apr_pool_t *root;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    apr_initialize();
    apr_pool_create(&root, NULL);
    return 0;
}

static __attribute__((unused)) int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* The reference: the first NAME=VALUE segment, percent-decoded byte by
 * byte. Returns 1 found (value in out, its length in *olen), 0 absent,
 * -1 a bad escape, -2 longer than max encoded. */
static __attribute__((unused)) int reference(const char *args, const char *name, size_t max, char *out, size_t *olen)
{
    size_t nlen = strlen(name);
    const char *s = args;

    while (*s) {
        size_t seg = strcspn(s, "&"), i, o = 0;
        const char *eq = memchr(s, '=', seg);
        if (eq && (size_t)(eq - s) == nlen && !strncasecmp(s, name, nlen)) {
            const char *v = eq + 1;
            size_t vlen = seg - nlen - 1;
            if (vlen > max)
                return -2;
            for (i = 0; i < vlen; i++) {
                if (v[i] != '%') {
                    out[o++] = v[i];
                    continue;
                }
                if (i + 2 >= vlen || hexval(v[i + 1]) < 0 || hexval(v[i + 2]) < 0)
                    return -1;
                out[o++] = (char)(hexval(v[i + 1]) * 16 + hexval(v[i + 2]));
                i += 2;
            }
            *olen = o;
            return 1;
        }
        s += seg;
        if (*s)
            s++;
    }
    return 0;
}

static void text_value(const char *what, const char *v, size_t max)
{
    size_t n = strlen(v);

    if (n > max)
        FAIL("%s: %zu bytes, more than %zu", what, n, max);
    if (!ad_utf8_valid(v, n))
        FAIL("%s: not valid UTF-8 text: %s", what, v);
}

/* One query parameter, compared with the reference. */
static __attribute__((unused)) const char *param(apr_pool_t *p, const char *args, const char *name, size_t max)
{
    const char *got[1] = { NULL }, *why = ad_query_get(p, args, name, max, got), *value = got[0];
    char *ref = malloc(strlen(args) + 1);
    size_t rlen = 0;
    int r;

    if (!ref)
        abort();
    r = reference(args, name, max, ref, &rlen);
    if (r == 0 && (why || value))
        FAIL("%s: absent, yet %s", name, why ? why : value);
    if (r < 0 && !why)
        FAIL("%s: a %s value accepted: %s", name, r == -1 ? "badly escaped" : "too long",
             value ? value : "(null)");
    if (r == 1) {
        int valid = ad_utf8_valid(ref, rlen);
        if (!valid && !why)
            FAIL("%s: invalid text accepted", name);
        if (valid && why)
            FAIL("%s: valid value refused: %s", name, why);
        if (valid && (!value || strlen(value) != rlen || memcmp(value, ref, rlen)))
            FAIL("%s: decoded differently from the reference", name);
    }
    if (why && value)
        FAIL("%s: refused (%s) with a value", name, why);
    free(ref);
    if (value)
        text_value(name, value, max);
    return value;
}

/* An address ad_address_split accepted: its promises. */
static void address_ok(apr_pool_t *p, const char *address)
{
    const char *local = NULL, *domain = NULL, *d, *why = ad_address_split(p, address, &local, &domain);
    const char *at = strchr(address, '@');
    char *joined;

    if (why)
        return;
    if (!at || strchr(at + 1, '@'))
        FAIL("an address without exactly one @ accepted: %s", address);
    if (!*local || strlen(local) > 64 || !*domain || strlen(domain) > 253)
        FAIL("bad part lengths: %s", address);
    if (!ad_utf8_valid(local, strlen(local)) || strpbrk(local, " \t\r\n<>\"\\"))
        FAIL("local part with controls or markup accepted: %s", local);
    for (d = domain; *d; d++)
        if (!((*d >= 'a' && *d <= 'z') || (*d >= '0' && *d <= '9') || *d == '-' || *d == '.'))
            FAIL("domain not a lower-case ASCII host name: %s", domain);
    if (domain[0] == '.' || domain[strlen(domain) - 1] == '.' || strstr(domain, ".."))
        FAIL("domain with an empty label: %s", domain);
    joined = apr_pstrcat(p, local, "@", domain, NULL);
    if (strlen(joined) != strlen(address) || strncmp(joined, address, strlen(local) + 1)
        || strcasecmp(joined + strlen(local) + 1, domain))
        FAIL("local@domain is not the address: %s vs %s", joined, address);
    /* What the handlers rebuild from the parts passes again. */
    if (ad_address_split(p, joined, &local, &domain))
        FAIL("the rebuilt address is refused: %s", joined);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    char *in;
#if QUERY_TARGET != 1
    const char *v;
#endif

    apr_pool_create(&p, root);
    in = apr_pstrmemdup(p, (const char *)data, size);     /* up to a NUL, as a URL is */
#if QUERY_TARGET == 1
    {
        const char *address = (const char *)1, *why = ad_v2_path_address(p, in, &address);
        size_t n = strlen(in);
        int prefixed = n >= 6 && !strncasecmp(in, "/v1.0/", 6);
        if (why == ad_v2_path_unknown && (prefixed || !n))
            FAIL("a /v1.0/ path called unknown: %s", in);
        if (!why && n && !prefixed)
            FAIL("a path other than /v1.0/ accepted: %s", in);
        if (why && address)
            FAIL("refused (%s) with an address", why);
        if (!why && address) {
            if (address != in + 6 && strcmp(address, in + 6))
                FAIL("the address is not what follows /v1.0/: %s", in);
            text_value("path address", address, n);
            address_ok(p, address);
        }
        if (!why && !address && n > 6)
            FAIL("an address after /v1.0/ dropped: %s", in);
    }
#elif QUERY_TARGET == 2
    if ((v = param(p, in, "Email", 3 * AD_MAX_ADDRESS)))
        address_ok(p, v);
    param(p, in, "Protocol", 64);
#elif QUERY_TARGET == 3
    {
        /* The first line is the Host header, the rest the query string. */
        char *nl = strchr(in, '\n');
        const char *host = in, *args = nl ? nl + 1 : "";
        if (nl)
            *nl = '\0';
        if ((v = param(p, args, "emailaddress", 3 * AD_MAX_ADDRESS)))
            address_ok(p, v);
        else {
            if (!strncasecmp(host, "autoconfig.", 11))
                host += 11;
            address_ok(p, apr_pstrcat(p, "x@", host, NULL));
        }
    }
#elif QUERY_TARGET == 4
    if ((v = param(p, in, "emailaddress", 3 * AD_MAX_ADDRESS))) {
        const char *local, *domain;
        address_ok(p, v);
        if (!ad_address_split(p, v, &local, &domain)) {
            const char *profile = apr_pstrcat(p, local, "@", domain, NULL);
            text_value("profile address", profile, AD_MAX_ADDRESS);
        }
    }
#else
#error QUERY_TARGET 1 to 4
#endif
    apr_pool_destroy(p);
    return 0;
}
