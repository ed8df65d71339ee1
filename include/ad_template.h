/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Templates with the placeholders %EMAILADDRESS%, %EMAILLOCALPART% and
 * %EMAILDOMAIN% (the spelling Thunderbird's autoconfig uses).
 *
 * A template is a list of segments: literal bytes and placeholders. The same
 * type serves as a compiled response fragment, whose literal segments are
 * ready-made XML markup: templates are compiled into fragments at
 * configuration time (literal text escaped once), and a request only copies
 * literal segments and appends its own, escaped, values.
 * Pure APR: no httpd types.
 */
#ifndef AD_TEMPLATE_H
#define AD_TEMPLATE_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ad_buf.h"

typedef enum {
    AD_SEG_LITERAL = 0,
    AD_SEG_ADDRESS,      /* %EMAILADDRESS%   local@domain */
    AD_SEG_LOCALPART,    /* %EMAILLOCALPART% local */
    AD_SEG_DOMAIN,       /* %EMAILDOMAIN%    domain, lower case */
    /* Holes only compiled answers have (never parsed from configuration
     * text): per-address values such as the UUIDs of an Apple profile. */
    AD_SEG_EXTRA1,
    AD_SEG_EXTRA2,
    AD_SEG_EXTRA3,
    AD_SEG_EXTRA4,
    AD_SEG_EXTRA5,
    AD_SEG_COUNT
} ad_seg_kind_e;

typedef struct {
    ad_seg_kind_e kind;
    const char *text;    /* literal bytes (AD_SEG_LITERAL only) */
    apr_size_t len;
} ad_seg_t;

typedef struct {
    apr_array_header_t *segs;   /* of ad_seg_t */
    const char *source;         /* the text as configured */
    int has_placeholders;
    apr_size_t literal_len;     /* bytes in literal segments: a size hint */
    char *tail;                 /* while building: the last literal's buffer */
    apr_size_t tail_size;       /* its size */
} ad_tmpl_t;

/* The values one request substitutes, each in raw and XML-escaped form. */
typedef struct {
    const char *value[AD_SEG_COUNT];    /* indexed by ad_seg_kind_e; [0] unused */
    const char *xml[AD_SEG_COUNT];
} ad_vars_t;

ad_tmpl_t *ad_tmpl_parse(apr_pool_t *p, const char *source);
ad_tmpl_t *ad_tmpl_new(apr_pool_t *p);

/* Fragment building (configuration time). */
void ad_tmpl_add_markup(ad_tmpl_t *f, const char *markup);
void ad_tmpl_add_xml(ad_tmpl_t *f, const ad_tmpl_t *t);   /* t's literals escaped */
void ad_tmpl_add_text(ad_tmpl_t *f, const char *text);    /* escaped */
void ad_tmpl_add_hole(ad_tmpl_t *f, ad_seg_kind_e kind);  /* AD_SEG_EXTRA* */

/* t in p, in as few bytes as it takes (for what the server keeps: a
 * fragment is built in a scratch pool, then copied); NULL for NULL. */
ad_tmpl_t *ad_tmpl_copy(apr_pool_t *p, const ad_tmpl_t *t);
/* Whether a and b expand to the same bytes for every address (or are both
 * NULL). */
int ad_tmpl_equal(const ad_tmpl_t *a, const ad_tmpl_t *b);

/* Expansion (request time). */
void ad_tmpl_expand_xml(ad_buf_t *b, const ad_tmpl_t *f, const ad_vars_t *v);
const char *ad_tmpl_expand_raw(apr_pool_t *p, const ad_tmpl_t *t, const ad_vars_t *v);

/* t holds %EMAILADDRESS% or %EMAILLOCALPART%: it differs per user, so a
 * per-domain answer (PACC, DNS records, RFC 6764) cannot carry it. */
int ad_tmpl_per_user(const ad_tmpl_t *t);
/* Fill v from an address already checked by ad_address_split(); the
 * extra holes are empty until set with ad_vars_set_extra(). */
void ad_vars_set(ad_vars_t *v, apr_pool_t *p, const char *address,
                 const char *local, const char *domain);
/* value must need no XML escaping. */
void ad_vars_set_extra(ad_vars_t *v, ad_seg_kind_e kind, const char *value);

#endif
