/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Placeholder templates and compiled response fragments. */
#include <string.h>
#include <apr_strings.h>
#include "ad_template.h"

static const struct {
    const char *name;
    apr_size_t len;
    ad_seg_kind_e kind;
} placeholders[] = {
    { "%EMAILADDRESS%",   sizeof("%EMAILADDRESS%") - 1,   AD_SEG_ADDRESS },
    { "%EMAILLOCALPART%", sizeof("%EMAILLOCALPART%") - 1, AD_SEG_LOCALPART },
    { "%EMAILDOMAIN%",    sizeof("%EMAILDOMAIN%") - 1,    AD_SEG_DOMAIN },
};

ad_tmpl_t *ad_tmpl_new(apr_pool_t *p)
{
    ad_tmpl_t *t = apr_pcalloc(p, sizeof(*t));
    t->segs = apr_array_make(p, 8, sizeof(ad_seg_t));
    t->source = "";
    return t;
}

/* Append a literal, joining it to a literal segment just before it. */
static void add_literal(ad_tmpl_t *t, const char *s, apr_size_t n)
{
    apr_array_header_t *a = t->segs;
    ad_seg_t *last;

    if (n == 0)
        return;
    t->literal_len += n;
    last = a->nelts ? &APR_ARRAY_IDX(a, a->nelts - 1, ad_seg_t) : NULL;
    if (last && last->kind == AD_SEG_LITERAL) {
        char *joined = apr_palloc(a->pool, last->len + n + 1);
        memcpy(joined, last->text, last->len);
        memcpy(joined + last->len, s, n);
        joined[last->len + n] = '\0';
        last->text = joined;
        last->len += n;
        return;
    }
    last = apr_array_push(a);
    last->kind = AD_SEG_LITERAL;
    last->text = apr_pstrmemdup(a->pool, s, n);
    last->len = n;
}

static void add_placeholder(ad_tmpl_t *t, ad_seg_kind_e kind)
{
    ad_seg_t *seg = apr_array_push(t->segs);
    seg->kind = kind;
    seg->text = NULL;
    seg->len = 0;
    t->has_placeholders = 1;
}

ad_tmpl_t *ad_tmpl_parse(apr_pool_t *p, const char *source)
{
    ad_tmpl_t *t = ad_tmpl_new(p);
    const char *s = source, *run = source;

    t->source = apr_pstrdup(p, source);
    while ((s = strchr(s, '%')) != NULL) {
        apr_size_t i;
        for (i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++) {
            if (strncmp(s, placeholders[i].name, placeholders[i].len) == 0)
                break;
        }
        if (i == sizeof(placeholders) / sizeof(placeholders[0])) {
            s++;
            continue;
        }
        add_literal(t, run, s - run);
        add_placeholder(t, placeholders[i].kind);
        s += placeholders[i].len;
        run = s;
    }
    add_literal(t, run, strlen(run));
    return t;
}

void ad_tmpl_add_markup(ad_tmpl_t *f, const char *markup)
{
    add_literal(f, markup, strlen(markup));
}

void ad_tmpl_add_text(ad_tmpl_t *f, const char *text)
{
    const char *escaped = ad_xml_escape(f->segs->pool, text);
    add_literal(f, escaped, strlen(escaped));
}

void ad_tmpl_add_hole(ad_tmpl_t *f, ad_seg_kind_e kind)
{
    add_placeholder(f, kind);
}

void ad_tmpl_add_xml(ad_tmpl_t *f, const ad_tmpl_t *t)
{
    int i;

    for (i = 0; i < t->segs->nelts; i++) {
        const ad_seg_t *seg = &APR_ARRAY_IDX(t->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL)
            ad_tmpl_add_text(f, seg->text);
        else
            add_placeholder(f, seg->kind);
    }
}

void ad_tmpl_expand_xml(ad_buf_t *b, const ad_tmpl_t *f, const ad_vars_t *v)
{
    int i;

    for (i = 0; i < f->segs->nelts; i++) {
        const ad_seg_t *seg = &APR_ARRAY_IDX(f->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL)
            ad_buf_add(b, seg->text, seg->len);
        else
            ad_buf_adds(b, v->xml[seg->kind]);
    }
}

const char *ad_tmpl_expand_raw(apr_pool_t *p, const ad_tmpl_t *t,
                               const ad_vars_t *v)
{
    ad_buf_t b;
    int i;

    if (!t->has_placeholders)
        return t->source;
    ad_buf_init(&b, p, strlen(t->source) + 64);
    for (i = 0; i < t->segs->nelts; i++) {
        const ad_seg_t *seg = &APR_ARRAY_IDX(t->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL)
            ad_buf_add(&b, seg->text, seg->len);
        else
            ad_buf_adds(&b, v->value[seg->kind]);
    }
    return b.data;
}

void ad_vars_set(ad_vars_t *v, apr_pool_t *p, const char *address,
                 const char *local, const char *domain)
{
    int k;

    for (k = 0; k < AD_SEG_COUNT; k++)
        v->value[k] = v->xml[k] = "";
    v->value[AD_SEG_ADDRESS] = address;
    v->value[AD_SEG_LOCALPART] = local;
    v->value[AD_SEG_DOMAIN] = domain;
    v->xml[AD_SEG_ADDRESS] = ad_xml_escape(p, address);
    v->xml[AD_SEG_LOCALPART] = ad_xml_escape(p, local);
    v->xml[AD_SEG_DOMAIN] = ad_xml_escape(p, domain);
}

void ad_vars_set_extra(ad_vars_t *v, ad_seg_kind_e kind, const char *value)
{
    v->value[kind] = v->xml[kind] = value;
}

int ad_tmpl_per_user(const ad_tmpl_t *t)
{
    int i;

    for (i = 0; t && i < t->segs->nelts; i++) {
        ad_seg_kind_e k = APR_ARRAY_IDX(t->segs, i, ad_seg_t).kind;
        if (k == AD_SEG_ADDRESS || k == AD_SEG_LOCALPART)
            return 1;
    }
    return 0;
}
