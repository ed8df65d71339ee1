# Bad configuration is refused by "apache2 -t" with a message that names the
# directive, the value and what is accepted; cross-directive rules are
# checked by check_config, which configtest runs.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my @refused = (
    ['Autodiscover maybe', qr/Autodiscover must be On or Off/],
    ['AutodiscoverDomains any example.com', qr/AutodiscoverDomains: 'example.com' cannot be mixed with 'any'/],
    ['AutodiscoverDomains exa_mple.com', qr/AutodiscoverDomains: 'exa_mple.com' is not a domain name; give mail domains such as example.com, or 'any'/],
    ['AutodiscoverForeignDomain ignore', qr/AutodiscoverForeignDomain: 'ignore' is not accepted; use 'error' .* or 'notfound'/],
    ['AutodiscoverServer IMAP', qr/AutodiscoverServer: needs a type and a host/],
    ['AutodiscoverServer IMAPS imap.example.com', qr/AutodiscoverServer: type 'IMAPS' is not accepted; use IMAP, POP3 or SMTP/],
    ['AutodiscoverServer IMAP imap.example.com:99999', qr/AutodiscoverServer: 'imap.example.com:99999': the port must be a number from 1 to 65535/],
    ['AutodiscoverServer IMAP imap.example.com tls=maybe', qr/AutodiscoverServer: tls='maybe' is not accepted; use tls=implicit .*tls=starttls .*tls=none/],
    ['AutodiscoverServer IMAP imap.example.com spa=yes', qr/AutodiscoverServer: spa='yes' is not accepted; use on or off/],
    ['AutodiscoverServer IMAP imap.example.com popauth=on', qr/AutodiscoverServer: popauth= applies to SMTP servers only/],
    ['AutodiscoverServer IMAP imap.example.com color=blue', qr/AutodiscoverServer: unknown option 'color'; accepted: tls=/],
    ['AutodiscoverServer IMAP imap.example.com nonsense', qr/AutodiscoverServer: option 'nonsense' is not key=value/],
    ['AutodiscoverInternalURL Mailbox https://mail.example.com/', qr/AutodiscoverInternalURL: service 'Mailbox' is not accepted; use EWS, OAB, OOF, UM, ECP, ActiveSync or OWA/],
    ['AutodiscoverExternalURL EWS http://mail.example.com/EWS/Exchange.asmx', qr/AutodiscoverExternalURL: 'http:\/\/mail.example.com\/EWS\/Exchange.asmx' is not an absolute https:\/\/ URL/],
    ['AutodiscoverExternalURL EWS https:///EWS', qr/AutodiscoverExternalURL: 'https:\/\/\/EWS' has no host name/],
    ['AutodiscoverOutlookAnywhere mail.example.com digest', qr/AutodiscoverOutlookAnywhere: authentication package 'digest' is not accepted; use basic, kerb/],
    ['AutodiscoverOutlookAnywhere https://mail.example.com', qr/AutodiscoverOutlookAnywhere: 'https:\/\/mail.example.com' is not a host name/],
    ['AutodiscoverOWAAuthentication Basic;Fba', qr/AutodiscoverOWAAuthentication: 'Basic;Fba' is not accepted/],
    ['AutodiscoverServerVersion 15.x', qr/AutodiscoverServerVersion: '15.x' is not accepted; give MAJOR.MINOR.BUILD .*or 8 hex digits/],
    ['AutodiscoverServiceURI http://autodiscover.example.com/autodiscover/autodiscover.xml', qr/AutodiscoverServiceURI: 'http:\/\/autodiscover.example.com\/autodiscover\/autodiscover.xml' is not an absolute https:\/\/ URL/],
    ['AutodiscoverServiceURI https://autodiscover.%EMAILDOMAIN%/autodiscover/autodiscover.xml', qr/AutodiscoverServiceURI: .*placeholders are not allowed here/],
    ['AutodiscoverRedirectAddr example.com example.com', qr/AutodiscoverRedirectAddr: 'example.com' redirected to itself would loop/],
    ['AutodiscoverRedirectAddr example.com not_a_domain', qr/AutodiscoverRedirectAddr: 'not_a_domain' is not a domain name/],
    ['AutodiscoverRedirectURL example.com http://autodiscover.example.net/', qr/AutodiscoverRedirectURL: 'http:\/\/autodiscover.example.net\/' is not an absolute https:\/\/ URL/],
    ['AutodiscoverRedirectURL example.com https://autodiscover.example.net/ bounce', qr/AutodiscoverRedirectURL: 'bounce' is not accepted; answer with 'xml' .* or '302'/],
    ['AutodiscoverHTTPRedirect http://mail.example.com', qr/AutodiscoverHTTPRedirect: 'http:\/\/mail.example.com': the redirect target must be https/],
    ['AutodiscoverHTTPRedirect https://mail.example.com/path', qr/AutodiscoverHTTPRedirect: 'https:\/\/mail.example.com\/path': give only https:\/\/host\[:port\]/],
    ['AutodiscoverHTTPRedirect sometimes', qr/AutodiscoverHTTPRedirect: 'sometimes' is not accepted; use On .*Off, or https:\/\/host\[:port\]/],
    ["AutodiscoverDisplayName \"bad\x01name\"", qr/AutodiscoverDisplayName: .* contains a control character/],
    ["AutodiscoverDisplayName \"bad\xffname\"", qr/AutodiscoverDisplayName: .* is not valid UTF-8/],
    ['AutodiscoverCulture en_US!', qr/AutodiscoverCulture: 'en_US!' is not a culture such as en:us/],
    ['AutodiscoverOwner alice', qr/AutodiscoverOwner: 'alice' names one user for every address; use Off or a template with %EMAILADDRESS%/],
    ['AutodiscoverMaxRequestBody 10', qr/AutodiscoverMaxRequestBody: '10' is not accepted; give a number of bytes from 256 to 65536/],
    ['AutodiscoverMaxRequestBody 65537', qr/AutodiscoverMaxRequestBody: '65537' is not accepted; give a number of bytes from 256 to 65536/],
    ['AutodiscoverProfileSigner /nonexistent/cert.pem', qr{AutodiscoverProfileSigner: cannot read the certificate /nonexistent/cert.pem; give CERTIFICATE \[KEY \[CHAIN\]\] as PEM files, or Off}],
    ['AutodiscoverProfileSigner certs/san.crt certs/mail.key', qr{AutodiscoverProfileSigner: the key in .*/certs/mail.key does not belong to the certificate in .*/certs/san.crt}],
    ['AutodiscoverProfileSigner certs/san.crt certs/ca.crt', qr{AutodiscoverProfileSigner: .*/certs/ca.crt holds no unencrypted PEM private key}],
    ['AutodiscoverProfileSigner certs/san.crt certs/san.key certs/san.key', qr{AutodiscoverProfileSigner: .*/certs/san.key holds no PEM certificate}],
    ['AutodiscoverProfileSigner certs/san.key', qr{AutodiscoverProfileSigner: .*/certs/san.key holds no PEM certificate}],
    ['AutodiscoverSQLQuery "DELETE FROM users WHERE address = %s"', qr/AutodiscoverSQLQuery: 'DELETE FROM users WHERE address = %s' is not a SELECT query/],
    ['AutodiscoverSQLQuery "SELECT login FROM users WHERE uid = %s" user', qr/AutodiscoverSQLQuery: parameter 'user' is not accepted; use address, localpart or domain/],
    ['AutodiscoverSQLQuery "SELECT 1" address localpart domain address', qr/AutodiscoverSQLQuery: give the query, then up to 3 parameters \(address, localpart, domain\)/],
    ['AutodiscoverUnknownUser hide', qr/AutodiscoverUnknownUser: 'hide' is not accepted; use settings .* or error/],
    ['AutodiscoverDirectoryFailure ignore', qr/AutodiscoverDirectoryFailure: 'ignore' is not accepted; use static .* or error/],
    ['AutodiscoverDirectoryCache memcached', qr/AutodiscoverDirectoryCache: there is no socache provider 'memcached'; load its module first \(LoadModule socache_memcached_module ...\)/],
    ['AutodiscoverProfileCache memcached', qr/AutodiscoverProfileCache: there is no socache provider 'memcached'; load its module first \(LoadModule socache_memcached_module ...\)/],
    ['AutodiscoverDirectoryCacheTime 300 soon', qr/AutodiscoverDirectoryCacheTime: '300 soon' is not accepted; give the seconds a directory entry is cached, from 0 \(not cached\) to 86400/],
    ['AutodiscoverDirectoryCacheTime 600 0', qr/AutodiscoverDirectoryCacheTime: found and unknown users share one lifetime \(a shorter one for either tells a stranger which addresses exist\): give one value, such as AutodiscoverDirectoryCacheTime 600/],
    ['AutodiscoverPublicDirectory maybe', qr/AutodiscoverPublicDirectory must be On or Off/],
    ['AutodiscoverDirectoryCacheTime 90000', qr/AutodiscoverDirectoryCacheTime: '90000' is not accepted/],
    ['AutodiscoverCalDAV', qr/AutodiscoverCalDAV: needs the https URL of the service's context and optionally login=TEMPLATE/],
    ['AutodiscoverCalDAV http://dav.example.com/dav/', qr/AutodiscoverCalDAV: 'http:\/\/dav.example.com\/dav\/' is not an absolute https:\/\/ URL/],
    ['AutodiscoverCardDAV https://dav.example.com:0/dav/', qr/AutodiscoverCardDAV: 'https:\/\/dav.example.com:0\/dav\/': the port must be a number from 1 to 65535/],
    ['AutodiscoverCardDAV https://dav.example.com:44x/dav/', qr/AutodiscoverCardDAV: 'https:\/\/dav.example.com:44x\/dav\/': the port must be a number from 1 to 65535/],
    ['AutodiscoverCalDAV https://dav.example.com/dav/?user=1', qr/AutodiscoverCalDAV: 'https:\/\/dav.example.com\/dav\/\?user=1': the URL of a context has no query or fragment/],
    ['AutodiscoverCalDAV https://jane@dav.example.com/dav/', qr/AutodiscoverCalDAV: 'https:\/\/jane\@dav.example.com\/dav\/': give the login with login=, not in the URL/],
    ['AutodiscoverCalDAV https://dav.example.com/dav/ user=jane', qr/AutodiscoverCalDAV: unknown option 'user=jane'; accepted: login=TEMPLATE/],
    ['AutodiscoverCalDAV https://dav.example.com/dav/ login=', qr/AutodiscoverCalDAV: login= needs a value/],
    ['AutodiscoverOAuth2 issuer=https://login.example.com authorize=https://login.example.com/a token=https://login.example.com/t', qr/AutodiscoverOAuth2: scope= is missing; clients need issuer=, authorize=, token= and scope=/],
    ['AutodiscoverOAuth2 issuer=http://login.example.com authorize=https://l.example.com/a token=https://l.example.com/t scope=IMAP', qr/AutodiscoverOAuth2: 'http:\/\/login.example.com' is not an absolute https:\/\/ URL/],
    ['AutodiscoverOAuth2 issuer=https://l.example.com issuer=https://m.example.com', qr/AutodiscoverOAuth2: issuer= is given twice/],
    ['AutodiscoverOAuth2 realm=example', qr/AutodiscoverOAuth2: 'realm=example' is not accepted; give issuer=URL authorize=URL token=URL "scope=SCOPE ..." \(quoted whole\) and optionally client=ID/],
    ['AutodiscoverOAuth2 issuer=https://l.example.com/%EMAILDOMAIN% authorize=https://l.example.com/a token=https://l.example.com/t scope=IMAP', qr/AutodiscoverOAuth2: .*placeholders are not allowed here/],
    ['AutodiscoverServer IMAP imap.example.com oauth2=maybe', qr/AutodiscoverServer: oauth2='maybe' is not accepted; use on or off/],
    ['AutodiscoverProvider "' . ('x' x 61) . '"', qr/AutodiscoverProvider: the name must have 1 to 60 characters/],
    ['AutodiscoverProvider "Example Mail" "Example Mail Short Name"', qr/AutodiscoverProvider: the short name must have 1 to 20 characters/],
    ['AutodiscoverProvider "Mail of %EMAILDOMAIN%"', qr/AutodiscoverProvider: placeholders are not allowed in the provider's names/],
    ['AutodiscoverDocumentationURL http://help.example.com/', qr/AutodiscoverDocumentationURL: 'http:\/\/help.example.com\/' is not an absolute https:\/\/ URL/],
    ['AutodiscoverTTL 1.5', qr/AutodiscoverTTL: '1.5' is not accepted; give the hours Outlook may keep the answer, from 0 to 8760/],
    ['AutodiscoverTTL 8761', qr/AutodiscoverTTL: '8761' is not accepted/],
    ['AutodiscoverV2 sometimes', qr/AutodiscoverV2 must be On or Off/],
    ['AutodiscoverLDAPURL http://ldap.example.com/dc=example,dc=com', qr/AutodiscoverLDAPURL: 'http:\/\/ldap.example.com\/dc=example,dc=com' is not an LDAP URL .*give ldap:\/\/host\[:port\]\/basedn\?attribute\?scope\?filter/],
    ['AutodiscoverLDAPURL ldap:///dc=example,dc=com', qr/AutodiscoverLDAPURL: 'ldap:\/\/\/dc=example,dc=com' names no host/],
    ['AutodiscoverLDAPURL ldap://ldap.example.com/', qr/AutodiscoverLDAPURL: 'ldap:\/\/ldap.example.com\/' names no base DN/],
    ['AutodiscoverLDAPAttribute login uid', qr/AutodiscoverLDAPAttribute: give AutodiscoverLDAPURL first, in the same scope/],
    # Cross-directive rules (check_config).
    ['AutodiscoverHTTPRedirect On', qr/AH77001: server .*: AutodiscoverHTTPRedirect On needs AutodiscoverServiceURI .*AH00014: Configuration check failed/s],
    ['AutodiscoverRedirectURL example.org', qr/AH77002: server .*: AutodiscoverRedirectURL example.org has no URL and no AutodiscoverServiceURI is set/],
);

my @accepted = (
    ['AutodiscoverServer SMTP smtp.example.com:587 tls=starttls login=%EMAILLOCALPART%', undef],
    ['AutodiscoverServerVersion 73C18880', undef],
    ['AutodiscoverHTTPRedirect Off', undef],
    ['AutodiscoverOwner Off', undef],
    ['AutodiscoverProfileSigner Off', undef],
    ['AutodiscoverProfileSigner certs/san.crt certs/san.key certs/ca.crt', undef],
    ['AutodiscoverSQLQuery "SELECT display_name FROM users WHERE local = %s AND domain = %s" localpart domain', undef],
    ['AutodiscoverSQLQuery Off', undef],
    ['AutodiscoverUnknownUser error', undef],
    ['AutodiscoverDirectoryCache shmcb:autodiscover-cache(65536)', undef],
    ['AutodiscoverDirectoryCache Off', undef],
    ['AutodiscoverProfileCache shmcb:autodiscover-profiles(1048576)', undef],
    ['AutodiscoverProfileCache Off', undef],
    ['AutodiscoverDirectoryCacheTime 600 600', undef],
    ['AutodiscoverPublicDirectory On', undef],
    ['AutodiscoverLDAPURL "ldaps://ldap.example.com/ou=people,dc=example,dc=com?mail?one?(objectClass=inetOrgPerson)" "cn=reader,dc=example,dc=com" secret', undef],
    ['AutodiscoverLDAPURL Off', undef],
    ['AutodiscoverDirectoryFailure error', undef],
    ['Autodiscover On', qr/AH77003: server .*: Autodiscover On, but no AutodiscoverServer, AutodiscoverInternalURL or AutodiscoverExternalURL is set/],
);

for my $c (@refused) {
    my ($line, $re) = @$c;
    my ($rc, $out) = configtest($line);
    isnt $rc, 0, "refused: $line";
    like $out, $re, "message for: $line";
}
for my $c (@accepted) {
    my ($line, $warning) = @$c;
    my ($rc, $out) = configtest($line);
    is $rc, 0, "accepted: $line";
    like $out, $warning // qr/Syntax OK/, $warning ? "warning for: $line" : "Syntax OK: $line";
}

# A <Location> in another spelling of the module's URLs never matches now
# (they are given one spelling before access control): configtest says so.
{
    my ($rc, $out) = configtest('Autodiscover On', '<Location /Autodiscover/>', 'Require all denied', '</Location>');
    is $rc, 0, '<Location /Autodiscover/>: accepted';
    like $out, qr{AH77086: <Location /Autodiscover/> never matches a request the module answers: every spelling of its URLs is taken as /autodiscover/ before access control; write <Location /autodiscover/>},
        '<Location /Autodiscover/>: the warning names the spelling that matches';
    ($rc, $out) = configtest('Autodiscover On', '<Location /autodiscover/>', 'Require all denied', '</Location>');
    unlike $out, qr/AH77086/, '<Location /autodiscover/>: no warning';
}

done_testing;
