# SOAP Autodiscover (autodiscover.svc) GetUserSettings, from the same
# configuration as the POX answers: exchange.test (EWS, OWA, Outlook
# Anywhere, server version 15.1.2176, redirects for old.test and
# moved.test) and hosting.test (IMAP/POP3/SMTP for two domains).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $SVC = '/autodiscover/autodiscover.svc';
my $UR = '/s:Envelope/s:Body/d:GetUserSettingsResponseMessage/d:Response';
sub soap { post_soap(@_) }

# A user's settings as { Name => [type, value] }.
sub settings_of {
    my ($xc, $n) = @_;
    my %s;
    for my $us ($xc->findnodes("$UR/d:UserResponses/d:UserResponse[$n]/d:UserSettings/d:UserSetting")) {
        my $type = $us->getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type') // '';
        my $value = $xc->findvalue('d:Value', $us);
        if ($type eq 'ProtocolConnectionCollectionSetting') {
            $value = join ' ', map { join '|', $xc->findvalue('d:Hostname', $_), $xc->findvalue('d:Port', $_),
                                     $xc->findvalue('d:EncryptionMethod', $_) }
                $xc->findnodes('d:ProtocolConnections/d:ProtocolConnection', $us);
        }
        elsif ($type eq 'WebClientUrlCollectionSetting') {
            $value = join ' ', map { $xc->findvalue('d:AuthenticationMethods', $_) . '|' . $xc->findvalue('d:Url', $_) }
                $xc->findnodes('d:WebClientUrls/d:WebClientUrl', $us);
        }
        $s{ $xc->findvalue('d:Name', $us) } = [ $type, $value ];
    }
    return \%s;
}

