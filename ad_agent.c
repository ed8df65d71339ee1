/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * User-Agent classes (see include/ad_agent.h). One table, tried in order;
 * the first pattern found anywhere in the header wins (case-sensitive, as
 * clients spell their tokens one way). The order settles the overlaps:
 *   - Microsoft's AutoDetect service before Outlook (its token contains
 *     "Outlook");
 *   - Outlook before Apple: "Outlook-iOS/" contains "iOS/", and Office on
 *     a Mac says "Macintosh";
 *   - both Thunderbirds before Apple: Thunderbird on a Mac sends a Gecko
 *     User-Agent with "Macintosh";
 *   - Thunderbird for Android before Thunderbird desktop.
 * Android's OkHttp library: Thunderbird for Android and K-9 Mail fetch
 * autoconfig with OkHttp's own default User-Agent, "okhttp/4.12.0", and no
 * token of their own. So a header that *starts* with "okhttp/" counts as
 * Thunderbird for Android (any other app sending the library's bare default
 * lands there too); an app that names itself and mentions OkHttp further
 * on, such as DAVx5 ("DAVx5/4.4 (dav4jvm; okhttp/4.12.0) Android/14"),
 * does not.
 */
#include <string.h>
#include "ad_agent.h"

static const struct {
    const char *pattern;
    int at_start;               /* the header must begin with it */
    ad_agent_e agent;
} patterns[] = {
    { "OutlookMobileCloudService-Autodetect", 0, AD_AGENT_MS_AUTODETECT },
    { "Microsoft Office/", 0, AD_AGENT_OUTLOOK },
    { "Microsoft Outlook", 0, AD_AGENT_OUTLOOK },
    { "Outlook-iOS/", 0, AD_AGENT_OUTLOOK },
    { "Outlook-Android/", 0, AD_AGENT_OUTLOOK },
    { "K-9 Mail", 0, AD_AGENT_TB_ANDROID },
    { "Thunderbird for Android", 0, AD_AGENT_TB_ANDROID },
    { "net.thunderbird.android", 0, AD_AGENT_TB_ANDROID },
    { "okhttp/", 1, AD_AGENT_TB_ANDROID },
    { "Thunderbird/", 0, AD_AGENT_THUNDERBIRD },
    /* TbSync's DAV provider, a Thunderbird add-on. */
    { "Thunderbird CalDAV/CardDAV", 0, AD_AGENT_THUNDERBIRD },
    { "iPhone", 0, AD_AGENT_APPLE },
    { "iPad", 0, AD_AGENT_APPLE },
    { "iPod", 0, AD_AGENT_APPLE },
    /* Safari on a Mac, and on an iPad since iPadOS 13 by default. */
    { "Macintosh", 0, AD_AGENT_APPLE },
    /* The DAV daemons: iOS/18.0 (22A3354) dataaccessd/1.0 and the like. */
    { "dataaccessd", 0, AD_AGENT_APPLE },
    { "accountsd", 0, AD_AGENT_APPLE },
    { "CalendarAgent", 0, AD_AGENT_APPLE },
    { "AddressBook", 0, AD_AGENT_APPLE },
    { "CoreDAV", 0, AD_AGENT_APPLE },
    { "iOS/", 0, AD_AGENT_APPLE },
    { "macOS/", 0, AD_AGENT_APPLE },
};

static const char *const names[AD_AGENT_COUNT] = {
    "Microsoft AutoDetect", "Outlook", "Thunderbird for Android / K-9",
    "Thunderbird", "Apple", "other"
};
/* Keys of ?auto and the metrics' agent label: monitoring depends on them. */
static const char *const keys[AD_AGENT_COUNT] = {
    "ms-autodetect", "outlook", "thunderbird-android", "thunderbird", "apple", "other"
};

ad_agent_e ad_agent_of(const char *user_agent)
{
    size_t i;

    if (!user_agent)
        return AD_AGENT_OTHER;
    for (i = 0; i < sizeof(patterns) / sizeof(patterns[0]); i++) {
        const char *p = patterns[i].pattern;
        if (patterns[i].at_start ? strncmp(user_agent, p, strlen(p)) == 0
                                 : strstr(user_agent, p) != NULL)
            return patterns[i].agent;
    }
    return AD_AGENT_OTHER;
}

const char *ad_agent_name(ad_agent_e a)
{
    return names[a];
}

const char *ad_agent_key(ad_agent_e a)
{
    return keys[a];
}
