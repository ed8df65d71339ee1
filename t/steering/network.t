# Steering by the client's network (docs/client-steering.md): the internal
# network gets internal host names and internal URLs (EWS and ActiveSync
# as AutodiscoverInternalURL: POX's EXCH block, SOAP's InternalEwsUrl, v2
# and the Apple profile fall back to them), in every format. The suite's
# clients connect from 127.0.0.1: net-in.steer.test's <If "-R
# '127.0.0.0/8'"> holds, net-out.steer.test's <If "-R '192.0.2.0/24'">,
# otherwise the same, does not (t/conf/vhosts/steering.conf).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Steering;


my $XML = 'text/xml; charset=utf-8';
my $JSON = 'application/json; charset=utf-8';

my $I = 'net-in.steer.test';
my %inside = (
    pox => [200, $XML, "EXCH ews.corp.$I https://ews.corp.$I/EWS/Exchange.asmx, IMAP imap.corp.$I:993, "
                       . "SMTP smtp.corp.$I:465, CalDAV https://dav.corp.$I/caldav/"],
    mobilesync => [200, $XML, "https://eas.corp.$I/Microsoft-Server-ActiveSync"],
    v2 => ['200 200', $JSON, "https://eas.corp.$I/Microsoft-Server-ActiveSync, https://ews.corp.$I/EWS/Exchange.asmx"],
    soap => [200, $XML, "InternalEwsUrl=https://ews.corp.$I/EWS/Exchange.asmx, InternalImap4Connections=imap.corp.$I:993, "
                        . "ExternalImap4Connections=imap.corp.$I:993, ExternalSmtpConnections=smtp.corp.$I:465"],
    autoconfig => [200, $XML, "imap imap.corp.$I:993, smtp smtp.corp.$I:465, caldav https://dav.corp.$I/caldav/"],
    apple => [200, 'application/x-apple-aspen-config',
              "mail imap.corp.$I:993 smtp.corp.$I:465, eas eas.corp.$I, caldav https://dav.corp.$I/caldav/"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap.corp.$I"},"smtp":{"host":"smtp.corp.$I"},)
             . qq("submit":{"host":"smtp.corp.$I"},"caldav":{"url":"https://dav.corp.$I/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"$I"}}})],
    caldav => [301, "https://dav.corp.$I/caldav/"],
    setup => [200, 'text/html; charset=utf-8',
              "IMAP imap.corp.$I:993, SMTP smtp.corp.$I:465, caldav https://dav.corp.$I/caldav/, "
              . "activesync https://eas.corp.$I/Microsoft-Server-ActiveSync"],
);
my $O = 'net-out.steer.test';
my %outside = (
    pox => [200, $XML, "IMAP imap.$O:993, SMTP smtp.$O:465, CalDAV https://dav.$O/caldav/"],
    mobilesync => [200, $XML, 'error 601'],
    v2 => ['400 400', $JSON, 'InvalidProtocol, InvalidProtocol'],
    soap => [200, $XML, "InternalImap4Connections=imap.$O:993, ExternalImap4Connections=imap.$O:993, "
                        . "ExternalSmtpConnections=smtp.$O:465"],
    autoconfig => [200, $XML, "imap imap.$O:993, smtp smtp.$O:465, caldav https://dav.$O/caldav/"],
    apple => [200, 'application/x-apple-aspen-config', "mail imap.$O:993 smtp.$O:465, caldav https://dav.$O/caldav/"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap.$O"},"smtp":{"host":"smtp.$O"},)
             . qq("submit":{"host":"smtp.$O"},"caldav":{"url":"https://dav.$O/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"$O"}}})],
    caldav => [301, "https://dav.$O/caldav/"],
    setup => [200, 'text/html; charset=utf-8', "IMAP imap.$O:993, SMTP smtp.$O:465, caldav https://dav.$O/caldav/"],
);

my $got = every_format(domain => $I);
is_deeply $got->{$_}, $inside{$_}, "127.0.0.1 in 127.0.0.0/8: $_" for FORMATS;
$got = every_format(domain => $O);
is_deeply $got->{$_}, $outside{$_}, "127.0.0.1 not in 192.0.2.0/24: $_" for FORMATS;

# The network is no request header: nothing to vary by.
my $r = post_pox($I, pox_request("jane\@$I"));
is $r->header('Vary'), undef, 'inside: no Vary';
$r = post_pox($O, pox_request("jane\@$O"));
is $r->header('Vary'), undef, 'outside: no Vary';

done_testing;
