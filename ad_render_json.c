/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* Autodiscover v2 (autodiscover.json) answers. */
#include <string.h>
#include <apr_lib.h>
#include <apr_strings.h>
#include "ad_json.h"

static const char *const names[] = {
    NULL, "AutodiscoverV1", "ActiveSync", "EWS"
};

ad_v2_protocol_e ad_v2_protocol(const char *value)
{
    int i;

    for (i = AD_V2_AUTODISCOVERV1; value && i <= AD_V2_EWS; i++) {
        if (strcasecmp(value, names[i]) == 0)
            return (ad_v2_protocol_e)i;
    }
    return AD_V2_UNKNOWN;
}

const char *ad_v2_protocol_name(ad_v2_protocol_e proto)
{
    return proto > AD_V2_UNKNOWN && proto <= AD_V2_EWS ? names[proto] : "";
}

static void add_member(ad_buf_t *b, const char *name, const char *value, int last)
{
    ad_buf_adds(b, "\"");
    ad_buf_adds(b, name);
    ad_buf_adds(b, "\":\"");
    ad_buf_add_json(b, value, strlen(value));
    ad_buf_adds(b, last ? "\"}" : "\",");
}

void ad_json_render_url(ad_buf_t *b, ad_v2_protocol_e proto, const char *url)
{
    ad_buf_adds(b, "{");
    add_member(b, "Protocol", ad_v2_protocol_name(proto), 0);
    add_member(b, "Url", url, 1);
}

void ad_json_render_error(ad_buf_t *b, const char *code, const char *message)
{
    ad_buf_adds(b, "{");
    add_member(b, "ErrorCode", code, 0);
    add_member(b, "ErrorMessage", message, 1);
}

static int echoable(const char *value)
{
    apr_size_t i;

    for (i = 0; value[i]; i++) {
        if (i >= 64 || !apr_isalnum(value[i]))
            return 0;
    }
    return i > 0;
}

void ad_json_render_invalid_protocol(ad_buf_t *b, const char *value,
                                     const char *supported)
{
    apr_pool_t *p = b->pool;
    const char *message = echoable(value)
        ? apr_psprintf(p, "The given protocol value '%s' is invalid. "
                          "Supported values are '%s'", value, supported)
        : apr_psprintf(p, "The given protocol value is invalid. "
                          "Supported values are '%s'", supported);
    ad_json_render_error(b, "InvalidProtocol", message);
}
