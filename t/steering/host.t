# Steering by the host name asked (docs/client-steering.md): one vhost,
# host.steer.test, for two brands; the names of partner.steer.test (its
# ServerAlias, with autoconfig. and ua-auto-config.) get the partner's
# servers, calendar, EWS and provider name in every format, the vhost's
# own names its answer (t/conf/vhosts/steering.conf). The <If> reads the
# Host header as sent: any letter case, a port.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Steering;


my $XML = 'text/xml; charset=utf-8';
my $JSON = 'application/json; charset=utf-8';

my $P = 'partner.steer.test';
my $H = 'partner-hosting.test';
my %partner = (
    pox => [200, $XML, "EXPR ews.$H https://ews.$H/EWS/Exchange.asmx, IMAP mail.$H:993, SMTP mail.$H:465, "
                       . "CalDAV https://cal.$H/$P/"],
    mobilesync => [200, $XML, 'error 601'],
    v2 => ['400 200', $JSON, "InvalidProtocol, https://ews.$H/EWS/Exchange.asmx"],
    soap => [200, $XML, "ExternalEwsUrl=https://ews.$H/EWS/Exchange.asmx, InternalImap4Connections=mail.$H:993, "
                        . "ExternalImap4Connections=mail.$H:993, ExternalSmtpConnections=mail.$H:465"],
    autoconfig => [200, $XML, "imap mail.$H:993, smtp mail.$H:465, caldav https://cal.$H/$P/, provider Partner Mail"],
    apple => [200, 'application/x-apple-aspen-config',
              "mail mail.$H:993 mail.$H:465, caldav https://cal.$H/$P/, organisation Partner Mail"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"mail.$H"},"smtp":{"host":"mail.$H"},)
             . qq("submit":{"host":"mail.$H"},"caldav":{"url":"https://cal.$H/$P/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"Partner Mail"}}})],
    caldav => [301, "https://cal.$H/$P/"],
    setup => [200, 'text/html; charset=utf-8',
              "IMAP mail.$H:993, SMTP mail.$H:465, caldav https://cal.$H/$P/, provider Partner Mail"],
);
my $D = 'host.steer.test';
my %own = (
    pox => [200, $XML, "EXPR ews.$D https://ews.$D/EWS/Exchange.asmx, IMAP imap.$D:993, SMTP smtp.$D:465, "
                       . "CalDAV https://dav.$D/caldav/"],
    mobilesync => [200, $XML, 'error 601'],
    v2 => ['400 200', $JSON, "InvalidProtocol, https://ews.$D/EWS/Exchange.asmx"],
    soap => [200, $XML, "ExternalEwsUrl=https://ews.$D/EWS/Exchange.asmx, InternalImap4Connections=imap.$D:993, "
                        . "ExternalImap4Connections=imap.$D:993, ExternalSmtpConnections=smtp.$D:465"],
    autoconfig => [200, $XML, "imap imap.$D:993, smtp smtp.$D:465, caldav https://dav.$D/caldav/, provider Host Mail"],
    apple => [200, 'application/x-apple-aspen-config',
              "mail imap.$D:993 smtp.$D:465, caldav https://dav.$D/caldav/, organisation Host Mail"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap.$D"},"smtp":{"host":"smtp.$D"},)
             . qq("submit":{"host":"smtp.$D"},"caldav":{"url":"https://dav.$D/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"Host Mail"}}})],
    caldav => [301, "https://dav.$D/caldav/"],
    setup => [200, 'text/html; charset=utf-8',
              "IMAP imap.$D:993, SMTP smtp.$D:465, caldav https://dav.$D/caldav/, provider Host Mail"],
);

my $got = every_format(domain => $P);
is_deeply $got->{$_}, $partner{$_}, "the partner's names: $_" for FORMATS;
$got = every_format(domain => $D);
is_deeply $got->{$_}, $own{$_}, "the vhost's own names: $_" for FORMATS;

# The Host header in another letter case, with a port.
for my $host ('Partner.Steer.TEST', 'partner.steer.test:80') {
    is_deeply one_format('pox', domain => $P, host => $host), $partner{pox}, "Host: $host: POX";
}
is_deeply one_format('autoconfig', domain => $P, host => 'AutoConfig.Partner.Steer.Test:80'), $partner{autoconfig},
    'Host: AutoConfig.Partner.Steer.Test:80: autoconfig';
is_deeply one_format('autoconfig', domain => $D, host => 'AUTOCONFIG.host.steer.test:80'), $own{autoconfig},
    "Host: AUTOCONFIG.host.steer.test:80: the vhost's own";

done_testing;
