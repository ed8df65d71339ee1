# An old client family redirected (docs/client-steering.md): on
# legacy.steer.test (t/conf/vhosts/steering.conf) Outlook 2010 gets
# AutodiscoverRedirectURL's answer in every format that has one (POX
# redirectUrl, MobileSync's and the Apple profile's 302, SOAP's
# RedirectUrl, v2's AutodiscoverV1, the setup page's notice; autoconfig,
# PACC and the DAV redirect, which have none, 404); a client calling
# itself LegacyMail gets AutodiscoverHTTPRedirect's 302 for every
# /autodiscover/ path and settings elsewhere; everyone else settings.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath qw(json_of);
use AD::Steering;


my $D = 'legacy.steer.test';
my $XML = 'text/xml; charset=utf-8';
my $JSON = 'application/json; charset=utf-8';
my $HTML = 'text/html; charset=iso-8859-1';
my $OUTLOOK_2010 = 'Microsoft Office/14.0 (Windows NT 6.1; Microsoft Outlook 14.0.7268; Pro)';
my $OLD = "https://old.$D";
my $ELSEWHERE = 'https://legacy-autodiscover.steer.test';

my %settings = (
    pox => [200, $XML, "IMAP imap.$D:993, SMTP smtp.$D:465, CalDAV https://dav.$D/caldav/"],
    mobilesync => [200, $XML, 'error 601'],
    v2 => ['400 400', $JSON, 'InvalidProtocol, InvalidProtocol'],
    soap => [200, $XML, "InternalImap4Connections=imap.$D:993, ExternalImap4Connections=imap.$D:993, "
                        . "ExternalSmtpConnections=smtp.$D:465"],
    autoconfig => [200, $XML, "imap imap.$D:993, smtp smtp.$D:465, caldav https://dav.$D/caldav/"],
    apple => [200, 'application/x-apple-aspen-config', "mail imap.$D:993 smtp.$D:465, caldav https://dav.$D/caldav/"],
    pacc => [200, 'application/json',
             qq({"protocols":{"imap":{"host":"imap.$D"},"smtp":{"host":"smtp.$D"},)
             . qq("submit":{"host":"smtp.$D"},"caldav":{"url":"https://dav.$D/caldav/"}},)
             . qq("authentication":{"password":true},"info":{"provider":{"name":"$D"}}})],
    caldav => [301, "https://dav.$D/caldav/"],
    setup => [200, 'text/html; charset=utf-8', "IMAP imap.$D:993, SMTP smtp.$D:465, caldav https://dav.$D/caldav/"],
);
my %redirected = (
    pox => [200, $XML, "redirectUrl $OLD/autodiscover/autodiscover.xml"],
    mobilesync => [302, $HTML, "Location $OLD/autodiscover/autodiscover.xml"],
    v2 => ['400 400', $JSON, 'InvalidProtocol, InvalidProtocol'],
    soap => [200, $XML, "RedirectUrl $OLD/autodiscover/autodiscover.svc"],
    autoconfig => [404, $HTML, ''],
    apple => [302, $HTML, "Location $OLD/mobileconfig?emailaddress=jane%40$D"],
    pacc => [404, $HTML, ''],
    caldav => [404, ''],
    setup => [200, 'text/html; charset=utf-8',
              "message Mail for $D is set up by another server, to which your mail apps are sent by themselves: old.$D"],
);
my %http = (
    %settings,
    pox => [302, $HTML, "Location $ELSEWHERE/autodiscover/autodiscover.xml"],
    mobilesync => [302, $HTML, "Location $ELSEWHERE/autodiscover/autodiscover.xml"],
    v2 => ['302 302', $HTML, join ', ', map { "Location $ELSEWHERE/autodiscover/autodiscover.json/v1.0/jane\@$D?Protocol=$_" }
                                        qw(ActiveSync EWS)],
    soap => [302, $HTML, "Location $ELSEWHERE/autodiscover/autodiscover.svc"],
);

my $got = every_format(domain => $D, headers => ["User-Agent: $OUTLOOK_2010"]);
is_deeply $got->{$_}, $redirected{$_}, "Outlook 2010: $_" for FORMATS;
$got = every_format(domain => $D, headers => ['User-Agent: LegacyMail/1.0']);
is_deeply $got->{$_}, $http{$_}, "LegacyMail: $_" for FORMATS;
$got = every_format(domain => $D, headers => ['User-Agent: ' . OUTLOOK_UA]);
is_deeply $got->{$_}, $settings{$_}, "Outlook 2016: $_" for FORMATS;

# v2's AutodiscoverV1: the other server's POX URL, or this one's.
sub v1 {
    my $ua = shift;
    my $r = http_exchange(method => 'GET', host => $D, headers => ["User-Agent: $ua"],
                          path => "/autodiscover/autodiscover.json/v1.0/jane\@$D?Protocol=AutodiscoverV1");
    return [ $r->code, $r->header('Content-Type'), $r->is_redirect ? $r->header('Location') : json_of($r) ];
}
is_deeply v1($OUTLOOK_2010), [200, $JSON, { Protocol => 'AutodiscoverV1', Url => "$OLD/autodiscover/autodiscover.xml" }],
    'Outlook 2010: v2 AutodiscoverV1 names the old server';
is_deeply v1(OUTLOOK_UA), [200, $JSON, { Protocol => 'AutodiscoverV1', Url => "https://$D/autodiscover/autodiscover.xml" }],
    'Outlook 2016: v2 AutodiscoverV1 names this one';
is_deeply v1('LegacyMail/1.0'),
    [302, $HTML, "$ELSEWHERE/autodiscover/autodiscover.json/v1.0/jane\@$D?Protocol=AutodiscoverV1"],
    'LegacyMail: v2 redirected to https elsewhere';

# AutodiscoverHTTPRedirect covers /autodiscover/ only, in any spelling.
my $r = http_exchange(method => 'GET', host => $D, headers => ['User-Agent: LegacyMail/1.0'],
                      path => '/AutoDiscover/AutoDiscover.XML');
is $r->code, 302, 'LegacyMail, another spelling: 302';
is $r->header('Location'), "$ELSEWHERE/autodiscover/autodiscover.xml", '... to the lower-case path';
$r = http_exchange(method => 'GET', host => $D, headers => ['User-Agent: LegacyMail/1.0'],
                   path => '/autodiscover/anything');
is $r->header('Location'), "$ELSEWHERE/autodiscover/anything", 'LegacyMail: any path below /autodiscover/';

done_testing;
