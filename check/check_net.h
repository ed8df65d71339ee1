/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The network side of autodiscover-check: one HTTP exchange through libcurl
 * with what the TLS handshake showed, and DNS lookups (addresses, SRV, TXT).
 */
#ifndef CHECK_NET_H
#define CHECK_NET_H

#include <stddef.h>
#include "check_parse.h"

#define CHECK_MAX_BODY (1024 * 1024)  /* answers longer are not read */

typedef struct {
    const char *const *resolve;     /* curl --resolve HOST:PORT:ADDR entries */
    const char *const *connect_to;  /* curl --connect-to HOST:PORT:HOST2:PORT2 */
    const char *cacert;             /* CA file, NULL: the system's */
    const char *user, *password;    /* Basic credentials, password NULL: none */
    const char *dns;                /* ADDR[:PORT] for SRV and TXT lookups, NULL: system */
    long timeout;                   /* seconds per exchange */
} check_opts_t;

typedef struct {
    int status;                 /* HTTP status; 0: no answer */
    char *location;             /* Location header, or NULL */
    char *content_type;
    char *body;                 /* NUL-terminated */
    size_t body_len;
    char error[256];            /* why there was no answer, or the TLS fault */
    int too_long;               /* the body exceeded CHECK_MAX_BODY: not read */
    int tls;                    /* an https exchange */
    int tls_ok;                 /* chain and name verified */
    char *cert_names;           /* the certificate's DNS names, space-separated */
    long cert_days;             /* days until it expires; negative: expired */
    char *ip;                   /* the address connected to */
} check_http_t;

/* One exchange. body NULL: GET. auth: send the credentials. Returns 0 when
 * an HTTP answer came (any status), -1 when not (out->error says why). When
 * the certificate does not verify, out->tls_ok is 0, out->error says why,
 * and, unless auth is set, the exchange is made again without verification
 * to see the rest; that retry never carries credentials. With auth set, an
 * unverified certificate ends the exchange before anything is sent. */
int check_http(const check_opts_t *o, const char *method, const char *url,
               const char *body, const char *content_type, int auth, check_http_t *out);
void check_http_free(check_http_t *h);

/* The first address of host ("" when it has none), or how --resolve or
 * --connect-to maps host:port. Returns 0 when host can be reached. */
int check_address(const check_opts_t *o, const char *host, int port, char *out, size_t len);

/* SRV records of name, at most max: the count, -1 when there are none (or
 * no answer came), -2 when the answer is malformed. */
int check_srv(const check_opts_t *o, const char *name, check_srv_t *out, int max);

/* TXT records of name, at most max: the count, -1 when there are none (or
 * no answer came), -2 when the answer is malformed. */
int check_txt(const check_opts_t *o, const char *name, check_txt_t *out, int max);

#endif
