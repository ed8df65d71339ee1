/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Autodiscover v2 (autodiscover.json): protocol names and the two answer
 * shapes, {"Protocol","Url"} and {"ErrorCode","ErrorMessage"}.
 * Pure APR: no httpd types.
 */
#ifndef AD_JSON_H
#define AD_JSON_H

#include "ad_buf.h"

typedef enum {
    AD_V2_UNKNOWN = 0,
    AD_V2_AUTODISCOVERV1,       /* the POX endpoint */
    AD_V2_ACTIVESYNC,
    AD_V2_EWS
} ad_v2_protocol_e;

/* The protocol a Protocol value names, letter case ignored. */
ad_v2_protocol_e ad_v2_protocol(const char *value);
/* Its canonical spelling, as answers echo it. */
const char *ad_v2_protocol_name(ad_v2_protocol_e proto);

void ad_json_render_url(ad_buf_t *b, ad_v2_protocol_e proto, const char *url);
void ad_json_render_error(ad_buf_t *b, const char *code, const char *message);
/* InvalidProtocol: value is echoed only when it is a short alphanumeric
 * word; supported is the comma list this scope answers. */
void ad_json_render_invalid_protocol(ad_buf_t *b, const char *value,
                                     const char *supported);

#endif
