/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * libFuzzer target: a request body through the POX parser and renderers.
 * Any property ad_check_body() finds broken aborts with its reason, so
 * libFuzzer keeps the input as a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <apr_general.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include "pox_check.h"

static apr_pool_t *root;

/* In httpd, libxml2's default handlers write to the error log: the core
 * must never let a message reach them. */
static void leaked_message(void *ctx, const char *fmt, ...)
{
    fprintf(stderr, "libxml2 message escaped the core: %s\n", fmt);
    abort();
}

static void leaked_error(void *ctx, xmlErrorPtr error)
{
    fprintf(stderr, "libxml2 error escaped the core: %s\n",
            error && error->message ? error->message : "?");
    abort();
}
static ad_profile_t *profile;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    apr_initialize();
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, leaked_message);
    xmlSetStructuredErrorFunc(NULL, leaked_error);
    apr_pool_create(&root, NULL);
    profile = ad_check_profile(root);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    apr_pool_t *p;
    const char *why;

    apr_pool_create(&p, root);
    why = ad_check_body(p, profile, (const char *)data, size);
    if (why) {
        fprintf(stderr, "ad_check_body: %s\n", why);
        abort();
    }
    apr_pool_destroy(p);
    return 0;
}
