/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * autodiscover-check's network side. HTTP through libcurl with its
 * certificate information (the server certificate read with OpenSSL);
 * addresses through the system resolver unless --resolve or --connect-to
 * maps the host; SRV and TXT records through libresolv, from the system's
 * name server or the one --dns names.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <resolv.h>
#include <curl/curl.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include "check_net.h"

typedef struct {
    char *data;
    size_t len;
    int too_long;
} growbuf_t;

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
    growbuf_t *b = ud;
    size_t add = size * n;
    char *grown;

    if (add > CHECK_MAX_BODY - b->len) {
        b->too_long = 1;
        return 0;                   /* ends the transfer: not an answer we read */
    }
    if (!(grown = realloc(b->data, b->len + add + 1)))
        return 0;
    b->data = grown;
    memcpy(b->data + b->len, p, add);
    b->len += add;
    b->data[b->len] = '\0';
    return add;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    check_http_t *h = ud;
    size_t len = size * n, i;

    if (len > 5 && !strncmp(p, "HTTP/", 5)) {
        free(h->location);          /* a new answer (after a 1xx): its own headers */
        h->location = NULL;
    }
    else if (len > 9 && !strncasecmp(p, "Location:", 9)) {
        const char *v = p + 9;
        size_t vlen = len - 9;
        while (vlen && (*v == ' ' || *v == '\t'))
            v++, vlen--;
        while (vlen && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
            vlen--;
        free(h->location);
        /* A NUL would cut the URL short of what the server sent: it stays
         * a control character, which no URL passes with. */
        if ((h->location = malloc(vlen + 1))) {
            for (i = 0; i < vlen; i++)
                h->location[i] = v[i] ? v[i] : '\x01';
            h->location[vlen] = '\0';
        }
    }
    return len;
}

/* The server certificate from curl's certificate information. */
static void read_certificate(CURL *curl, check_http_t *h)
{
    struct curl_certinfo *ci = NULL;
    struct curl_slist *s;
    X509 *x = NULL;

    if (curl_easy_getinfo(curl, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci || ci->num_of_certs < 1)
        return;
    for (s = ci->certinfo[0]; s && !x; s = s->next) {
        if (!strncmp(s->data, "Cert:", 5)) {
            BIO *in = BIO_new_mem_buf(s->data + 5, -1);
            x = in ? PEM_read_bio_X509(in, NULL, NULL, NULL) : NULL;
            BIO_free(in);
        }
    }
    if (!x)
        return;
    {
        GENERAL_NAMES *sans = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
        size_t used = 0, cap = 256;
        int days = 0, secs = 0, i;
        char *names = calloc(1, cap);
        for (i = 0; names && sans && i < sk_GENERAL_NAME_num(sans); i++) {
            const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
            int n;
            if (g->type != GEN_DNS)
                continue;
            n = ASN1_STRING_length(g->d.dNSName);
            if (used + n + 2 > cap) {
                char *grown = realloc(names, cap = 2 * (used + n + 2));
                if (!grown)
                    break;
                names = grown;
            }
            if (used)
                names[used++] = ' ';
            memcpy(names + used, ASN1_STRING_get0_data(g->d.dNSName), n);
            used += n;
            names[used] = '\0';
        }
        GENERAL_NAMES_free(sans);
        free(h->cert_names);
        h->cert_names = names;
        if (ASN1_TIME_diff(&days, &secs, NULL, X509_get0_notAfter(x)))
            h->cert_days = days - (days <= 0 && secs < 0 ? 1 : 0);
        X509_free(x);
    }
}

static int exchange(const check_opts_t *o, const char *method, const char *url,
                    const char *body, const char *content_type, int auth, int verify,
                    check_http_t *h)
{
    CURL *curl = curl_easy_init();
    struct curl_slist *resolve = NULL, *connect_to = NULL, *headers = NULL;
    growbuf_t b = { NULL, 0, 0 };
    char errbuf[CURL_ERROR_SIZE] = "";
    CURLcode rc;
    char *ip = NULL, *ct = NULL;
    long status = 0;
    int i;

    if (!curl) {
        snprintf(h->error, sizeof(h->error), "libcurl could not start");
        return -1;
    }
    for (i = 0; o->resolve && o->resolve[i]; i++)
        resolve = curl_slist_append(resolve, o->resolve[i]);
    for (i = 0; o->connect_to && o->connect_to[i]; i++)
        connect_to = curl_slist_append(connect_to, o->connect_to[i]);
    if (content_type)
        headers = curl_slist_append(headers, content_type);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    if (body) {
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(curl, CURLOPT_CONNECT_TO, connect_to);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, o->timeout);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, o->timeout);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_CERTINFO, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, verify ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "autodiscover-check/" CHECK_VERSION);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (o->cacert)
        curl_easy_setopt(curl, CURLOPT_CAINFO, o->cacert);
    if (auth && o->password) {
        curl_easy_setopt(curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
        curl_easy_setopt(curl, CURLOPT_USERNAME, o->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, o->password);
    }
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, h);

    rc = curl_easy_perform(curl);
    h->tls = !strncasecmp(url, "https:", 6);
    if (h->tls)
        read_certificate(curl, h);
    if (curl_easy_getinfo(curl, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip && *ip) {
        free(h->ip);
        h->ip = strdup(ip);
    }
    if (rc == CURLE_OK) {
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
        h->status = (int)status;
        h->content_type = ct ? strdup(ct) : NULL;
        h->body = b.data ? b.data : strdup("");
        h->body_len = b.len;
        b.data = NULL;
    }
    else if (b.too_long) {
        h->too_long = 1;
        snprintf(h->error, sizeof(h->error), "the answer is longer than %d bytes; not read",
                 CHECK_MAX_BODY);
    }
    else
        snprintf(h->error, sizeof(h->error), "%s", *errbuf ? errbuf : curl_easy_strerror(rc));
    free(b.data);
    curl_slist_free_all(resolve);
    curl_slist_free_all(connect_to);
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return rc == CURLE_OK ? 0 : (rc == CURLE_PEER_FAILED_VERIFICATION ? 1 : -1);
}

