/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The setup page's configuration: its texts (keys and English defaults),
 * its logo, read once into a data: URI so that the page needs no second
 * request, and the merge of both across scopes (see include/ad_setup.h).
 */
#include <string.h>
#include <apr_strings.h>
#include <apr_file_io.h>
#include <apr_base64.h>
#include <apr_lib.h>
#include "ad_query.h"
#include "ad_setup.h"

#define AD_SETUP_KEY(name, key, text) key,
static const char *const keys[AD_ST_COUNT] = { AD_SETUP_TEXTS(AD_SETUP_KEY) };
#undef AD_SETUP_KEY
#define AD_SETUP_DEFAULT(name, key, text) text,
static const char *const defaults[AD_ST_COUNT] = { AD_SETUP_TEXTS(AD_SETUP_DEFAULT) };
#undef AD_SETUP_DEFAULT

int ad_setup_text_key(const char *key)
{
    int i;

    for (i = 0; i < AD_ST_COUNT; i++)
        if (!strcasecmp(key, keys[i]))
            return i;
    return -1;
}

const char *ad_setup_text_keys(apr_pool_t *p)
{
    const char *list = keys[0];
    int i;

    for (i = 1; i < AD_ST_COUNT; i++)
        list = apr_pstrcat(p, list, ", ", keys[i], NULL);
    return list;
}

const char *ad_setup_text(const ad_setup_conf_t *conf, ad_setup_text_e key)
{
    return conf && conf->text[key] ? conf->text[key] : defaults[key];
}

static apr_size_t characters(const char *s)
{
    apr_size_t n = 0;

    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* %EMAIL... that is none of the three placeholders: a typo that would
 * show on the page as written. */
static const char *unknown_placeholder(apr_pool_t *p, const char *text)
{
    static const char *const known[] = { "%EMAILADDRESS%", "%EMAILLOCALPART%",
                                         "%EMAILDOMAIN%" };
    const char *s = text;
    apr_size_t i;

    while ((s = strstr(s, "%EMAIL")) != NULL) {
        for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
            if (!strncmp(s, known[i], strlen(known[i])))
                break;
        if (i == sizeof(known) / sizeof(known[0]))
            return apr_psprintf(p, "'%.20s' is no placeholder (%%EMAILADDRESS%%, "
                                "%%EMAILLOCALPART%% or %%EMAILDOMAIN%%)", s);
        s += strlen(known[i]);
    }
    return NULL;
}

const char *ad_setup_text_check(apr_pool_t *p, ad_setup_text_e key, const char *text)
{
    const char *s;

    if (!ad_utf8_valid(text, strlen(text)))
        return "the text is not UTF-8, or holds a control character";
    if (!*text || characters(text) > AD_SETUP_MAX_TEXT)
        return apr_psprintf(p, "the text must have 1 to %d characters", AD_SETUP_MAX_TEXT);
    if (key == AD_ST_LANG) {
        /* A language tag (BCP 47's characters), for <html lang>. */
        for (s = text; *s; s++)
            if (!apr_isalnum(*s) && *s != '-')
                return "lang is a language tag such as en, de or pt-BR";
        if (strlen(text) > 35)
            return "lang is a language tag such as en, de or pt-BR";
        return NULL;
    }
    return unknown_placeholder(p, text);
}

/* ---------------------------------------------------------------- logo */

/* The image type by its first bytes: what the browser would take it for.
 * d is NUL-terminated. */
static const char *image_type(const unsigned char *d, apr_size_t n)
{
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8))
        return "image/png";
    if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
        return "image/jpeg";
    if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6)))
        return "image/gif";
    if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4))
        return "image/webp";
    /* SVG: text (no NUL) with an <svg element. As an <img>, it runs no
     * script and loads nothing. */
    if (strlen((const char *)d) == n && strstr((const char *)d, "<svg"))
        return "image/svg+xml";
    return NULL;
}

const char *ad_setup_logo_load(apr_pool_t *p, const char *path, const char **uri)
{
    apr_file_t *f;
    apr_finfo_t fi;
    apr_status_t rv;
    apr_size_t n;
    const char *type;
    char *data, *b64, err[128];

    if ((rv = apr_file_open(&f, path, APR_FOPEN_READ | APR_FOPEN_BINARY, 0, p))
        != APR_SUCCESS)
        return apr_psprintf(p, "cannot open %s: %s", path, apr_strerror(rv, err, sizeof(err)));
    if ((rv = apr_file_info_get(&fi, APR_FINFO_SIZE | APR_FINFO_TYPE, f)) != APR_SUCCESS
        || fi.filetype != APR_REG) {
        apr_file_close(f);
        return apr_psprintf(p, "%s is not a regular file", path);
    }
    if (fi.size <= 0 || fi.size > AD_SETUP_MAX_LOGO) {
        apr_file_close(f);
        return apr_psprintf(p, "%s has %" APR_OFF_T_FMT " bytes; a logo has 1 to %d "
                            "(it is embedded in every page)", path, fi.size,
                            AD_SETUP_MAX_LOGO);
    }
    n = (apr_size_t)fi.size;
    data = apr_palloc(p, n + 1);
    rv = apr_file_read_full(f, data, n, &n);
    apr_file_close(f);
    if (rv != APR_SUCCESS)
        return apr_psprintf(p, "cannot read %s: %s", path, apr_strerror(rv, err, sizeof(err)));
    data[n] = '\0';
    if (!(type = image_type((const unsigned char *)data, n)))
        return apr_psprintf(p, "%s is no PNG, JPEG, GIF, WebP or SVG image", path);
    b64 = apr_palloc(p, apr_base64_encode_len((int)n));
    apr_base64_encode_binary(b64, (const unsigned char *)data, (int)n);
    *uri = apr_pstrcat(p, "data:", type, ";base64,", b64, NULL);
    return NULL;
}

/* ---------------------------------------------------------------- merge */

ad_setup_conf_t *ad_setup_conf_merge(apr_pool_t *p, const ad_setup_conf_t *base,
                                     const ad_setup_conf_t *add)
{
    ad_setup_conf_t *m;
    int i;

    if (!base || !add)
        return (ad_setup_conf_t *)(add ? add : base);
    m = apr_pmemdup(p, base, sizeof(*m));
    for (i = 0; i < AD_ST_COUNT; i++)
        if (add->text[i])
            m->text[i] = add->text[i];
    if (add->logo)
        m->logo = add->logo;
    if (add->help)
        m->help = add->help;
    return m;
}
