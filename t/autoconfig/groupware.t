# Thunderbird autoconfig beyond mail (t/conf/vhosts/groupware.conf and
# mailclients.conf): calendars and contacts as <calendar>/<addressbook>
# before <emailProvider>, OAuth2 before the password and the <oAuth2> block
# after it, the provider's names and help page, servers without TLS left
# out, a relay without authentication after the authenticated SMTP
# servers (or left out, with none to follow), and the start-up warning
# that names what is left out. Element by element, in document order, and
# one whole document. t/autoconfig/clients.t checks every client's rules.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath;

sub q_addr { (my $a = shift) =~ s/@/%40/; "/mail/config-v1.1.xml?emailaddress=$a" }
sub attrs { join '', map { '[@' . $_->nodeName . '=' . $_->value . ']' } $_[0]->attributes }
# The element children of $node in order, as name[@attr=value]=text
# (containers without their text).
sub kids {
    my ($d, $xpath) = @_;
    my ($node) = $d->findnodes($xpath) or return "no $xpath";
    join '|', map { $_->nodeName . attrs($_) . ($_->findnodes('*')->size ? '' : '=' . $_->textContent) }
        $node->findnodes('*');
}
sub names { join '|', map { $_->nodeName . attrs($_) } $_[0]->findnodes($_[1]) }

# dav.test, for an address: every section, in order.
{
    my $r = http_get('dav.test', q_addr('jane@dav.test'));
    is $r->code, 200, 'dav.test: 200';
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'dav.test: text/xml';
    my $d = xml_doc($r);
    is $d->findvalue('/clientConfig/@version'), '1.2', 'version 1.2 (draft-ietf-mailmaint-autoconfig-06)';
    is kids($d, '/clientConfig'),
        'calendar[@type=caldav]|addressbook[@type=carddav]|emailProvider[@id=dav.test]|oAuth2',
        'calendar and addressbook (lower-case b) before emailProvider, oAuth2 after it, all children of clientConfig';
    is names($d, '/clientConfig/emailProvider/*'),
        'domain|displayName|displayShortName|incomingServer[@type=imap]|incomingServer[@type=imap]'
        . '|outgoingServer[@type=smtp]|outgoingServer[@type=smtp]|documentation[@url=https://help.dav.test/mail-setup]',
        'emailProvider: domain, the provider\'s names, the servers in the configured order, the help page';
    is join('|', map { $d->findvalue("/clientConfig/emailProvider/$_") } qw(domain displayName displayShortName)),
        'dav.test|Example Mail & Calendars|Example', 'domain and AutodiscoverProvider\'s names';
    like $r->content, qr{<displayName>Example Mail &amp; Calendars</displayName>}, 'the name escaped in the markup';
    is kids($d, '/clientConfig/emailProvider/incomingServer[1]'),
        'hostname=imap.dav.test|port=993|socketType=SSL|username=jane@dav.test|authentication=OAuth2|authentication=password-cleartext',
        'IMAP, implicit TLS: OAuth2 first, then the password';
    is kids($d, '/clientConfig/emailProvider/incomingServer[2]'),
        'hostname=imap.dav.test|port=143|socketType=STARTTLS|username=jane@dav.test|authentication=OAuth2|authentication=password-cleartext',
        'IMAP, STARTTLS';
    is kids($d, '/clientConfig/emailProvider/outgoingServer[1]'),
        'hostname=smtp.dav.test|port=465|socketType=SSL|username=jane@dav.test|authentication=OAuth2|authentication=password-cleartext',
        'SMTP 465: OAuth2 first, then the password';
    is kids($d, '/clientConfig/emailProvider/outgoingServer[2]'),
        'hostname=smtp.dav.test|port=587|socketType=STARTTLS|username=jane@dav.test|authentication=password-cleartext',
        'SMTP 587 with oauth2=off: the password only';
    is kids($d, '/clientConfig/emailProvider/documentation'), 'descr[@lang=en]=How to set up your mail app',
        'documentation: AutodiscoverDocumentationURL with an English description';
    is kids($d, '/clientConfig/calendar'),
        'url=https://dav.dav.test/caldav/|username=jane@dav.test|authentication=OAuth2'
        . '|authentication[@system=http]=Basic|authentication=password-cleartext',
        'calendar: the context URL, the login, OAuth2, Basic as the draft writes it, password-cleartext as Mustang reads it';
    is kids($d, '/clientConfig/addressbook'),
        'url=https://contacts.dav.test:8443/carddav/|username=jane|authentication=OAuth2'
        . '|authentication[@system=http]=Basic|authentication=password-cleartext',
        'addressbook: its own URL (a port of its own) and login (the local part)';
    is kids($d, '/clientConfig/oAuth2'),
        'authURL=https://login.dav.test/authorize|tokenURL=https://login.dav.test/token|issuer=https://login.dav.test'
        . '|scope=IMAP SMTP CalDAV CardDAV offline_access|clientID=mail-clients',
        'oAuth2: the endpoints, issuer, scope and client ID of AutodiscoverOAuth2';
    is $d->findnodes('//addressBook | //clientSecret | //emailProvider//oAuth2 | //emailProvider//calendar')->size, 0,
        'no camel-case addressBook, no client secret, nothing of them inside emailProvider';
}

