/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Apple configuration profiles (.mobileconfig): the property list compiled
 * from the same profile as the POX answers, with holes for the address and
 * for the UUIDs derived from it. Pure APR: no httpd types.
 */
#ifndef AD_MOBILECONFIG_H
#define AD_MOBILECONFIG_H

#include "ad_pox.h"

/* The holes for the profile's and its payloads' UUIDs. */
#define AD_SEG_UUID_PROFILE AD_SEG_EXTRA1
#define AD_SEG_UUID_MAIL    AD_SEG_EXTRA2
#define AD_SEG_UUID_EAS     AD_SEG_EXTRA3
#define AD_SEG_UUID_CALDAV  AD_SEG_EXTRA4
#define AD_SEG_UUID_CARDDAV AD_SEG_EXTRA5

/* The two profiles: iOS (and iPadOS, visionOS) takes every payload; macOS
 * has no com.apple.eas.account and no CardDAVPrincipalURL (Apple's profile
 * reference marks both "n/a" on macOS). */
typedef enum { AD_APPLE_IOS = 0, AD_APPLE_MACOS } ad_apple_os_e;

/* "ios" or "macos". */
const char *ad_apple_os_name(ad_apple_os_e os);

/*
 * The platform a profile is made for. param: the platform query parameter
 * ("ios" or "macos", any case), which decides when given; NULL when absent.
 * Without it, a User-Agent holding "Macintosh" means macOS (Safari on a
 * Mac, and also Safari on an iPad since iPadOS 13, which asks for desktop
 * sites: an iPad that needs ActiveSync is given the link with
 * platform=ios), anything else iOS. Returns NULL, or why param is refused;
 * *by_ua says whether the User-Agent decided (the answer varies by it).
 */
const char *ad_apple_platform(const char *param, const char *ua,
                              ad_apple_os_e *os, int *by_ua);

/* The profile for os: a mail payload (first IMAP, else POP3, server and
 * first SMTP server), an Exchange ActiveSync payload (iOS, where an
 * ActiveSync URL is configured), CalDAV and CardDAV payloads (where
 * configured); NULL when it has none of them. */
ad_tmpl_t *ad_mobileconfig_compile(apr_pool_t *p, const ad_profile_t *prof,
                                   ad_apple_os_e os);

/* Fill the UUID holes of v (already set for an address): name-based UUIDs
 * (version 5) of the address in lower case, so that installing the profile
 * again for the same address replaces the one installed before. */
void ad_mobileconfig_vars(ad_vars_t *v, apr_pool_t *p);

/* The UUID (version 5, upper case) of name in the module's namespace. */
const char *ad_uuid5(apr_pool_t *p, const char *name);

#endif
