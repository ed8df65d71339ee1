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

#endif
