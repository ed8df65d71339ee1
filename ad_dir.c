/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* What every directory shares (see include/ad_dir.h). */
#include <string.h>
#include <strings.h>
#include <apr_time.h>
#include "ad_dir.h"

static const char *const field_names[AD_UF_COUNT] = {
    "login", "display_name", "imap_host", "pop3_host", "smtp_host",
    "ews_url", "activesync_url", "ews_internal_url", "activesync_internal_url",
    "redirect_addr", "redirect_url", "active", "caldav_url", "carddav_url"
};

int ad_user_field(const char *name)
{
    int f;

    for (f = 0; f < AD_UF_COUNT; f++)
        if (!strcasecmp(name, field_names[f]))
            return f;
    return -1;
}

const char *ad_user_field_name(ad_user_field_e f)
{
    return field_names[f];
}

int ad_log_limit_pass(ad_log_limit_t *l, unsigned int *quiet)
{
    apr_time_t now = apr_time_now();

    if (l->last && now - l->last < apr_time_from_sec(30)) {
        l->quiet++;
        return 0;
    }
    *quiet = l->quiet;
    l->last = now;
    l->quiet = 0;
    return 1;
}
