/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Per-user answers: what a directory (SQL through mod_dbd) says of one
 * address, and what every endpoint answers for it. The same lookup and the
 * same decision serve POX, v2, SOAP, autoconfig and Apple profiles.
 */
#ifndef AD_USER_H
#define AD_USER_H

#include "httpd.h"
#include "ad_config.h"

/* Fields a directory can give, by the column (or attribute) name that
 * carries each. Values override the scope's configuration field by field
 * and may hold the %EMAIL...% placeholders. */
typedef enum {
    AD_UF_LOGIN = 0,            /* login name of every server */
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
    AD_LOOKUP_UNKNOWN,          /* the directory has no such user */
    AD_LOOKUP_FAILED            /* the directory could not be asked */
} ad_lookup_e;

/* What to answer for one address, once the domain-level decisions
 * (foreign domain, domain redirects) are taken. */
typedef enum {
    AD_USER_SETTINGS = 0,       /* answer prof */
    AD_USER_REDIRECT_ADDR,      /* target: the new address */
    AD_USER_REDIRECT_URL,       /* target: the other server's URL */
    AD_USER_UNKNOWN,            /* answer the format's unknown-user error */
    AD_USER_UNAVAILABLE         /* answer the format's temporary error */
} ad_user_answer_e;

typedef struct {
    ad_user_answer_e kind;
    const ad_profile_t *prof;   /* AD_USER_SETTINGS: compiled */
    const char *target;
} ad_user_answer_t;

/* Decide the answer for address (local@domain, checked). formats: the
 * AD_FMT_* answers the caller renders; a profile made for the user has
 * only those compiled (the scope's own has all). */
void ad_user_answer(request_rec *r, const ad_dir_conf_t *c, const char *address,
                    const char *local, const char *domain, unsigned formats,
                    ad_user_answer_t *out);

/* The scope's profile with the user's fields laid over it, with the
 * formats compiled in p; prof itself when the user changes nothing. */
const ad_profile_t *ad_user_profile(apr_pool_t *p, const ad_profile_t *prof,
                                    const ad_user_t *u, unsigned formats);

/* A temporary-error answer: 503 with Retry-After. */
int ad_user_unavailable(request_rec *r);

#endif
