/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* PACC documents (see include/ad_pacc.h). */
#include <apr_strings.h>
#include "ad_pacc.h"

ad_tmpl_t *ad_pacc_compile(apr_pool_t *p, const ad_profile_t *prof)
{
    return NULL;
}

apr_array_header_t *ad_pacc_left_out(apr_pool_t *p, const ad_profile_t *prof)
{
    return apr_array_make(p, 1, sizeof(const char *));
}

const char *ad_pacc_document(apr_pool_t *p, const ad_tmpl_t *compiled,
                             const char *domain, apr_size_t *len)
{
    *len = 0;
    return NULL;
}

const char *ad_pacc_txt(apr_pool_t *p, const char *doc, apr_size_t len)
{
    return NULL;
}
