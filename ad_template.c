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

static ad_tmpl_t *tmpl_sized(apr_pool_t *p, int segs)
{
    ad_tmpl_t *t = apr_pcalloc(p, sizeof(*t));
    t->segs = apr_array_make(p, segs, sizeof(ad_seg_t));
    t->source = "";
    return t;
}

ad_tmpl_t *ad_tmpl_new(apr_pool_t *p)
{
    return tmpl_sized(p, 8);
}

/* Append a literal, joining it to a literal segment just before it. The
 * last literal grows in a buffer of its own that doubles when full, so a
 * document built from many small pieces costs its size, not the square of
 * it. */
static void add_literal(ad_tmpl_t *t, const char *s, apr_size_t n)
{
    apr_array_header_t *a = t->segs;
    ad_seg_t *last;

    if (n == 0)
        return;
    t->literal_len += n;
    last = a->nelts ? &APR_ARRAY_IDX(a, a->nelts - 1, ad_seg_t) : NULL;
    if (last && last->kind == AD_SEG_LITERAL) {
        if (last->text != t->tail || last->len + n + 1 > t->tail_size) {
            apr_size_t size = (last->len + n + 1) * 2;
            char *grown = apr_palloc(a->pool, size);
            memcpy(grown, last->text, last->len);
            t->tail = grown;
            t->tail_size = size;
            last->text = grown;
        }
        memcpy(t->tail + last->len, s, n);
        t->tail[last->len + n] = '\0';
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
    ad_tmpl_t *t;
    const char *s = source, *run = source;
    int percents = 0;

    /* A configuration holds thousands of these: room for the segments
     * the text can have (a literal around each placeholder), no more. */
    for (; (s = strchr(s, '%')) != NULL; s++)
        percents++;
    t = tmpl_sized(p, percents + 1);
    s = source;

    t->source = apr_pstrdup(p, source);
    if (!percents && *source) {         /* one literal: the text itself */
        ad_seg_t *seg = apr_array_push(t->segs);
        seg->kind = AD_SEG_LITERAL;
        seg->text = t->source;
        seg->len = strlen(source);
        t->literal_len = seg->len;
        return t;
    }
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

ad_tmpl_t *ad_tmpl_copy(apr_pool_t *p, const ad_tmpl_t *t)
{
    ad_tmpl_t *c;
    apr_size_t size = 1;
    char *text;
    int i;

    if (!t)
        return NULL;
    for (i = 0; i < t->segs->nelts; i++)
        size += APR_ARRAY_IDX(t->segs, i, ad_seg_t).len + 1;
    c = apr_pmemdup(p, t, sizeof(*c));
    c->segs = apr_array_make(p, t->segs->nelts ? t->segs->nelts : 1, sizeof(ad_seg_t));
    c->source = *t->source ? apr_pstrdup(p, t->source) : "";
    c->tail = NULL;
    c->tail_size = 0;
    /* Every literal in one block: no slack, no header per segment. */
    text = apr_palloc(p, size);
    for (i = 0; i < t->segs->nelts; i++) {
        ad_seg_t *seg = apr_array_push(c->segs);
        *seg = APR_ARRAY_IDX(t->segs, i, ad_seg_t);
        if (seg->kind == AD_SEG_LITERAL) {
            memcpy(text, seg->text, seg->len);
            text[seg->len] = '\0';
            seg->text = text;
            text += seg->len + 1;
        }
    }
    return c;
}

int ad_tmpl_equal(const ad_tmpl_t *a, const ad_tmpl_t *b)
{
    int i;

    if (!a || !b)
        return a == b;
    if (a->segs->nelts != b->segs->nelts || strcmp(a->source, b->source))
        return 0;
    for (i = 0; i < a->segs->nelts; i++) {
        const ad_seg_t *x = &APR_ARRAY_IDX(a->segs, i, ad_seg_t);
        const ad_seg_t *y = &APR_ARRAY_IDX(b->segs, i, ad_seg_t);
        if (x->kind != y->kind || x->len != y->len
            || (x->kind == AD_SEG_LITERAL && memcmp(x->text, y->text, x->len)))
            return 0;
    }
    return 1;
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
