/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * The setup page for people (SetHandler autodiscover-setup): its texts,
 * logo and help paragraphs (AutodiscoverSetupText, AutodiscoverSetupLogo,
 * AutodiscoverSetupHelp), and the page itself, rendered from the verdict
 * every endpoint renders (ad_decide) into plain HTML and CSS: no script,
 * no external resource, every value escaped. Pure APR (and libqrencode
 * through ad_qr.h): no httpd types.
 */
#ifndef AD_SETUP_H
#define AD_SETUP_H

#include <apr_pools.h>
#include <apr_tables.h>
#include "ad_buf.h"
#include "ad_pox.h"

/*
 * Every English text of the page: its key (AutodiscoverSetupText KEY) and
 * its default. Texts are plain text (escaped when rendered) and may hold
 * %EMAILADDRESS%, %EMAILLOCALPART% and %EMAILDOMAIN%, filled in with the
 * address asked (empty before one is asked).
 */
#define AD_SETUP_TEXTS(X) \
    X(LANG, "lang", "en") \
    X(TITLE, "title", "Set up your email") \
    X(INTRO, "intro", "Enter your email address to see how to set up your mail apps and devices.") \
    X(FORM_LABEL, "form-label", "Your email address") \
    X(FORM_BUTTON, "form-button", "Show my settings") \
    X(BAD_ADDRESS, "bad-address", "This is not an email address. Enter it as name@example.com.") \
    X(OFF, "off", "Mail setup is not available here.") \
    X(EMPTY, "empty", "No mail settings are configured here.") \
    X(FOREIGN, "foreign", "Mail for %EMAILDOMAIN% is not set up here.") \
    X(MOVED, "moved", "The address %EMAILADDRESS% has moved. Set up your mail with the new address:") \
    X(ELSEWHERE, "elsewhere", "Mail for %EMAILDOMAIN% is set up by another server, to which your mail apps are sent by themselves:") \
    X(UNKNOWN, "unknown", "There are no settings for %EMAILADDRESS% here.") \
    X(UNAVAILABLE, "unavailable", "The settings cannot be looked up right now. Please try again in a minute.") \
    X(SETTINGS_FOR, "settings-for", "Settings for %EMAILADDRESS%") \
    X(SUMMARY, "summary", "Most mail apps set themselves up from your address and password. Find yours below; if it does not work, enter the settings at the end of this page by hand.") \
    X(PERSONAL, "personal", "These are the settings of your own account.") \
    X(OUTLOOK, "outlook", "Outlook") \
    X(OUTLOOK_AUTO, "outlook-auto", "Outlook finds these settings by itself: choose File, Add account, enter %EMAILADDRESS% and, when asked, your password.") \
    X(OUTLOOK_MANUAL, "outlook-manual", "If it does not: choose Advanced options, Let me set up my account manually, then IMAP or POP, and enter the settings below.") \
    X(OUTLOOK_NONE, "outlook-none", "Outlook cannot set itself up here: choose Advanced options, Let me set up my account manually, and enter the settings below.") \
    X(APPLE, "apple", "iPhone, iPad and Mac") \
    X(APPLE_INTRO, "apple-intro", "Apple devices do not look for these settings by themselves: open this page on the device, download the profile and install it. It holds no password: you enter yours while installing.") \
    X(APPLE_CONTAINS, "apple-contains", "The profile sets up:") \
    X(APPLE_DOWNLOAD, "apple-download", "Download for iPhone, iPad and Mac") \
    X(APPLE_DOWNLOAD_IOS, "apple-download-ios", "Download for iPhone and iPad") \
    X(APPLE_DOWNLOAD_MAC, "apple-download-mac", "Download for Mac") \
    X(APPLE_TWO, "apple-two", "The iPhone and iPad profile includes Exchange ActiveSync, which a Mac cannot use: on a Mac, take the Mac profile.") \
    X(APPLE_IOS_ONLY, "apple-ios-only", "There is no profile for a Mac: Exchange ActiveSync is the only account here, and a Mac cannot use it.") \
    X(APPLE_INSTALL, "apple-install", "Then, on an iPhone or iPad, open Settings, tap Profile Downloaded and Install; on a Mac, open System Settings, search for Profiles and install it.") \
    X(APPLE_SIGNED, "apple-signed", "The profile is signed, so the device shows it as verified. Signed by:") \
    X(APPLE_UNSIGNED, "apple-unsigned", "The profile is not signed, so the device shows it as unverified.") \
    X(APPLE_NONE, "apple-none", "There is no profile for this address here. Add the account by hand (in Settings, Mail, Accounts: Add Account, Other) with the settings below.") \
    X(QR_TITLE, "qr-title", "QR code of the download link") \
    X(QR_CAPTION, "qr-caption", "On an iPhone or iPad, scan this code with the camera to open the download link.") \
    X(THUNDERBIRD, "thunderbird", "Thunderbird") \
    X(THUNDERBIRD_AUTO, "thunderbird-auto", "Thunderbird finds these settings by itself: in Account Setup, enter your name, %EMAILADDRESS% and your password.") \
    X(THUNDERBIRD_MANUAL, "thunderbird-manual", "If it does not: choose Configure manually and enter the settings below.") \
    X(THUNDERBIRD_NONE, "thunderbird-none", "Thunderbird cannot set itself up here: in Account Setup, choose Configure manually and enter the settings below.") \
    X(THUNDERBIRD_DAV, "thunderbird-dav", "Add calendars and address books with the URLs below: New Calendar, On the Network; New Address Book, Add CardDAV Address Book.") \
    X(ANDROID, "android", "Android: Thunderbird, K-9 Mail, FairEmail") \
    X(ANDROID_AUTO, "android-auto", "Thunderbird for Android, K-9 Mail and FairEmail find these settings by themselves: enter %EMAILADDRESS% and your password (in FairEmail: Quick setup).") \
    X(ANDROID_MANUAL, "android-manual", "If they do not: choose manual setup and enter the settings below; these apps take the first incoming and the first outgoing server.") \
    X(ANDROID_NONE, "android-none", "These apps cannot set themselves up here: choose manual setup and enter the settings below.") \
    X(ANDROID_DAV, "android-dav", "For calendars and contacts, use a CalDAV and CardDAV app (such as DAVx5) with the URLs below.") \
    X(OTHER, "other", "Other mail apps") \
    X(OTHER_AUTO, "other-auto", "Many other mail apps (Evolution, KMail, Delta Chat and others) find these settings by themselves from your address.") \
    X(OTHER_MANUAL, "other-manual", "Any mail app can be set up by hand with the settings below.") \
    X(SERVERS, "servers", "The settings") \
    X(SERVERS_INTRO, "servers-intro", "Use the first server of each kind that your app supports. Your password is your email password.") \
    X(INCOMING, "incoming", "Incoming mail") \
    X(OUTGOING, "outgoing", "Outgoing mail (SMTP)") \
    X(MAIL, "mail", "Mail") \
    X(CALENDARS, "calendars", "Calendars (CalDAV)") \
    X(CONTACTS, "contacts", "Contacts (CardDAV)") \
    X(ACTIVESYNC, "activesync", "Exchange ActiveSync") \
    X(LABEL_TYPE, "label-type", "Type") \
    X(LABEL_SERVER, "label-server", "Server") \
    X(LABEL_PORT, "label-port", "Port") \
    X(LABEL_SECURITY, "label-security", "Security") \
    X(LABEL_LOGIN, "label-login", "User name") \
    X(LABEL_AUTH, "label-auth", "Sign-in") \
    X(LABEL_URL, "label-url", "URL") \
    X(TLS_IMPLICIT, "tls-implicit", "SSL/TLS") \
    X(TLS_STARTTLS, "tls-starttls", "STARTTLS") \
    X(TLS_NONE, "tls-none", "None (not encrypted)") \
    X(AUTH_PASSWORD, "auth-password", "Normal password") \
    X(AUTH_ENCRYPTED, "auth-encrypted", "Encrypted password") \
    X(AUTH_NONE, "auth-none", "None") \
    X(AUTH_OAUTH2, "auth-oauth2", "OAuth2, or your password") \
    X(LEFT_OUT, "left-out", "Thunderbird and the Android apps are not given this server by themselves.") \
    X(MORE_HELP, "more-help", "More help:")

