/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Unit test of the configuration as data (ad_config.c): for every row of
 * AD_DIR_FIELDS, a new scope leaves it unset, and a merge takes it from
 * the scope its rule says -- neither set: unset; the outer only: the
 * outer's; the inner: the inner's (OVERLAY: both sets of entries) -- and
 * the accessor gives the row's default where it is unset and nothing
 * where it is AD_OFF. Built with httpd's headers, linked without httpd.
 * Prints TAP.
 */
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <apr_general.h>
#include <apr_strings.h>
#include <apr_hash.h>
#include "ad_config.h"

static int tests, failed;

static void ok(int cond, const char *field, const char *what)
{
    printf("%sok %d - %s: %s\n", cond ? "" : "not ", ++tests, field, what);
    if (!cond)
        failed++;
}

/* A field by its place: numbers are int or apr_off_t, pointers void *. */
typedef struct {
    const char *name;
    size_t off, size;
} slot_t;

static long get_num(const ad_dir_conf_t *c, slot_t s)
{
    const char *at = (const char *)c + s.off;
    if (s.size == sizeof(int)) { int v; memcpy(&v, at, sizeof v); return v; }
    { apr_off_t v; memcpy(&v, at, sizeof v); return (long)v; }
}

static void put_num(ad_dir_conf_t *c, slot_t s, long v)
{
    char *at = (char *)c + s.off;
    if (s.size == sizeof(int)) { int i = (int)v; memcpy(at, &i, sizeof i); }
    else { apr_off_t o = v; memcpy(at, &o, sizeof o); }
}

static void *get_ptr(const ad_dir_conf_t *c, slot_t s)
{
    void *v;
    memcpy(&v, (const char *)c + s.off, sizeof v);
    return v;
}

static void put_ptr(ad_dir_conf_t *c, slot_t s, void *v)
{
    memcpy((char *)c + s.off, &v, sizeof v);
}

static ad_dir_conf_t *fresh(apr_pool_t *p)
{
    return ad_create_dir_conf(p, NULL);
}

static ad_dir_conf_t *merged(apr_pool_t *p, ad_dir_conf_t *base, ad_dir_conf_t *add)
{
    return ad_merge_dir_conf(p, base, add);
}

static void check_num_inner(apr_pool_t *p, slot_t s)
{
    ad_dir_conf_t *base = fresh(p), *add = fresh(p);

    ok(get_num(base, s) == AD_UNSET, s.name, "a new scope leaves it unset");
    ok(get_num(merged(p, base, add), s) == AD_UNSET, s.name, "neither set: unset");
    put_num(base, s, 5);
    ok(get_num(merged(p, base, add), s) == 5, s.name, "the outer scope's");
    put_num(add, s, 7);
    ok(get_num(merged(p, base, add), s) == 7, s.name, "the inner scope's");
    put_num(add, s, 0);
    ok(get_num(merged(p, base, add), s) == 0, s.name, "the inner scope's 0 (Off)");
}

static void check_ptr_inner(apr_pool_t *p, slot_t s)
{
    static char outer, inner;
    ad_dir_conf_t *base = fresh(p), *add = fresh(p);

    ok(get_ptr(base, s) == NULL, s.name, "a new scope leaves it unset");
    ok(get_ptr(merged(p, base, add), s) == NULL, s.name, "neither set: unset");
    put_ptr(base, s, &outer);
    ok(get_ptr(merged(p, base, add), s) == &outer, s.name, "the outer scope's");
    put_ptr(add, s, &inner);
    ok(get_ptr(merged(p, base, add), s) == &inner, s.name, "the inner scope's");
    put_ptr(add, s, AD_OFF);
    ok(get_ptr(merged(p, base, add), s) == AD_OFF, s.name, "the inner scope's Off");
}

static void check_ptr_overlay(apr_pool_t *p, slot_t s)
{
    ad_dir_conf_t *base = fresh(p), *add = fresh(p);
    apr_hash_t *outer = apr_hash_make(p), *inner = apr_hash_make(p), *m;

    apr_hash_set(outer, "outer", APR_HASH_KEY_STRING, "o");
    apr_hash_set(outer, "both", APR_HASH_KEY_STRING, "o");
    apr_hash_set(inner, "both", APR_HASH_KEY_STRING, "i");
    ok(get_ptr(merged(p, base, add), s) == NULL, s.name, "neither set: unset");
    put_ptr(base, s, outer);
    ok(get_ptr(merged(p, base, add), s) == outer, s.name, "the outer scope's");
    put_ptr(add, s, inner);
    m = get_ptr(merged(p, base, add), s);
    ok(m && apr_hash_get(m, "outer", APR_HASH_KEY_STRING)
       && !strcmp(apr_hash_get(m, "both", APR_HASH_KEY_STRING), "i"),
       s.name, "the inner scope's entries over the outer's");
}

static void check_ptr_profile(apr_pool_t *p, slot_t s)
{
    ad_dir_conf_t *base = fresh(p), *add = fresh(p);
    ad_profile_t *outer = get_ptr(base, s), *inner = get_ptr(add, s), *m;

    ok(outer && inner && outer != inner, s.name, "every scope gets one of its own");
    outer->set = 1;
    outer->culture = "de:de";
    ok(get_ptr(merged(p, base, add), s) == outer, s.name, "the outer scope's");
    inner->set = 1;
    inner->ttl = "2";
    m = get_ptr(merged(p, base, add), s);
    ok(m && m->ttl && !strcmp(m->ttl, "2") && m->culture && !strcmp(m->culture, "de:de"),
       s.name, "both: field by field");
}