int check_http(const check_opts_t *o, const char *method, const char *url,
               const char *body, const char *content_type, int auth, check_http_t *out)
{
    int rv;

    memset(out, 0, sizeof(*out));
    rv = exchange(o, method, url, body, content_type, auth, 1, out);
    if (rv == 1 && auth) {
        out->tls_ok = 0;            /* nothing was sent: the handshake failed first */
        return -1;
    }
    if (rv == 1) {
        /* The certificate failed: say why, and look at the rest anyway, but
         * never with the credentials: that server is not known to be who
         * it claims. */
        char why[sizeof(out->error)];
        memcpy(why, out->error, sizeof(why));
        out->error[0] = '\0';
        rv = exchange(o, method, url, body, content_type, 0, 0, out);
        memcpy(out->error, why, sizeof(why));
        out->tls_ok = 0;
        return rv;
    }
    out->tls_ok = out->tls && rv == 0;
    return rv;
}

void check_http_free(check_http_t *h)
{
    free(h->location);
    free(h->content_type);
    free(h->body);
    free(h->cert_names);
    free(h->ip);
    memset(h, 0, sizeof(*h));
}

/* HOST:PORT:... entries of --resolve or --connect-to that name host:port. */
static const char *mapped(const char *const *list, const char *host, int port)
{
    size_t n = strlen(host);
    int i;

    for (i = 0; list && list[i]; i++) {
        const char *e = list[i];
        const char *rest;
        if (!strncasecmp(e, host, n) && e[n] == ':' && atoi(e + n + 1) == port
            && (rest = strchr(e + n + 1, ':')))
            return rest + 1;
    }
    return NULL;
}

int check_address(const check_opts_t *o, const char *host, int port, char *out, size_t len)
{
    struct addrinfo hints, *res = NULL;
    const char *m;
    int rv;

    if ((m = mapped(o->resolve, host, port)) || (m = mapped(o->connect_to, host, port))) {
        snprintf(out, len, "%s (mapped)", m);
        return 0;
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    if ((rv = getaddrinfo(host, NULL, &hints, &res)) != 0) {
        snprintf(out, len, "no address: %s", gai_strerror(rv));
        return -1;
    }
    if (getnameinfo(res->ai_addr, res->ai_addrlen, out, len, NULL, 0, NI_NUMERICHOST) != 0)
        snprintf(out, len, "?");
    freeaddrinfo(res);
    return 0;
}

/* Ask the name server (--dns's or the system's) for name's records of
 * type: the answer (malloc, free it) and its length, or -1 when none came. */
static int query(const check_opts_t *o, const char *name, int type, unsigned char **answer)
{
    struct __res_state st;
    int len;

    *answer = NULL;
    memset(&st, 0, sizeof(st));
    if (res_ninit(&st) != 0)
        return -1;
    if (o->dns) {
        char addr[64];
        const char *colon = strrchr(o->dns, ':');
        int port = colon ? atoi(colon + 1) : 53;
        snprintf(addr, sizeof(addr), "%.*s", colon ? (int)(colon - o->dns) : (int)strlen(o->dns),
                 o->dns);
        st.nscount = 1;
        st.nsaddr_list[0].sin_family = AF_INET;
        st.nsaddr_list[0].sin_port = htons(port);
        if (inet_pton(AF_INET, addr, &st.nsaddr_list[0].sin_addr) != 1) {
            res_nclose(&st);
            return -1;
        }
    }
    /* Room for the largest message TCP can carry; res_nquery returns the
     * length the server announced, which may exceed what it stored. */
    if (!(*answer = malloc(NS_MAXMSG))) {
        res_nclose(&st);
        return -1;
    }
    len = res_nquery(&st, name, ns_c_in, type, *answer, NS_MAXMSG);
    res_nclose(&st);
    if (len < 0) {
        free(*answer);
        *answer = NULL;
        return -1;
    }
    return len > NS_MAXMSG ? NS_MAXMSG : len;
}

int check_srv(const check_opts_t *o, const char *name, check_srv_t *out, int max)
{
    unsigned char *answer;
    int len = query(o, name, ns_t_srv, &answer), n;

    if (len < 0)
        return -1;
    n = check_parse_srv(answer, (size_t)len, out, max);
    free(answer);
    return n < 0 ? -2 : n ? n : -1;
}

int check_txt(const check_opts_t *o, const char *name, check_txt_t *out, int max)
{
    unsigned char *answer;
    int len = query(o, name, ns_t_txt, &answer), n;

    if (len < 0)
        return -1;
    n = check_parse_txt(answer, (size_t)len, out, max);
    free(answer);
    return n < 0 ? -2 : n ? n : -1;
}
