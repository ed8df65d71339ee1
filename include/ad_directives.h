/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The directive names: the command table, every configtest message and
 * t/docs.t use these. A leaf header, so that files that only name a
 * directive in a message need nothing else of the configuration.
 */
#ifndef AD_DIRECTIVES_H
#define AD_DIRECTIVES_H

#define AD_D_ENABLE          "Autodiscover"
#define AD_D_DOMAINS         "AutodiscoverDomains"
#define AD_D_FOREIGN         "AutodiscoverForeignDomain"
#define AD_D_SERVER          "AutodiscoverServer"
#define AD_D_INTERNAL_URL    "AutodiscoverInternalURL"
#define AD_D_EXTERNAL_URL    "AutodiscoverExternalURL"
#define AD_D_OUTLOOK_ANYWHERE "AutodiscoverOutlookAnywhere"
#define AD_D_OWA_AUTH        "AutodiscoverOWAAuthentication"
#define AD_D_SERVER_VERSION  "AutodiscoverServerVersion"
#define AD_D_SERVICE_URI     "AutodiscoverServiceURI"
#define AD_D_REDIRECT_ADDR   "AutodiscoverRedirectAddr"
#define AD_D_REDIRECT_URL    "AutodiscoverRedirectURL"
#define AD_D_HTTP_REDIRECT   "AutodiscoverHTTPRedirect"
#define AD_D_DISPLAY_NAME    "AutodiscoverDisplayName"
#define AD_D_CULTURE         "AutodiscoverCulture"
#define AD_D_OWNER           "AutodiscoverOwner"
#define AD_D_MAX_BODY        "AutodiscoverMaxRequestBody"
#define AD_D_PROFILE_SIGNER  "AutodiscoverProfileSigner"
#define AD_D_PROFILE_CACHE   "AutodiscoverProfileCache"
#define AD_D_SQL_QUERY       "AutodiscoverSQLQuery"
#define AD_D_UNKNOWN_USER    "AutodiscoverUnknownUser"
#define AD_D_DIR_FAILURE     "AutodiscoverDirectoryFailure"
#define AD_D_DIR_CACHE       "AutodiscoverDirectoryCache"
#define AD_D_DIR_CACHE_TIME  "AutodiscoverDirectoryCacheTime"
#define AD_D_LDAP_URL        "AutodiscoverLDAPURL"
#define AD_D_LDAP_ATTRIBUTE  "AutodiscoverLDAPAttribute"
#define AD_D_PUBLIC_DIR      "AutodiscoverPublicDirectory"
#define AD_D_CALDAV          "AutodiscoverCalDAV"
#define AD_D_CARDDAV         "AutodiscoverCardDAV"
#define AD_D_OAUTH2          "AutodiscoverOAuth2"
#define AD_D_PROVIDER        "AutodiscoverProvider"
#define AD_D_DOCUMENTATION   "AutodiscoverDocumentationURL"
#define AD_D_TTL             "AutodiscoverTTL"
#define AD_D_V2              "AutodiscoverV2"
#define AD_D_SETUP_TEXT      "AutodiscoverSetupText"
#define AD_D_SETUP_LOGO      "AutodiscoverSetupLogo"
#define AD_D_SETUP_HELP      "AutodiscoverSetupHelp"


/*
 * The directive table, as data: one row per directive.
 *   X(kind, name, setter, data, where, help)
 * kind: how httpd hands over the arguments (FLAG, TAKE1, TAKE2, TAKE12,
 *   TAKE123, TAKE13, ITERATE, TAKE_ARGV), which fixes the setter's
 *   prototype (ad_config_cmds.c defines the setters);
 * where: ANY (server config, virtual host and directory sections:
 *   <Location>, <Directory>, <If>) or SERVER (server config and virtual
 *   host only);
 * help: what "httpd -L" and configuration errors show.
 * mod_autodiscover.c makes the command table from these rows, and
 * t/docs.t checks that each has its reference entry, with its context.
 */
