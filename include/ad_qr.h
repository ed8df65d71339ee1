/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * QR codes as inline SVG, from libqrencode's module matrix: one path of
 * black runs on a white square with the four-module quiet zone the
 * standard asks for, so the image needs no other resource and scales
 * sharply. Pure APR and libqrencode: no httpd types.
 */
#ifndef AD_QR_H
#define AD_QR_H

#include <apr_pools.h>

/* Longest text encoded: a profile link with the longest address, every
 * byte percent-encoded, fits. libqrencode picks the smallest version that
 * holds the text; the largest, 40, holds 2331 bytes at level M. */
#define AD_QR_MAX_TEXT 1200

/*
 * The QR code (error correction level M, 8-bit mode) of text as an <svg>
 * element (no XML declaration) with role="img" and the accessible name
 * title (escaped), id the id of its <title> element (a plain token).
 * Returns NULL with *svg set, or why the code could not be made.
 */
const char *ad_qr_svg(apr_pool_t *p, const char *text, const char *title,
                      const char *id, const char **svg);

#endif
