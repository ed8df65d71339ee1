/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * SOAP Autodiscover request parser, on the hardened reader of ad_xml.c.
 * Keeps the wsa:Action header, the name of the body's operation, each
 * User/Mailbox and each RequestedSettings/Setting:
 *
 *   Envelope/Header/Action
 *   Envelope/Body/GetUserSettingsRequestMessage/Request/Users/User/Mailbox
 *   Envelope/Body/GetUserSettingsRequestMessage/Request/RequestedSettings/Setting
 */
#include <string.h>
#include <apr_strings.h>
#include "ad_soap.h"
#include "ad_xml.h"

#define OPERATION "GetUserSettings"

enum { IN_NONE = 0, IN_HEADER, IN_BODY };

typedef struct {
    apr_pool_t *pool;
    int section;                /* IN_HEADER or IN_BODY at depth >= 2 */
    int seen_header, seen_body;
    ad_buf_t action;
    int seen_action;
    const char *operation;      /* local name of the body's first element */
    int in_operation, in_request, in_users, in_settings, in_user;
    int seen_request;
    apr_array_header_t *users;      /* of ad_buf_t *, NULL: no Mailbox */
    apr_array_header_t *settings;   /* of ad_buf_t * */
} parse_state_t;

static int is(const char *ns, const char *name, const char *want_ns,
              const char *want_name)
{
    return ns && strcmp(ns, want_ns) == 0 && strcmp(name, want_name) == 0;
}

static ad_buf_t *new_value(apr_pool_t *p)
{
    ad_buf_t *b = apr_palloc(p, sizeof(*b));
    ad_buf_init(b, p, 64);
    return b;
}

static void start_request_part(ad_xml_t *x, parse_state_t *st, int depth,
                               const char *ns, const char *name)
{
    if (!ns || strcmp(ns, AD_NS_SOAP_AD) != 0)
        return;                 /* foreign elements are ignored */
    if (depth == 4 && st->in_operation && strcmp(name, "Request") == 0) {
        if (st->seen_request)
            ad_xml_refuse(x, AD_SOAP_MALFORMED, "duplicate Request");
        st->seen_request = st->in_request = 1;
    }
    else if (depth == 5 && st->in_request && strcmp(name, "Users") == 0) {
        st->in_users = 1;
    }
    else if (depth == 5 && st->in_request && strcmp(name, "RequestedSettings") == 0) {
        st->in_settings = 1;
    }
    else if (depth == 6 && st->in_users && strcmp(name, "User") == 0) {
        if (st->users->nelts >= AD_SOAP_MAX_USERS) {
            ad_xml_refuse(x, AD_SOAP_TOO_MANY, "too many users");
            return;
        }
        APR_ARRAY_PUSH(st->users, ad_buf_t *) = NULL;
        st->in_user = 1;
    }
    else if (depth == 6 && st->in_settings && strcmp(name, "Setting") == 0) {
        ad_buf_t *b;
        if (st->settings->nelts >= AD_SOAP_MAX_SETTINGS) {
            ad_xml_refuse(x, AD_SOAP_TOO_MANY, "too many settings");
            return;
        }
        b = new_value(st->pool);
        APR_ARRAY_PUSH(st->settings, ad_buf_t *) = b;
        ad_xml_capture(x, b);
    }
    else if (depth == 7 && st->in_user && strcmp(name, "Mailbox") == 0) {
        ad_buf_t **slot = &APR_ARRAY_IDX(st->users, st->users->nelts - 1, ad_buf_t *);
        if (*slot) {
            ad_xml_refuse(x, AD_SOAP_MALFORMED, "two Mailbox elements in a User");
            return;
        }
        *slot = new_value(st->pool);
        ad_xml_capture(x, *slot);
    }
}