#define AD_DIRECTIVES(X) \
    X(FLAG, AD_D_ENABLE, ad_cmd_enable, NULL, ANY,\
      "On: answer every client family here (POX, v2 JSON, SOAP, autoconfig, Apple " \
      "profiles)") \
    X(ITERATE, AD_D_DOMAINS, ad_cmd_domains, NULL, ANY,\
      "Mail domains answered: a list of domains, or 'any'") \
    X(TAKE1, AD_D_FOREIGN, ad_cmd_foreign, NULL, ANY,\
      "Answer for an address outside the accepted domains: error or notfound") \
    X(TAKE_ARGV, AD_D_SERVER, ad_cmd_server, NULL, ANY,\
      "IMAP|POP3|SMTP host[:port] [tls=implicit|starttls|none] [login=TEMPLATE] " \
      "[spa=on|off] [auth=on|off] [domainrequired=on|off] [popauth=on|off] " \
      "[smtplast=on|off] [oauth2=on|off]; repeat in the order clients should see "\
      "them") \
    X(TAKE2, AD_D_INTERNAL_URL, ad_cmd_service_url, NULL, ANY,\
      "SERVICE URL: internal URL of EWS, OAB, OOF, UM, ECP, ActiveSync or OWA") \
    X(TAKE2, AD_D_EXTERNAL_URL, ad_cmd_service_url, (void *)1, ANY,\
      "SERVICE URL: external URL of EWS, OAB, OOF, UM, ECP, ActiveSync or OWA") \
    X(TAKE12, AD_D_OUTLOOK_ANYWHERE, ad_cmd_outlook_anywhere, NULL, ANY,\
      "HOST [AUTHPACKAGE]: Outlook Anywhere (EXPR) host and authentication") \
    X(TAKE1, AD_D_OWA_AUTH, ad_cmd_owa_auth, NULL, ANY,\
      "AuthenticationMethod of the OWA URLs, such as \"Basic, Fba\"") \
    X(TAKE1, AD_D_SERVER_VERSION, ad_cmd_server_version, NULL, ANY,\
      "Exchange build announced as ServerVersion: 15.1.2176 or 73C18880") \
    X(TAKE1, AD_D_SERVICE_URI, ad_cmd_service_uri, NULL, ANY,\
      "This service's own autodiscover URL (AutoDiscoverServiceInternalUri)") \
    X(TAKE2, AD_D_REDIRECT_ADDR, ad_cmd_redirect_addr, NULL, ANY,\
      "DOMAIN NEWDOMAIN: addresses of DOMAIN have moved to NEWDOMAIN") \
    X(TAKE123, AD_D_REDIRECT_URL, ad_cmd_redirect_url, NULL, ANY,\
      "DOMAIN|* [https-URL] [xml|302]: DOMAIN is served by another autodiscover URL") \
    X(TAKE1, AD_D_HTTP_REDIRECT, ad_cmd_http_redirect, NULL, ANY,\
      "On|Off|https://host[:port]: answer every /autodiscover/ path with 302 to https") \
    X(TAKE1, AD_D_DISPLAY_NAME, ad_cmd_display_name, NULL, ANY,\
      "Display name template, such as \"%EMAILLOCALPART% at Example\"") \
    X(TAKE1, AD_D_CULTURE, ad_cmd_culture, NULL, ANY,\
      "Culture of MobileSync answers, such as en:us") \
    X(TAKE1, AD_D_OWNER, ad_cmd_owner, NULL, ANY,\
      "Off, or the user name an address belongs to, such as %EMAILADDRESS%") \
    X(TAKE1, AD_D_MAX_BODY, ad_cmd_max_body, NULL, ANY,\
      "Largest request body accepted, in bytes (default 8192)") \
    X(TAKE123, AD_D_PROFILE_SIGNER, ad_cmd_profile_signer, NULL, ANY,\
      "CERTIFICATE [KEY [CHAIN]] (PEM files) that sign Apple profiles, or Off") \
    X(TAKE1, AD_D_PROFILE_CACHE, ad_cmd_profile_cache, NULL, SERVER,\
      "socache provider[:args] shared by every process for signed Apple profiles " \
      "(default shmcb, 2 MiB), or Off") \
    X(TAKE_ARGV, AD_D_SQL_QUERY, ad_cmd_sql_query, NULL, ANY,\
      "\"SELECT ... %s ...\" [address|localpart|domain ...]: per-user fields from " \
      "mod_dbd's database, by column name; or Off") \
    X(TAKE13, AD_D_LDAP_URL, ad_cmd_ldap_url, NULL, ANY,\
      "ldap://host[:port]/basedn?attribute?scope?filter [binddn password]: per-user" \
      " fields from mod_ldap's directory; or Off") \
    X(TAKE2, AD_D_LDAP_ATTRIBUTE, ad_cmd_ldap_attribute, NULL, ANY,\
      "FIELD ATTRIBUTE: the LDAP attribute that gives a per-user field, such as " \
      "display_name displayName") \
    X(TAKE1, AD_D_UNKNOWN_USER, ad_cmd_unknown_user, NULL, ANY,\
      "Answer for an address the directory does not know: settings (default) or error") \
    X(TAKE1, AD_D_DIR_CACHE, ad_cmd_dir_cache, NULL, SERVER,\
      "socache provider[:args] shared by every process for directory answers " \
      "(default shmcb), or Off") \
    X(TAKE12, AD_D_DIR_CACHE_TIME, ad_cmd_dir_cache_time, NULL, ANY,\
      "Seconds a directory entry, found or unknown, is cached (default 300; 0: not " \
      "cached)") \
    X(FLAG, AD_D_PUBLIC_DIR, ad_cmd_public_directory, NULL, ANY,\
      "On: strangers get directory answers too, which makes mailboxes enumerable " \
      "(default Off)") \
    X(TAKE_ARGV, AD_D_CALDAV, ad_cmd_dav, NULL, ANY,\
      "https-URL [login=TEMPLATE]: the CalDAV service's context, such as " \
      "https://dav.example.com/dav/ (placeholders allowed)") \
    X(TAKE_ARGV, AD_D_CARDDAV, ad_cmd_dav, (void *)1, ANY,\
      "https-URL [login=TEMPLATE]: the CardDAV service's context, such as " \
      "https://dav.example.com/dav/ (placeholders allowed)") \
    X(TAKE_ARGV, AD_D_OAUTH2, ad_cmd_oauth2, NULL, ANY,\
      "issuer=URL authorize=URL token=URL \"scope=SCOPE ...\" [client=ID]: OAuth2 " \
      "for the servers here (AutodiscoverServer ... oauth2=off opts out)") \
    X(TAKE12, AD_D_PROVIDER, ad_cmd_provider, NULL, ANY,\
      "NAME [SHORTNAME]: the mail provider's name (up to 60 characters) and short " \
      "name (up to 20), where a format carries them") \
    X(TAKE1, AD_D_DOCUMENTATION, ad_cmd_documentation, NULL, ANY,\
      "https URL of the provider's help page for mail settings") \
    X(TAKE1, AD_D_TTL, ad_cmd_ttl, NULL, ANY,\
      "Hours Outlook may keep a POX answer (TTL), 0 to 8760") \
    X(FLAG, AD_D_V2, ad_cmd_v2, NULL, ANY,\
      "Off: leave Autodiscover v2 (autodiscover.json) unanswered (404), so that " \
      "Outlook sets up IMAP instead of looking for Exchange (default On)") \
    X(TAKE1, AD_D_DIR_FAILURE, ad_cmd_dir_failure, NULL, ANY,\
      "Answer while the directory cannot be asked: static (default) or error (503)") \
    X(TAKE2, AD_D_SETUP_TEXT, ad_cmd_setup_text, NULL, ANY,\
      "KEY \"TEXT\": replace one English text of the setup page (SetHandler " \
      "autodiscover-setup), such as title \"Mail einrichten\"") \
    X(TAKE12, AD_D_SETUP_LOGO, ad_cmd_setup_logo, NULL, ANY,\
      "FILE [ALT-TEXT]: the setup page's logo (PNG, JPEG, GIF, WebP or SVG, up to " \
      "64 KiB, embedded in the page), or Off") \
    X(TAKE1, AD_D_SETUP_HELP, ad_cmd_setup_help, NULL, ANY,\
      "\"TEXT\": a paragraph of your own on the setup page (repeat for more)") \
    /* end of the directive table */

/* Each kind's setter prototype. */
#define AD_SETTER_FLAG(fn)      const char *fn(cmd_parms *, void *, int);
#define AD_SETTER_TAKE1(fn)     const char *fn(cmd_parms *, void *, const char *);
#define AD_SETTER_ITERATE(fn)   AD_SETTER_TAKE1(fn)
#define AD_SETTER_TAKE2(fn)     const char *fn(cmd_parms *, void *, const char *, \
                                               const char *);
#define AD_SETTER_TAKE12(fn)    AD_SETTER_TAKE2(fn)
#define AD_SETTER_TAKE123(fn)   const char *fn(cmd_parms *, void *, const char *, \
                                               const char *, const char *);
#define AD_SETTER_TAKE13(fn)    AD_SETTER_TAKE123(fn)
#define AD_SETTER_TAKE_ARGV(fn) const char *fn(cmd_parms *, void *, int, char *const[]);
#define AD_SETTER_DECLARE(kind, name, fn, data, where, help) AD_SETTER_##kind(fn)

#endif
