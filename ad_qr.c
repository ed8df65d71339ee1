/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* QR codes as inline SVG (see include/ad_qr.h). */
#include <errno.h>
#include <string.h>
#include <apr_strings.h>
#include <qrencode.h>
#include "ad_buf.h"
#include "ad_qr.h"

/* Modules of white around the symbol (ISO/IEC 18004: four). */
#define QUIET 4

/* The dark modules of row y as horizontal runs: "M x y h n v1 h -n z". */
static void row_runs(ad_buf_t *b, const QRcode *qr, int y)
{
    int x = 0;

    while (x < qr->width) {
        int start;

        if (!(qr->data[y * qr->width + x] & 1)) {
            x++;
            continue;
        }
        for (start = x; x < qr->width && (qr->data[y * qr->width + x] & 1); x++)
            ;
        ad_buf_adds(b, apr_psprintf(b->pool, "M%d %dh%dv1h-%dz", start + QUIET, y + QUIET,
                                    x - start, x - start));
    }
}

const char *ad_qr_svg(apr_pool_t *p, const char *text, const char *title,
                      const char *id, const char **svg)
{
    QRcode *qr;
    ad_buf_t b;
    int size, y;

    *svg = NULL;
    if (strlen(text) > AD_QR_MAX_TEXT)
        return "the text is too long for a QR code";
    /* The whole text in 8-bit mode: URLs hold lower-case letters, which
     * QR's alphanumeric mode has not. */
    if (!(qr = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M)))
        return apr_psprintf(p, "libqrencode: %s", strerror(errno));
    size = qr->width + 2 * QUIET;
    ad_buf_init(&b, p, 256 + (apr_size_t)qr->width * qr->width * 3);
    ad_buf_adds(&b, apr_psprintf(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                 "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
                                 "role=\"img\" aria-labelledby=\"%s\"><title id=\"%s\">",
                                 size, size, id, id));
    ad_buf_add_xml(&b, title, strlen(title));
    ad_buf_adds(&b, apr_psprintf(p, "</title><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
                                 "<path fill=\"#000\" d=\"", size, size));
    for (y = 0; y < qr->width; y++)
        row_runs(&b, qr, y);
    ad_buf_adds(&b, "\"/></svg>");
    QRcode_free(qr);
    *svg = b.data;
    return NULL;
}