#define AD_SETUP_ENUM(name, key, text) AD_ST_##name,
typedef enum { AD_SETUP_TEXTS(AD_SETUP_ENUM) AD_ST_COUNT } ad_setup_text_e;
#undef AD_SETUP_ENUM

/* Limits of the directives' values. */
#define AD_SETUP_MAX_TEXT  1000         /* characters of one text */
#define AD_SETUP_MAX_HELP  4000         /* characters of one help paragraph */
#define AD_SETUP_MAX_LOGO  65536        /* bytes of the logo file */

/* AutodiscoverSetupLogo: the image as a data: URI (NULL: Off) and its
 * alternative text. */
typedef struct {
    const char *uri;
    const char *alt;
} ad_setup_logo_t;

/* What a scope says about its page; NULL fields are not set there. */
typedef struct {
    const char *text[AD_ST_COUNT];      /* AutodiscoverSetupText */
    const ad_setup_logo_t *logo;        /* AutodiscoverSetupLogo */
    apr_array_header_t *help;           /* AutodiscoverSetupHelp, of const char * */
} ad_setup_conf_t;

/* The key's index, or -1. */
int ad_setup_text_key(const char *key);
/* The keys, comma-separated, for messages. */
const char *ad_setup_text_keys(apr_pool_t *p);
/* A text, configured or default (conf may be NULL). */
const char *ad_setup_text(const ad_setup_conf_t *conf, ad_setup_text_e key);
/* NULL when text may replace key's default, else why not. */
const char *ad_setup_text_check(apr_pool_t *p, ad_setup_text_e key, const char *text);