static void check_ptr_setup(apr_pool_t *p, slot_t s)
{
    ad_dir_conf_t *base = fresh(p), *add = fresh(p);
    ad_setup_conf_t *outer = apr_pcalloc(p, sizeof(*outer));

    ok(get_ptr(merged(p, base, add), s) == NULL, s.name, "neither set: unset");
    put_ptr(base, s, outer);
    ok(get_ptr(merged(p, base, add), s) == outer, s.name, "the outer scope's");
}

/* Every row of AD_PROFILE_FIELDS: each of its pointers from the innermost
 * profile that set it. */
static void check_profile_field(apr_pool_t *p, const char *name, size_t off, size_t size)
{
    static char outer, inner;
    ad_profile_t *base = apr_pcalloc(p, sizeof(*base)), *add = apr_pcalloc(p, sizeof(*add));
    const ad_profile_t *m;
    size_t i, n = size / sizeof(void *);
    int outer_ok = 1, inner_ok = 1, mixed_ok = 1;

    base->set = add->set = 1;               /* both shape the answer */
    for (i = 0; i < n; i++)
        ((void **)((char *)base + off))[i] = &outer;
    m = ad_profile_merge(p, base, add);
    for (i = 0; i < n; i++)
        outer_ok &= ((void *const *)((const char *)m + off))[i] == &outer;
    ok(outer_ok, name, "profile: the outer scope's where the inner one does not set it");
    for (i = 0; i < n; i++)
        ((void **)((char *)add + off))[i] = &inner;
    m = ad_profile_merge(p, base, add);
    for (i = 0; i < n; i++)
        inner_ok &= ((void *const *)((const char *)m + off))[i] == &inner;
    ok(inner_ok, name, "profile: the inner scope's");
    if (n > 1) {        /* an array: element by element */
        ((void **)((char *)add + off))[0] = NULL;
        m = ad_profile_merge(p, base, add);
        mixed_ok = ((void *const *)((const char *)m + off))[0] == &outer
                   && ((void *const *)((const char *)m + off))[n - 1] == &inner;
        ok(mixed_ok, name, "profile: element by element");
    }
}

#define CHECK_PROFILE_ROW(type, field, dims) \
    check_profile_field(p, #field, offsetof(ad_profile_t, field), \
                        sizeof(((ad_profile_t *)0)->field));

#define SLOT(field) { #field, offsetof(ad_dir_conf_t, field), \
                      sizeof(((ad_dir_conf_t *)0)->field) }
#define CHECK_NUM_INNER(field)   check_num_inner(p, (slot_t)SLOT(field));
#define CHECK_PTR_INNER(field)   check_ptr_inner(p, (slot_t)SLOT(field));
#define CHECK_PTR_OVERLAY(field) check_ptr_overlay(p, (slot_t)SLOT(field));
#define CHECK_PTR_PROFILE(field) check_ptr_profile(p, (slot_t)SLOT(field));
#define CHECK_PTR_SETUP(field)   check_ptr_setup(p, (slot_t)SLOT(field));
#define CHECK_ROW(kind, type, field, dflt, merge, directive, stated) \
    CHECK_##kind##_##merge(field)

/* Accessors: the default where unset; nothing where Off. */
#define ACCESS_NUM(type, field, dflt) \
    ok(ad_conf_##field(c) == (dflt), #field, "unset gives the default");
#define ACCESS_PTR(type, field, dflt) \
    ok(ad_conf_##field(c) == (dflt), #field, "unset gives the default"); \
    c->field = AD_OFF; \
    ok(ad_conf_##field(c) == NULL, #field, "Off gives nothing");
#define ACCESS_ROW(kind, type, field, dflt, merge, directive, stated) \
    ACCESS_##kind(type, field, dflt)

int main(void)
{
    apr_pool_t *p;
    ad_dir_conf_t *c;
    size_t end = 0;

    apr_initialize();
    apr_pool_create(&p, NULL);
    /* A member outside the rows would end the struct past the last row. */
#define END_ROW(kind, type, field, dflt, merge, directive, stated) \
    if (offsetof(ad_dir_conf_t, field) + sizeof(((ad_dir_conf_t *)0)->field) > end) \
        end = offsetof(ad_dir_conf_t, field) + sizeof(((ad_dir_conf_t *)0)->field);
    AD_DIR_FIELDS(END_ROW)
    ok(APR_ALIGN(end, sizeof(void *)) == sizeof(ad_dir_conf_t), "AD_DIR_FIELDS",
       "the rows are the whole struct");
    AD_DIR_FIELDS(CHECK_ROW)
    AD_PROFILE_FIELDS(CHECK_PROFILE_ROW)
    c = fresh(p);
    c->profile = NULL;                  /* as unset, for its accessor */
    AD_DIR_FIELDS(ACCESS_ROW)
    ok(AD_ANY_DOMAIN(fresh(p)), "domains", "unset is any");
    c = fresh(p);
    c->http_redirect = "";
    ok(AD_HTTP_REDIRECT(c) && ad_conf_http_redirect_origin(c) == NULL, "http_redirect",
       "On without a service URI has no target");
    printf("1..%d\n", tests);
    apr_pool_destroy(p);
    apr_terminate();
    return failed != 0;
}
