/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The properties every parsed request and every rendered answer must
 * hold: one request body through the pure core (the POX and SOAP parsers,
 * then every renderer that can see it), the verdicts consistent, every
 * answer well-formed, the address back as the same text. Checked by the
 * core unit test (t/unit/core_test.c, over the fuzz corpus and findings)
 * and by the fuzzers (fuzz/fuzz_pox.c); neither owns it.
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
