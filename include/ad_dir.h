/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * What every directory (ad_dir_sql.c, ad_dir_ldap.c) shares: the fields
 * it can give, what a lookup found, and the failure log limit. The
 * directories implement this; ad_user.c asks them and lays their answer
 * over the scope's. Nothing here calls back into the decision.
 */
#ifndef AD_DIR_H
#define AD_DIR_H

#include <apr_time.h>

/* Fields a directory can give, by the column (or attribute) name that
 * carries each. Values override the scope's configuration field by field
 * and may hold the %EMAIL...% placeholders. */
typedef enum {
    AD_UF_LOGIN = 0,            /* login name of every server, DAV too */
    AD_UF_DISPLAY_NAME,
    AD_UF_IMAP_HOST,            /* host of the IMAP/POP3/SMTP servers */
    AD_UF_POP3_HOST,
    AD_UF_SMTP_HOST,
    AD_UF_EWS_URL,              /* external service URLs */
    AD_UF_ACTIVESYNC_URL,
    AD_UF_EWS_INTERNAL_URL,     /* internal ones */
    AD_UF_ACTIVESYNC_INTERNAL_URL,
    AD_UF_REDIRECT_ADDR,        /* the user's new address */
    AD_UF_REDIRECT_URL,         /* another autodiscover server's https URL */
    AD_UF_ACTIVE,               /* 0, f, false, no, off: not a user */
    AD_UF_CALDAV_URL,           /* the user's CalDAV and CardDAV contexts */
    AD_UF_CARDDAV_URL,
    AD_UF_COUNT
} ad_user_field_e;

/* The field a column name stands for, or -1. */
int ad_user_field(const char *name);
const char *ad_user_field_name(ad_user_field_e f);

typedef struct {
    const char *value[AD_UF_COUNT];     /* NULL or "": not given */
} ad_user_t;

/* A directory's failure log limit: one line per 30 seconds and process,
 * whatever the number of failing requests. Threads may race on it: at
 * worst a line more, or a miscount. */
typedef struct {
    apr_time_t last;            /* when the last line was logged */
    unsigned int quiet;         /* failures since, not logged */
} ad_log_limit_t;

/* 1 when a line may be logged now, with *quiet the failures not logged
 * since the last one; 0 (counted) when not. */
int ad_log_limit_pass(ad_log_limit_t *l, unsigned int *quiet);

/* What a lookup found. */
typedef enum {
    AD_LOOKUP_FOUND = 0,
    AD_LOOKUP_UNKNOWN,          /* the directory has no such user (domain) */
    AD_LOOKUP_FAILED,           /* the directory could not be asked */
    AD_LOOKUP_OVER_BUDGET       /* the request has made AD_MAX_LOOKUPS already */
} ad_lookup_e;

/* Directory queries one request may make, whatever it carries (a SOAP
 * request names up to 100 users); cache hits do not count. */
#define AD_MAX_LOOKUPS 4

#endif