static void on_start(ad_xml_t *x, void *user, int depth, const char *ns,
                     const char *name)
{
    parse_state_t *st = user;

    if (depth == 1) {
        if (!is(ns, name, AD_NS_SOAP, "Envelope"))
            ad_xml_refuse(x, AD_SOAP_MALFORMED, "root is not a SOAP 1.1 Envelope");
        return;
    }
    if (depth == 2) {
        int *seen;
        if (is(ns, name, AD_NS_SOAP, "Header")) {
            st->section = IN_HEADER;
            seen = &st->seen_header;
        }
        else if (is(ns, name, AD_NS_SOAP, "Body")) {
            st->section = IN_BODY;
            seen = &st->seen_body;
        }
        else {
            ad_xml_refuse(x, AD_SOAP_MALFORMED, "Envelope holds other than Header and Body");
            return;
        }
        if ((*seen)++)
            ad_xml_refuse(x, AD_SOAP_MALFORMED, "duplicate Header or Body");
        return;
    }
    if (st->section == IN_HEADER) {
        if (depth == 3 && is(ns, name, AD_NS_WSA, "Action")) {
            if (st->seen_action++) {
                ad_xml_refuse(x, AD_SOAP_MALFORMED, "duplicate Action");
                return;
            }
            ad_xml_capture(x, &st->action);
        }
        return;
    }
    if (depth == 3) {
        if (st->operation)
            return;             /* only the first element is the operation */
        st->operation = apr_pstrdup(st->pool, name);
        st->in_operation = is(ns, name, AD_NS_SOAP_AD, OPERATION "RequestMessage");
        return;
    }
    start_request_part(x, st, depth, ns, name);
}

static void on_end(ad_xml_t *x, void *user, int depth)
{
    parse_state_t *st = user;

    switch (depth) {
    case 2: st->section = IN_NONE; break;
    case 3: st->in_operation = 0; break;
    case 4: st->in_request = 0; break;
    case 5: st->in_users = st->in_settings = 0; break;
    case 6: st->in_user = 0; break;
    }
}

static apr_array_header_t *values(apr_pool_t *p, const apr_array_header_t *bufs)
{
    apr_array_header_t *a = apr_array_make(p, bufs->nelts ? bufs->nelts : 1,
                                           sizeof(const char *));
    int i;

    for (i = 0; i < bufs->nelts; i++) {
        const ad_buf_t *b = APR_ARRAY_IDX(bufs, i, const ad_buf_t *);
        APR_ARRAY_PUSH(a, const char *) = b ? ad_xml_trimmed(p, b) : NULL;
    }
    return a;
}

void ad_soap_parse(apr_pool_t *p, const char *body, apr_size_t len,
                   ad_soap_request_t *out)
{
    static const ad_xml_handlers_t handlers = { on_start, on_end };
    parse_state_t st;
    const char *why, *action;
    int code;

    memset(out, 0, sizeof(*out));
    memset(&st, 0, sizeof(st));
    st.pool = p;
    ad_buf_init(&st.action, p, 128);
    st.users = apr_array_make(p, 4, sizeof(ad_buf_t *));
    st.settings = apr_array_make(p, 8, sizeof(ad_buf_t *));

    if ((why = ad_xml_parse(body, len, &handlers, &st, AD_SOAP_MALFORMED, &code))) {
        out->status = (ad_soap_status_e)code;
        out->reason = why;
        return;
    }
    if (!st.seen_body) {
        out->status = AD_SOAP_MALFORMED;
        out->reason = "no SOAP Body";
        return;
    }
    /* The operation: wsa:Action (what WCF dispatches on), else the body
     * element (clients that send no Action). */
    action = ad_xml_trimmed(p, &st.action);
    out->action = action ? action : st.operation ? st.operation : "";
    if (action ? strcmp(action, AD_SOAP_ACTION_PREFIX OPERATION) != 0
               : !st.operation || strcmp(st.operation, OPERATION "RequestMessage") != 0) {
        out->status = AD_SOAP_UNSUPPORTED;
        out->reason = "operation not served";
        return;
    }
    if (!st.seen_request || !st.operation
        || strcmp(st.operation, OPERATION "RequestMessage") != 0) {
        out->status = AD_SOAP_BAD_BODY;
        out->reason = "no GetUserSettingsRequestMessage/Request";
        return;
    }
    out->mailboxes = values(p, st.users);
    out->settings = values(p, st.settings);
    out->status = AD_SOAP_OK;
}
