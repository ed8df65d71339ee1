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
#include "pox_check.h"

static apr_pool_t *root;
static ad_profile_t *profile;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    apr_initialize();
    xmlInitParser();
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
