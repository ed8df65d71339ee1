/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Which client a User-Agent header names, for the answer counters: a few
 * classes that tell an administrator who asks each endpoint. Pure C: no
 * httpd or APR types, so the core's unit test checks it directly.
 */
#ifndef AD_AGENT_H
#define AD_AGENT_H

typedef enum {
    AD_AGENT_MS_AUTODETECT = 0, /* Microsoft's cloud AutoDetect, asking for
                                   new Outlook and Outlook mobile */
    AD_AGENT_OUTLOOK,           /* Outlook on Windows, Mac, iOS, Android */
    AD_AGENT_TB_ANDROID,        /* Thunderbird for Android, K-9 Mail */
    AD_AGENT_THUNDERBIRD,       /* Thunderbird on the desktop */
    AD_AGENT_APPLE,             /* iOS, iPadOS, macOS: Safari, DAV daemons */
    AD_AGENT_OTHER,             /* anything else, or no User-Agent */
    AD_AGENT_COUNT
} ad_agent_e;

/* The class of user_agent (NULL: none sent). Patterns are tried in a fixed
 * order and the first that matches wins; see ad_agent.c. */
ad_agent_e ad_agent_of(const char *user_agent);

/* The class's name for people ("Thunderbird for Android / K-9"). */
const char *ad_agent_name(ad_agent_e a);
/* Its key for machines ("thunderbird-android"): ?auto, the metrics. */
const char *ad_agent_key(ad_agent_e a);

#endif