# cal.test, the vhost's second domain.
{
    my $d = xml_doc(http_get('dav.test', q_addr('joe@cal.test')));
    is join('|', map { $d->findvalue($_) } '/clientConfig/emailProvider/@id', '/clientConfig/emailProvider/domain',
                 '/clientConfig/calendar/url', '/clientConfig/addressbook/url', '//incomingServer[1]/hostname'),
        'cal.test|cal.test|https://dav.cal.test/caldav/|https://contacts.cal.test:8443/carddav/|imap.cal.test',
        'cal.test: its domain in the provider, the DAV URLs and the servers';
    # Without an address the placeholders stay for the client.
    my $r = http_get('autoconfig.cal.test', '/mail/config-v1.1.xml');
    is $r->code, 200, 'autoconfig.cal.test without an address: 200';
    is $r->content, <<'XML', 'autoconfig.cal.test without an address: the whole document';
<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.2">
  <calendar type="caldav">
    <url>https://dav.cal.test/caldav/</url>
    <username>%EMAILADDRESS%</username>
    <authentication>OAuth2</authentication>
    <authentication system="http">Basic</authentication>
    <authentication>password-cleartext</authentication>
  </calendar>
  <addressbook type="carddav">
    <url>https://contacts.cal.test:8443/carddav/</url>
    <username>%EMAILLOCALPART%</username>
    <authentication>OAuth2</authentication>
    <authentication system="http">Basic</authentication>
    <authentication>password-cleartext</authentication>
  </addressbook>
  <emailProvider id="cal.test">
    <domain>cal.test</domain>
    <displayName>Example Mail &amp; Calendars</displayName>
    <displayShortName>Example</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.cal.test</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.cal.test</hostname>
      <port>143</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.cal.test</hostname>
      <port>465</port>
      <socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>OAuth2</authentication>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.cal.test</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILADDRESS%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
    <documentation url="https://help.dav.test/mail-setup">
      <descr lang="en">How to set up your mail app</descr>
    </documentation>
  </emailProvider>
  <oAuth2>
    <authURL>https://login.dav.test/authorize</authURL>
    <tokenURL>https://login.dav.test/token</tokenURL>
    <issuer>https://login.dav.test</issuer>
    <scope>IMAP SMTP CalDAV CardDAV offline_access</scope>
    <clientID>mail-clients</clientID>
  </oAuth2>
</clientConfig>
XML
    is http_get('cal.test', '/.well-known/autoconfig/mail/config-v1.1.xml')->content, $r->content,
        'cal.test/.well-known without an address (as Delta Chat asks): the same document';
}

