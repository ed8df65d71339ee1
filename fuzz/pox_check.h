/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * One request body through the pure core (parser, then every renderer that
 * can see it) and the properties every answer must have. Shared by the
 * libFuzzer target and the unit test that replays the corpus.
 */
#ifndef AD_POX_CHECK_H
#define AD_POX_CHECK_H

#include <apr_pools.h>
#include "ad_pox.h"

/* A profile with every block type and placeholders in text and markup. */
ad_profile_t *ad_check_profile(apr_pool_t *p);

/*
 * Parse body as a POX and as a SOAP request, render what the handlers
 * could render for it, and verify:
 * the verdict is consistent, every answer is well-formed XML, and the
 * address comes back as the same text (escaped, never as markup).
 * Returns NULL when all holds, else what failed.
 */
const char *ad_check_body(apr_pool_t *p, const ad_profile_t *prof,
                          const char *body, apr_size_t len);

#endif