# exchangelib's own request: six settings, two of which (UserDN,
# MailboxDN) this server cannot have; they are left out, not errors.
{
    my $r = soap('exchange.test', soap_request(users => ['jane@example.test'],
        settings => [qw(UserDN MailboxDN UserDisplayName AutoDiscoverSMTPAddress ExternalEwsUrl EwsSupportedSchemas)]));
    is $r->code, 200, 'exchangelib request: 200';
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'text/xml';
    my $xc = soap_xpath($r);
    is $xc->findvalue('/s:Envelope/s:Header/w:Action'),
        'http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettingsResponse', 'wsa:Action of the response';
    is join('|', map { $xc->findvalue("/s:Envelope/s:Header/d:ServerVersionInfo/d:$_") }
            qw(MajorVersion MinorVersion MajorBuildNumber MinorBuildNumber Version)),
        '15|1|2176|0|Exchange2016', 'ServerVersionInfo from AutodiscoverServerVersion 15.1.2176';
    is $xc->findvalue("$UR/d:ErrorCode"), 'NoError', 'Response ErrorCode NoError';
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse")->size, 1, 'one UserResponse';
    is $xc->findvalue("$UR/d:UserResponses/d:UserResponse/d:ErrorCode"), 'NoError', 'user: NoError';
    is $xc->findvalue("$UR/d:UserResponses/d:UserResponse/d:RedirectTarget/\@i:nil"), 'true', 'RedirectTarget nil';
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse/d:UserSettingErrors/*")->size, 0,
        'no UserSettingError (exchangelib fails on any)';
    is_deeply settings_of($xc, 1), {
        UserDisplayName => ['StringSetting', 'Example User'],
        AutoDiscoverSMTPAddress => ['StringSetting', 'jane@example.test'],
        ExternalEwsUrl => ['StringSetting', 'https://mail.example.test/EWS/Exchange.asmx'],
        EwsSupportedSchemas => ['StringSetting', 'Exchange2007, Exchange2007_SP1, Exchange2010, '
            . 'Exchange2010_SP1, Exchange2010_SP2, Exchange2013, Exchange2013_SP1, Exchange2016'],
    }, 'the four settings this server has, each with its xsi:type';
}

# The other settings the configuration answers; an unknown name is an
# InvalidSetting error and does not stop the rest; no Action header.
{
    my $r = soap('exchange.test', soap_request(users => ['Jane@Example.NET'], action => undef,
        settings => [qw(InternalEwsUrl ExternalOABUrl InternalEcpUrl ExternalUMUrl ExternalWebClientUrls
                        InternalWebClientUrls ExternalMailboxServer ExternalMailboxServerRequiresSSL
                        ExternalMailboxServerAuthenticationMethods NoSuchSetting ExternalEwsUrl ExternalEwsUrl),
                     '&lt;x&gt;']));
    is $r->code, 200, 'no Action: dispatched on the body element';
    my $xc = soap_xpath($r);
    is_deeply settings_of($xc, 1), {
        InternalEwsUrl => ['StringSetting', 'https://cas.corp.example.test/EWS/Exchange.asmx'],
        ExternalOABUrl => ['StringSetting', 'https://mail.example.net/OAB/4a1ec9d6/'],
        InternalEcpUrl => ['StringSetting', 'https://cas.corp.example.test/ecp/'],
        ExternalUMUrl => ['StringSetting', 'https://mail.example.net/UnifiedMessaging/Service.asmx'],
        ExternalWebClientUrls => ['WebClientUrlCollectionSetting', 'Basic, Fba|https://mail.example.net/owa/'],
        InternalWebClientUrls => ['WebClientUrlCollectionSetting', 'Basic, Fba|https://cas.corp.example.test/owa/'],
        ExternalMailboxServer => ['StringSetting', 'outlook.example.net'],
        ExternalMailboxServerRequiresSSL => ['StringSetting', 'True'],
        ExternalMailboxServerAuthenticationMethods => ['StringSetting', 'ntlm'],
        ExternalEwsUrl => ['StringSetting', 'https://mail.example.net/EWS/Exchange.asmx'],
    }, 'URLs for the address (domain folded), OWA with its methods, Outlook Anywhere';
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse/d:UserSettings/d:UserSetting[d:Name='ExternalEwsUrl']")->size, 1,
        'a setting asked twice is answered once';
    is join('|', map { $xc->findvalue('d:ErrorCode', $_) . ':' . $xc->findvalue('d:SettingName', $_) }
            $xc->findnodes("$UR/d:UserResponses/d:UserResponse/d:UserSettingErrors/d:UserSettingError")),
        'InvalidSetting:NoSuchSetting|InvalidSetting:<x>', 'unknown names: InvalidSetting, escaped';
}

# Several users: each gets its own answer, in order.
{
    my $r = soap('exchange.test', soap_request(
        users => ['jane@example.test', 'jane@old.test', 'joe@moved.test', 'not-an-address', undef, "a\@b\@c"],
        settings => ['ExternalEwsUrl']));
    my $xc = soap_xpath($r);
    my @u = $xc->findnodes("$UR/d:UserResponses/d:UserResponse");
    is scalar(@u), 6, 'six users, six UserResponses';
    is join('|', map { $xc->findvalue('d:ErrorCode', $_) } @u),
        'NoError|RedirectAddress|RedirectUrl|InvalidUser|InvalidUser|InvalidUser', 'per-user codes';
    is $xc->findvalue('d:RedirectTarget', $u[1]), 'jane@example.test', 'RedirectAddress: the new address';
    is $xc->findvalue('d:RedirectTarget', $u[2]),
        'https://autodiscover.moved.test/autodiscover/autodiscover.svc', 'RedirectUrl: the SOAP endpoint there';
    is $xc->findnodes('d:UserSettings/*', $u[1])->size, 0, 'a redirect carries no settings';
    is settings_of($xc, 1)->{ExternalEwsUrl}[1], 'https://mail.example.test/EWS/Exchange.asmx', 'first user answered';
}

# Hosting: IMAP/POP3/SMTP as protocol connections; foreign domains; the
# version header is there even without AutodiscoverServerVersion.
{
    my $r = soap('hosting.test', soap_request(users => ['jane@example.net', 'jane@foreign.test', 'jane@elsewhere.test'],
        settings => [qw(ExternalImap4Connections InternalPop3Connections ExternalSmtpConnections
                        ExternalEwsUrl UserDisplayName)]));
    is $r->code, 200, 'hosting: 200';
    my $xc = soap_xpath($r);
    is join('|', map { $xc->findvalue("/s:Envelope/s:Header/d:ServerVersionInfo/d:$_") } qw(MajorVersion MinorVersion Version)),
        '15|1|Exchange2016', 'ServerVersionInfo always sent (ews-javascript-api reads it)';
    is_deeply settings_of($xc, 1), {
        ExternalImap4Connections => ['ProtocolConnectionCollectionSetting', 'imap.example.net|993|SSL'],
        InternalPop3Connections => ['ProtocolConnectionCollectionSetting', 'pop.example.net|110|TLS'],
        ExternalSmtpConnections => ['ProtocolConnectionCollectionSetting',
                                    'smtp.example.net|587|TLS relay.example.net|25|None'],
        UserDisplayName => ['StringSetting', 'jane <Mail & More>'],
    }, 'connections in configured order with POX encryption names; no EWS here, so none';
    my @u = $xc->findnodes("$UR/d:UserResponses/d:UserResponse");
    is join('|', map { $xc->findvalue('d:ErrorCode', $_) } @u), 'NoError|InvalidUser|RedirectUrl',
        'foreign domain: InvalidUser; AutodiscoverRedirectURL domain: RedirectUrl';
    is $xc->findvalue('d:RedirectTarget', $u[2]), 'https://autodiscover.elsewhere.test/autodiscover/autodiscover.svc',
        'RedirectUrl from the configured POX URL';
}

# Request-level errors, faults, methods.
{
    my $r = soap('exchange.test', soap_request(users => [], settings => ['ExternalEwsUrl']));
    is $r->code, 200, 'no users: 200';
    is soap_xpath($r)->findvalue("$UR/d:ErrorCode"), 'InvalidRequest', 'no users: InvalidRequest';
    $r = soap('exchange.test', soap_request(users => ['jane@example.test'], settings => []));
    is soap_xpath($r)->findvalue("$UR/d:ErrorCode"), 'InvalidRequest', 'no settings: InvalidRequest';
    $r = soap('roomy.test', soap_request(users => [map { "u$_\@example.test" } 1 .. 101], settings => ['ExternalEwsUrl']));
    is $r->code, 200, '101 users: 200';
    is soap_xpath($r)->findvalue("$UR/d:ErrorCode"), 'InvalidRequest', '101 users: InvalidRequest';

    $r = soap('exchange.test', soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl'],
        action => 'http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetFederationInformation'));
    is $r->code, 500, 'another operation: 500, as SOAP 1.1 has faults';
    my $xc = soap_xpath($r);
    is $xc->findvalue('/s:Envelope/s:Body/s:Fault/faultcode'), 'a:ActionNotSupported', 'fault: ActionNotSupported';
    like $xc->findvalue('/s:Envelope/s:Body/s:Fault/faultstring'), qr/ContractFilter mismatch/,
        'the WCF wording exchangelib recognises';
    $r = soap('exchange.test', soap_request(action => undef, operation => 'GetDomainSettingsRequestMessage',
                                            users => ['jane@example.test'], settings => ['ExternalEwsUrl']));
    is $r->code, 500, 'GetDomainSettings: 500';
    is soap_xpath($r)->findvalue('/s:Envelope/s:Body/s:Fault/faultcode'), 'a:ActionNotSupported',
        'GetDomainSettings: ActionNotSupported';
    $r = soap('exchange.test', soap_request(operation => 'GetDomainSettingsRequestMessage',
                                            users => ['jane@example.test'], settings => ['ExternalEwsUrl']));
    is $r->code, 500, 'Action GetUserSettings over another body: 500';
    is soap_xpath($r)->findvalue('/s:Envelope/s:Body/s:Fault/faultcode'), 's:Client', 'client fault';

    $r = http_exchange(host => 'exchange.test', path => $SVC, method => 'GET');
    is $r->code, 405, 'GET on the SOAP endpoint: 405';
    $r = http_exchange(host => 'exchange.test', path => '/AutoDiscover/AutoDiscover.SVC',
                       body => soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl']));
    is $r->code, 200, 'path in any case';
    $r = post_soap('off.test', soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl']));
    is $r->code, 404, 'Autodiscover Off: 404';
}

# The advertisement ews-javascript-api looks for on GET of the POX URL,
# on whatever status that GET gets.
{
    my $r = http_exchange(host => 'hosting.test', method => 'GET');
    is $r->code, 405, 'GET autodiscover.xml: 405';
    is $r->header('X-SOAP-Enabled'), 'True', 'with X-SOAP-Enabled: True';
    $r = http_exchange(host => 'auth.test', method => 'GET');
    is $r->code, 401, 'authenticated scope: 401';
    is $r->header('X-SOAP-Enabled'), 'True', 'X-SOAP-Enabled on the 401 too';
    $r = http_exchange(host => 'off.test', method => 'GET');
    is $r->header('X-SOAP-Enabled'), undef, 'not where Autodiscover is Off';
    $r = http_exchange(host => 'hosting.test', method => 'POST', body => pox_request('jane@example.test'));
    is $r->header('X-SOAP-Enabled'), undef, 'not on POST answers';
}

# Authentication and the owner check apply per user.
{
    my $req = soap_request(users => ['alice@example.test', 'bob@example.test'], settings => ['AutoDiscoverSMTPAddress']);
    my $r = soap('auth.test', $req);
    is $r->code, 401, 'authenticated scope, no credentials: 401';
    $r = soap('auth.test', $req, user => 'alice@example.test', password => 'secret');
    is $r->code, 200, 'alice: 200';
    my $xc = soap_xpath($r);
    is join('|', map { $xc->findvalue('d:ErrorCode', $_) } $xc->findnodes("$UR/d:UserResponses/d:UserResponse")),
        'NoError|InvalidUser', 'her own address answered, bob\'s refused';
}

# Hostile and broken bodies: a fault or the right status, nothing read,
# nothing reflected, the server still answering.
{
    my $secret = Apache::Test::vars('t_conf') . '/htpasswd';
    my @cases = (
        ['external entity', qq{<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x SYSTEM "file://$secret">]>}
            . qq{<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&x;</s:Body></s:Envelope>}],
        ['billion laughs', qq{<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>}
            . qq{<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>&b;</s:Body></s:Envelope>}],
        ['nesting 40 deep', qq{<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>}
            . ('<x>' x 40) . ('</x>' x 40) . '</s:Body></s:Envelope>'],
        ['not XML', 'Email=jane@example.test'],
        ['a POX request', pox_request('jane@example.test')],
        ['SOAP 1.2 envelope', soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl'])
            =~ s{http://schemas.xmlsoap.org/soap/envelope/}{http://www.w3.org/2003/05/soap-envelope}r],
        ['two Bodies', qq{<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/><s:Body/></s:Envelope>}],
        ['element inside Mailbox', soap_request(users => ['<b>jane@example.test</b>'], settings => ['ExternalEwsUrl'])],
        ['Mailbox of 2000 bytes', soap_request(users => [('a' x 2000) . '@example.test'], settings => ['ExternalEwsUrl'])],
        ['truncated', substr(soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl']), 0, 300)],
    );
    for my $c (@cases) {
        my $r = soap('exchange.test', $c->[1]);
        is $r->code, 400, "$c->[0]: 400";
        is eval { soap_xpath($r)->findvalue('/s:Envelope/s:Body/s:Fault/faultcode') } // '', 's:Client',
            "$c->[0]: a SOAP client fault";
    }
    my $r = soap('exchange.test', soap_request(users => ["jane\r\nX: y\@example.test", 'jane&amp;x@example.test'],
                                               settings => ['AutoDiscoverSMTPAddress']));
    is join('|', map { soap_xpath($r)->findvalue('d:ErrorCode', $_) }
            soap_xpath($r)->findnodes("$UR/d:UserResponses/d:UserResponse")), 'InvalidUser|NoError',
        'CR LF in a Mailbox: InvalidUser; an ampersand is an address character';
    is settings_of(soap_xpath($r), 2)->{AutoDiscoverSMTPAddress}[1], 'jane&x@example.test', 'and comes back as itself';
    $r = soap('strict.test', soap_request(users => ['jane@example.test'], settings => [('ExternalEwsUrl') x 40]));
    is $r->code, 413, 'over AutodiscoverMaxRequestBody: 413';
    unlike $r->content, qr/secret|aaaaaaaaaa/, 'nothing read or expanded reflected';
    $r = soap('exchange.test', soap_request(users => ['jane@example.test'], settings => ['ExternalEwsUrl']));
    is $r->code, 200, 'the server still answers';
}

done_testing;
