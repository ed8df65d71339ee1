# Exchange-style answers: EXCH (internal URLs), EXPR (external, Outlook
# Anywhere), WEB (OWA), server version; and MobileSync answers.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

sub block {
    my ($xc, $type) = @_;
    my ($p) = $xc->findnodes("/a:Autodiscover/o:Response/o:Account/o:Protocol[o:Type='$type']");
    return undef unless $p;
    return join ';', map { $_->localname . '=' . $_->textContent }
        grep { $_->nodeType == 1 && $_->localname ne 'Internal' && $_->localname ne 'External' }
        $p->childNodes;
}

my $r = post_pox('exchange.test', pox_request('jane@example.net'));
is $r->code, 200, 'status 200';
is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'content type';
my $xc = answer_xpath($r);
is $xc->findvalue('//o:User/o:DisplayName'), 'Example User', 'display name';
is join(',', map { $_->textContent } $xc->findnodes('//o:Account/o:Protocol/o:Type')),
    'EXCH,EXPR,WEB', 'blocks in order EXCH, EXPR, WEB';
is block($xc, 'EXCH'), join(';',
    'Type=EXCH', 'Server=cas.corp.example.test', 'ServerVersion=73C18880',
    'ASUrl=https://cas.corp.example.test/EWS/Exchange.asmx',
    'EwsUrl=https://cas.corp.example.test/EWS/Exchange.asmx',
    'EcpUrl=https://cas.corp.example.test/ecp/',
    'OOFUrl=https://cas.corp.example.test/EWS/Exchange.asmx',
    'OABUrl=https://cas.corp.example.test/OAB/4a1ec9d6/',
    'UMUrl=https://cas.corp.example.test/UnifiedMessaging/Service.asmx'),
    'EXCH: internal URLs, OOF defaults to EWS, server version 15.1.2176 = 73C18880';
is block($xc, 'EXPR'), join(';',
    'Type=EXPR', 'Server=outlook.example.net', 'ServerVersion=73C18880',
    'ASUrl=https://mail.example.net/EWS/Exchange.asmx',
    'EwsUrl=https://mail.example.net/EWS/Exchange.asmx',
    'EcpUrl=https://mail.example.net/ecp/',
    'OOFUrl=https://mail.example.net/EWS/OOF.asmx',
    'OABUrl=https://mail.example.net/OAB/4a1ec9d6/',
    'UMUrl=https://mail.example.net/UnifiedMessaging/Service.asmx',
    'SSL=on', 'AuthPackage=ntlm'),
    'EXPR: external URLs with placeholders, Outlook Anywhere host and auth package';
my $web = '/a:Autodiscover/o:Response/o:Account/o:Protocol[o:Type="WEB"]';
values_are($xc, $web,
    ['o:Internal/o:OWAUrl', 'https://cas.corp.example.test/owa/', 'WEB internal OWA URL'],
    ['o:Internal/o:OWAUrl/@AuthenticationMethod', 'Basic, Fba', 'internal OWA AuthenticationMethod'],
    ['o:Internal/o:Protocol/o:Type', 'EXCH', 'internal nested protocol EXCH'],
    ['o:Internal/o:Protocol/o:ASUrl', 'https://cas.corp.example.test/EWS/Exchange.asmx', 'internal nested ASUrl'],
    ['o:External/o:OWAUrl', 'https://mail.example.net/owa/', 'WEB external OWA URL'],
    ['o:External/o:OWAUrl/@AuthenticationMethod', 'Basic, Fba', 'external OWA AuthenticationMethod'],
    ['o:External/o:Protocol/o:Type', 'EXPR', 'external nested protocol EXPR'],
    ['o:External/o:Protocol/o:ASUrl', 'https://mail.example.net/EWS/Exchange.asmx', 'external nested ASUrl']);

# MobileSync: the ActiveSync URL, external preferred.
$r = post_pox('exchange.test', mobile_request('jane@example.net'));
is $r->code, 200, 'MobileSync: 200';
is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'MobileSync: content type';
like $r->content, qr{\A<\?xml version="1\.0" encoding="utf-8"\?>\n<Autodiscover xmlns="\Q${\NS_RESPONSE}\E">\n<Response xmlns="\Q${\NS_MOBILE_RESP}\E">},
    'MobileSync: response namespace';
$xc = answer_xpath($r);
values_are($xc, '/a:Autodiscover/m:Response',
    ['m:Culture', 'de:de', 'MobileSync: vhost culture overrides the server one'],
    ['m:User/m:EMailAddress', 'jane@example.net', 'MobileSync: EMailAddress'],
    ['m:User/m:DisplayName', 'Example User', 'MobileSync: DisplayName'],
    ['m:Action/m:Settings/m:Server/m:Type', 'MobileSync', 'MobileSync: server type'],
    ['m:Action/m:Settings/m:Server/m:Url', 'https://eas.example.net/Microsoft-Server-ActiveSync', 'MobileSync: Url'],
    ['m:Action/m:Settings/m:Server/m:Name', 'https://eas.example.net/Microsoft-Server-ActiveSync', 'MobileSync: Name']);

# The response schema follows AcceptableResponseSchema, not the request
# namespace: an Outlook-namespace request asking for MobileSync.
$r = post_pox('exchange.test', pox_request('jane@example.net', schema => NS_MOBILE_RESP));
is answer_xpath($r)->findvalue('/a:Autodiscover/m:Response/m:Action/m:Settings/m:Server/m:Url'),
    'https://eas.example.net/Microsoft-Server-ActiveSync', 'schema chosen by AcceptableResponseSchema';

# A hosting-only vhost has nothing for MobileSync: error 601 in its namespace.
$r = post_pox('hosting.test', mobile_request('jane@example.test'));
$xc = answer_xpath($r);
is $r->code, 200, 'MobileSync without ActiveSync: 200';
is $xc->findvalue('/a:Autodiscover/m:Response/m:Error/m:ErrorCode'), '601', 'MobileSync without ActiveSync: error 601';

done_testing;
