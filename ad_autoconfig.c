/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Thunderbird autoconfig, version 1.1: <clientConfig> with one
 * <emailProvider>, the IMAP/POP3 servers as <incomingServer> and the SMTP
 * servers as <outgoingServer>, in the configured order (the first is the
 * client's default). Enumerations are case-sensitive in Thunderbird.
 */
#include <apr_strings.h>
#include "ad_autoconfig.h"

static const char *socket_type(ad_tls_e tls)
{
    return tls == AD_TLS_IMPLICIT ? "SSL" : tls == AD_TLS_STARTTLS ? "STARTTLS" : "plain";
}

static const char *authentication(const ad_server_t *sv)
{
    if (sv->type == AD_PROTO_SMTP && !sv->auth)
        return "none";
    return sv->spa ? "password-encrypted" : "password-cleartext";
}

static void add_server(ad_tmpl_t *f, apr_pool_t *p, const ad_server_t *sv)
{
    static const char *const types[] = { "imap", "pop3", "smtp" };
    int outgoing = sv->type == AD_PROTO_SMTP;

    ad_tmpl_add_markup(f, apr_psprintf(p, "    <%s type=\"%s\">\n      <hostname>",
                                       outgoing ? "outgoingServer" : "incomingServer",
                                       types[sv->type]));
    ad_tmpl_add_xml(f, sv->host);
    ad_tmpl_add_markup(f, apr_psprintf(p, "</hostname>\n      <port>%d</port>\n"
                                       "      <socketType>%s</socketType>\n"
                                       "      <authentication>%s</authentication>\n",
                                       sv->port, socket_type(sv->tls), authentication(sv)));
    if (!outgoing || sv->auth) {
        ad_tmpl_add_markup(f, "      <username>");
        ad_tmpl_add_xml(f, sv->login ? sv->login : ad_tmpl_parse(p, "%EMAILADDRESS%"));
        ad_tmpl_add_markup(f, "</username>\n");
    }
    ad_tmpl_add_markup(f, outgoing ? "    </outgoingServer>\n" : "    </incomingServer>\n");
}

ad_tmpl_t *ad_autoconfig_compile(apr_pool_t *p, const ad_profile_t *prof)
{
    const apr_array_header_t *servers = prof->servers;
    int i, incoming = 0, outgoing = 0;
    ad_tmpl_t *f, *domain = ad_tmpl_parse(p, "%EMAILDOMAIN%");

    for (i = 0; servers && i < servers->nelts; i++) {
        if (APR_ARRAY_IDX(servers, i, ad_server_t *)->type == AD_PROTO_SMTP)
            outgoing++;
        else
            incoming++;
    }
    if (!incoming || !outgoing)
        return NULL;
    f = ad_tmpl_new(p);
    ad_tmpl_add_markup(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<clientConfig version=\"1.1\">\n  <emailProvider id=\"");
    ad_tmpl_add_xml(f, domain);
    ad_tmpl_add_markup(f, "\">\n    <domain>");
    ad_tmpl_add_xml(f, domain);
    ad_tmpl_add_markup(f, "</domain>\n");
    /* Incoming first, then outgoing, each in the configured order. */
    for (i = 0; i < servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(servers, i, ad_server_t *);
        if (sv->type != AD_PROTO_SMTP)
            add_server(f, p, sv);
    }
    for (i = 0; i < servers->nelts; i++) {
        const ad_server_t *sv = APR_ARRAY_IDX(servers, i, ad_server_t *);
        if (sv->type == AD_PROTO_SMTP)
            add_server(f, p, sv);
    }
    ad_tmpl_add_markup(f, "  </emailProvider>\n</clientConfig>\n");
    return f;
}

void ad_autoconfig_vars_unknown(ad_vars_t *v, apr_pool_t *p, const char *domain)
{
    ad_vars_set(v, p, "%EMAILADDRESS%", "%EMAILLOCALPART%", domain);
}

apr_array_header_t *ad_autoconfig_left_out(apr_pool_t *p, const ad_profile_t *prof)
{
    return apr_array_make(p, 1, sizeof(const char *));
}
