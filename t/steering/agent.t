# Steering by the user agent (docs/client-steering.md): on
# agent.steer.test (t/conf/vhosts/steering.conf) Outlook for Windows gets
# EWS, Exchange ActiveSync and mail servers of its own, in every format
# (the MobileSync schema and v2's ActiveSync only there); Thunderbird,
# Outlook for Mac and a client without a User-Agent get the vhost's answer.
# The answers say that they vary by the user agent.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Steering;

my @others = ('Thunderbird/115.0', 'Microsoft Office/16.0 (Macintosh; Mac OS X 10.15; Microsoft Outlook 16.80; Pro)', undef);

my $D = 'agent.steer.test';
my $XML = 'text/xml; charset=utf-8';
my $JSON = 'application/json; charset=utf-8';

my %outlook = (
    pox => [200, $XML, "EXPR ews.$D https://ews.$D/EWS/Exchange.asmx, IMAP imap-outlook.$D:993, "
                       . "SMTP smtp-outlook.$D:465, CalDAV https://dav-outlook.$D/caldav/"],
    mobilesync => [200, $XML, "https://eas.$D/Microsoft-Server-ActiveSync"],
    v2 => ['200 200', $JSON, "https://eas.$D/Microsoft-Server-ActiveSync, https://ews.$D/EWS/Exchange.asmx"],
    soap => [200, $XML, "ExternalEwsUrl=https://ews.$D/EWS/Exchange.asmx, InternalImap4Connections=imap-outlook.$D:993, "
                        . "ExternalImap4Connections=imap-outlook.$D:993, ExternalSmtpConnections=smtp-outlook.$D:465"],
    autoconfig => [200, $XML, "imap imap-outlook.$D:993, smtp smtp-outlook.$D:465, "
                              . "caldav https://dav-outlook.$D/caldav/, provider Steered Mail"],
    apple => [200, 'application/x-apple-aspen-config',
              "mail imap-outlook.$D:993 smtp-outlook.$D:465, eas eas.$D, caldav https://dav-outlook.$D/caldav/, "
              . 'organisation Steered Mail'],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap-outlook.$D"},"smtp":{"host":"smtp-outlook.$D"},)
             . qq("submit":{"host":"smtp-outlook.$D"},"caldav":{"url":"https://dav-outlook.$D/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"Steered Mail"}}})],
    caldav => [301, "https://dav-outlook.$D/caldav/"],
    setup => [200, 'text/html; charset=utf-8',
              "IMAP imap-outlook.$D:993, SMTP smtp-outlook.$D:465, caldav https://dav-outlook.$D/caldav/, "
              . "activesync https://eas.$D/Microsoft-Server-ActiveSync, provider Steered Mail"],
);
my %plain = (
    pox => [200, $XML, "IMAP imap.$D:993, SMTP smtp.$D:465, CalDAV https://dav.$D/caldav/"],
    mobilesync => [200, $XML, 'error 601'],
    v2 => ['400 400', $JSON, 'InvalidProtocol, InvalidProtocol'],
    soap => [200, $XML, "InternalImap4Connections=imap.$D:993, ExternalImap4Connections=imap.$D:993, "
                        . "ExternalSmtpConnections=smtp.$D:465"],
    autoconfig => [200, $XML, "imap imap.$D:993, smtp smtp.$D:465, caldav https://dav.$D/caldav/, provider Steered Mail"],
    apple => [200, 'application/x-apple-aspen-config',
              "mail imap.$D:993 smtp.$D:465, caldav https://dav.$D/caldav/, organisation Steered Mail"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap.$D"},"smtp":{"host":"smtp.$D"},)
             . qq("submit":{"host":"smtp.$D"},"caldav":{"url":"https://dav.$D/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"Steered Mail"}}})],
    caldav => [301, "https://dav.$D/caldav/"],
    setup => [200, 'text/html; charset=utf-8',
              "IMAP imap.$D:993, SMTP smtp.$D:465, caldav https://dav.$D/caldav/, provider Steered Mail"],
);

my $got = every_format(domain => $D, headers => ['User-Agent: ' . OUTLOOK_UA]);
is_deeply $got->{$_}, $outlook{$_}, "Outlook for Windows: $_" for FORMATS;
for my $ua (@others) {
    $got = every_format(domain => $D, headers => [defined $ua ? "User-Agent: $ua" : ()]);
    is_deeply $got->{$_}, $plain{$_}, ($ua // 'no User-Agent') . ": $_" for FORMATS;
}

# Vary: User-Agent, whether the <If> held or not.
for my $ua (OUTLOOK_UA, 'Thunderbird/115.0') {
    my $r = post_pox($D, pox_request("jane\@$D"), headers => ["User-Agent: $ua"]);
    is $r->header('Vary'), 'User-Agent', "POX for $ua: Vary: User-Agent";
    $r = http_exchange(method => 'GET', host => "autoconfig.$D", path => '/mail/config-v1.1.xml',
                       headers => ["User-Agent: $ua"]);
    is $r->header('Vary'), 'User-Agent', "autoconfig for $ua: Vary: User-Agent";
}

done_testing;