# davuser.test: a server without TLS, a relay configured before the
# submission server, a CalDAV URL that names the user.
{
    my $r = http_get('davuser.test', q_addr('jane@davuser.test'));
    is $r->code, 200, 'davuser.test: 200';
    my $d = xml_doc($r);
    is names($d, '/clientConfig/*'), 'calendar[@type=caldav]|emailProvider[@id=davuser.test]',
        'davuser.test: a calendar, no addressbook, no oAuth2';
    is join('|', map { $_->nodeName } $d->findnodes('/clientConfig/emailProvider/*')),
        'domain|incomingServer|outgoingServer|outgoingServer', 'no provider names or help page where none is set';
    is kids($d, '/clientConfig/emailProvider/incomingServer'),
        'hostname=imap.davuser.test|port=993|socketType=SSL|username=jane@davuser.test|authentication=password-cleartext',
        'the IMAP server without TLS left out: only the one with TLS';
    is kids($d, '/clientConfig/emailProvider/outgoingServer[1]'),
        'hostname=smtp.davuser.test|port=587|socketType=STARTTLS|username=jane@davuser.test|authentication=password-cleartext',
        'the authenticated SMTP server first, though configured second';
    is kids($d, '/clientConfig/emailProvider/outgoingServer[2]'),
        'hostname=relay.davuser.test|port=25|socketType=STARTTLS|username=jane@davuser.test'
        . '|authentication=none|authentication=password-cleartext',
        'the relay without authentication after it: none, then a password method, and a username';
    is kids($d, '/clientConfig/calendar'),
        'url=https://dav.davuser.test/calendars/jane@davuser.test/|username=jane@davuser.test'
        . '|authentication[@system=http]=Basic|authentication=password-cleartext',
        'the per-user CalDAV URL filled in for the address; no OAuth2 without AutodiscoverOAuth2';
    is $d->findnodes('//authentication[. = "OAuth2"] | //oAuth2 | //socketType[. = "plain"]')->size, 0,
        'no OAuth2, no plain';
    $r = http_get('davuser.test', '/mail/config-v1.1.xml?emailaddress=o%27neil%26co%40davuser.test');
    like $r->content, qr{<url>https://dav\.davuser\.test/calendars/o&apos;neil&amp;co\@davuser\.test/</url>},
        'the address in the URL escaped in the markup';

    $r = http_get('davuser.test', '/.well-known/autoconfig/mail/config-v1.1.xml');
    is $r->code, 200, 'davuser.test without an address: 200';
    $d = xml_doc($r);
    is join('|', map { $d->findvalue($_) } '/clientConfig/calendar/url', '/clientConfig/calendar/username',
                 '//incomingServer/username', '//outgoingServer[2]/username'),
        'https://dav.davuser.test/calendars/%EMAILADDRESS%/|%EMAILADDRESS%|%EMAILADDRESS%|%EMAILADDRESS%',
        'without an address the placeholder stays in the CalDAV URL for the client';
}

# OAuth2 where only some servers take it, and where none does.
{
    my $d = xml_doc(http_get('tokens.test', q_addr('jane@tokens.test')));
    is kids($d, '//incomingServer'),
        'hostname=imap.tokens.test|port=993|socketType=SSL|username=jane@tokens.test|authentication=OAuth2|authentication=password-cleartext',
        'tokens.test: IMAP takes OAuth2, then the password';
    is kids($d, '//outgoingServer'),
        'hostname=smtp.tokens.test|port=465|socketType=SSL|username=jane@tokens.test|authentication=password-cleartext',
        'tokens.test: SMTP with oauth2=off, the password only';
    is kids($d, '/clientConfig/oAuth2'),
        'authURL=https://login.tokens.test/auth|tokenURL=https://login.tokens.test/token|issuer=https://login.tokens.test|scope=IMAP offline_access',
        'tokens.test: no clientID without client= (Mustang then uses "open")';
    is join('|', map { $_->nodeName } $d->findnodes('/clientConfig/*')), 'emailProvider|oAuth2', 'tokens.test: oAuth2 after emailProvider';
    $d = xml_doc(http_get('passwords.test', q_addr('jane@passwords.test')));
    is kids($d, '//incomingServer'),
        'hostname=imap.passwords.test|port=993|socketType=SSL|username=jane@passwords.test|authentication=password-encrypted',
        'passwords.test: oauth2=off and spa=on: password-encrypted only';
    is $d->findnodes('//oAuth2 | //authentication[. = "OAuth2"]')->size, 0,
        'passwords.test: AutodiscoverOAuth2 taken by no server: no oAuth2 block';
}

# A relay with no authenticated SMTP server to follow: left out, and with
# it the last outgoing server.
is http_get('relayonly.test', q_addr('jane@relayonly.test'))->code, 404,
    'relayonly.test: the relay left out, no outgoing server: 404';
is names(xml_doc(http_get('nodav.test', q_addr('jane@nodav.test'))), '/clientConfig/*'),
    'emailProvider[@id=nodav.test]', 'nodav.test: mail only';

# The start-up warning: one line per scope naming each server left out,
# as configured, and why.
{
    open my $fh, '<', Apache::Test::vars()->{t_logs} . '/error_log' or die $!;
    my @lines = grep { /AH77092:/ } <$fh>;
    close $fh;
    my @davuser = grep { /AH77092: davuser\.test / } @lines;
    is scalar(@davuser), 1, 'AH77092: one line for davuser.test';
    like $davuser[0] // '', qr{\[autodiscover:warn\] .*AH77092: davuser\.test \(\S+/groupware\.conf:\d+\): left out of autoconfig \(config-v1\.1\.xml\): IMAP imap\.davuser\.test:143 tls=none: no TLS, and Thunderbird for Android refuses the whole document for a socketType of plain$},
        'AH77092: davuser.test\'s server without TLS, as configured, and why';
    like((grep { /AH77092: relayonly\.test / } @lines)[0] // '',
        qr{AH77092: relayonly\.test \(\S+/mailclients\.conf:\d+\): left out of autoconfig \(config-v1\.1\.xml\): SMTP relay\.relayonly\.test:25 tls=starttls auth=off: without authentication it can only follow an authenticated SMTP server \(Thunderbird for Android uses the first SMTP server and needs a password method on each\), and there is none; without them autoconfig has no incoming or no outgoing server and answers 404$},
        'AH77092: the relay with nothing to follow, and that the document is gone');
    like((grep { /AH77092: hosting\.test / } @lines)[0] // '',
        qr{AH77092: hosting\.test \(\S+/functional\.conf:\d+\): left out of autoconfig \(config-v1\.1\.xml\): SMTP relay\.%EMAILDOMAIN%:25 tls=none auth=off: no TLS, },
        'AH77092: the host as configured, placeholder and all');
    is scalar(grep { /AH77092: (?:dav|nodav|tokens|passwords)\.test / } @lines), 0,
        'AH77092: nothing for the scopes that leave nothing out';
}

done_testing;