/* Read an image file (PNG, JPEG, GIF, WebP or SVG, up to
 * AD_SETUP_MAX_LOGO bytes) into a data: URI; NULL, or why not. */
const char *ad_setup_logo_load(apr_pool_t *p, const char *path, const char **uri);

ad_setup_conf_t *ad_setup_conf_merge(apr_pool_t *p, const ad_setup_conf_t *base,
                                     const ad_setup_conf_t *add);

/* What the page says (the verdict, in the page's terms). */
typedef enum {
    AD_SETUP_FORM = 0,      /* no address asked yet */
    AD_SETUP_BAD_ADDRESS,   /* 400 */
    AD_SETUP_OFF,           /* Autodiscover is off in this scope: 404 */
    AD_SETUP_EMPTY,         /* nothing configured to answer with: 404 */
    AD_SETUP_FOREIGN,       /* 404 */
    AD_SETUP_MOVED,         /* target: the new address */
    AD_SETUP_ELSEWHERE,     /* target: the other server's host */
    AD_SETUP_UNKNOWN,       /* 404 */
    AD_SETUP_UNAVAILABLE,   /* 503 */
    AD_SETUP_SETTINGS
} ad_setup_state_e;

typedef struct {
    const ad_setup_conf_t *conf;
    ad_setup_state_e state;
    const char *asked;              /* the address as entered, or NULL */
    const ad_vars_t *v;             /* the address checked (every state past
                                       BAD_ADDRESS but OFF), or NULL */
    const char *target;             /* MOVED, ELSEWHERE */
    const ad_profile_t *prof;       /* SETTINGS: the verdict's profile */
    int personal;                   /* SETTINGS: the directory answer */
    const char *provider;           /* the provider's name, or NULL */
    const char *documentation_url;  /* or NULL */
    const char *origin;             /* scheme://host[:port] of the page */
    const char *signer;             /* the profile signer's name, or NULL */
} ad_setup_view_t;

/* The links a page offers for the profile: one for every Apple device, or
 * (where ActiveSync makes the two differ) one each for iOS and macOS;
 * NULL where there is none. qr: the one the QR code shows. */
typedef struct {
    const char *any, *ios, *macos, *qr;
} ad_setup_links_t;
void ad_setup_profile_links(apr_pool_t *p, const ad_setup_view_t *view,
                            ad_setup_links_t *out);

/* The whole page. Returns NULL, or why the QR code is missing (the page
 * is complete without it). */
const char *ad_setup_render(ad_buf_t *b, const ad_setup_view_t *view);

/* An absolute URL's query component, percent-encoded (RFC 3986's
 * unreserved characters kept). */
const char *ad_setup_urlencode(apr_pool_t *p, const char *s);

#endif
