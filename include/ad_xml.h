/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The hardened XML reader every request parser uses: one SAX2 pass with
 * libxml2's push parser over a whole body, with
 *  - no document type declaration (hence no entities beyond the five
 *    predefined ones), no network, no tree;
 *  - nesting limited to AD_XML_MAX_DEPTH levels;
 *  - only the values a parser asks for kept, each at most AD_XML_MAX_VALUE
 *    bytes, and no element allowed inside such a value;
 *  - libxml2's messages kept out of stderr (httpd's error log).
 * Pure APR + libxml2: no httpd types.
 */
#ifndef AD_XML_H
#define AD_XML_H

#include <apr_pools.h>
#include "ad_buf.h"

#define AD_XML_MAX_DEPTH 32     /* requests are at most 7 levels deep */
#define AD_XML_MAX_VALUE 1024   /* longest element text kept */

typedef struct ad_xml ad_xml_t;

typedef struct {
    /* An element starts; depth is 1 for the root, ns may be NULL. */
    void (*start)(ad_xml_t *x, void *user, int depth, const char *ns,
                  const char *name);
    /* The element at depth ends. */
    void (*end)(ad_xml_t *x, void *user, int depth);
} ad_xml_handlers_t;

/* From start(): keep the text of the element just started in b. */
void ad_xml_capture(ad_xml_t *x, ad_buf_t *b);

/* Stop: the document is refused with code for reason why (first wins). */
void ad_xml_refuse(ad_xml_t *x, int code, const char *why);

/*
 * Parse body. Returns NULL when the document is well-formed and no handler
 * refused it; else the reason, with *code set to the refusing handler's
 * code, or to malformed for XML errors and the limits above.
 */
const char *ad_xml_parse(const char *body, apr_size_t len,
                         const ad_xml_handlers_t *h, void *user,
                         int malformed, int *code);

/* b's text without surrounding XML white space; NULL when empty. */
const char *ad_xml_trimmed(apr_pool_t *p, const ad_buf_t *b);

#endif
