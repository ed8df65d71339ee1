# Every refused request gets the protocol's Error document (or the HTTP
# status a client expects), never a 500; GET/HEAD never get settings.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $OK = pox_request('jane@example.test');
my $S = NS_OUTLOOK_RESP;
my @error_cases = (
    # [ description, body, code ]
    ['not XML',                 'hello',                                       600],
    ['empty body',              '',                                            600],
    ['unclosed XML',            '<?xml version="1.0"?><Autodiscover xmlns="' . NS_OUTLOOK_REQ . '"><Request>', 600],
    ['wrong namespace',         pox_request('jane@example.test', ns => 'urn:wrong'), 600],
    ['no namespace',            '<Autodiscover><Request><EMailAddress>jane@example.test</EMailAddress></Request></Autodiscover>', 600],
    ['response namespace as request', pox_request('jane@example.test', ns => NS_RESPONSE), 600],
    ['wrong root element',      '<Discover xmlns="' . NS_OUTLOOK_REQ . '"><Request/></Discover>', 600],
    ['no Request element',      '<Autodiscover xmlns="' . NS_OUTLOOK_REQ . '"/>', 600],
    ['missing address',         pox_request(undef),                            600],
    ['empty address',           pox_request('  '),                             600],
    ['address without @',       pox_request('jane.example.test'),              600],
    ['address with two @',      pox_request('jane@x@example.test'),            600],
    ['space in domain',         pox_request('jane@exa mple.test'),             600],
    ['CR/LF in address',        pox_request("jane\r\nX-Bad: 1\@example.test"), 600],
    ['quote in address',        pox_request('ja"ne@example.test'),             600],
    ['overlong address',        pox_request(('a' x 60) . '@' . join('.', ('b' x 60) x 4) . '.test'), 600],
    ['overlong local part',     pox_request(('a' x 65) . '@example.test'),     600],
    ['duplicate EMailAddress',  pox_request('jane@example.test', extra => '<EMailAddress>joe@example.test</EMailAddress>'), 600],
    ['element inside address',  pox_request('jane<b>x</b>@example.test'),      600],
    ['DTD with entity',         qq{<?xml version="1.0"?><!DOCTYPE Autodiscover [<!ENTITY e "jane\@example.test">]><Autodiscover xmlns="${\NS_OUTLOOK_REQ}"><Request><EMailAddress>&e;</EMailAddress><AcceptableResponseSchema>$S</AcceptableResponseSchema></Request></Autodiscover>}, 600],
    ['external entity',         qq{<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><Autodiscover xmlns="${\NS_OUTLOOK_REQ}"><Request><EMailAddress>&x;</EMailAddress></Request></Autodiscover>}, 600],
    ['undeclared entity',       pox_request('&x;@example.test'),               600],
    ['invalid UTF-8',           pox_request("j\xff\xfe\@example.test"),        600],
    ['NUL byte',                pox_request("ja\0ne\@example.test"),           600],
    ['LegacyDN only',           pox_request(undef, extra => '<LegacyDN>/o=Example/cn=Recipients/cn=jane</LegacyDN>'), 500],
    ['unknown schema',          pox_request('jane@example.test', schema => 'urn:bogus'), 601],
    ['missing schema',          pox_request('jane@example.test', schema => undef), 601],
);

for my $c (@error_cases) {
    my ($what, $body, $code) = @$c;
    my $r = post_pox('hosting.test', $body);
    is $r->code, 200, "$what: HTTP 200";
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', "$what: XML content type";
    my $xc = eval { answer_xpath($r) };
    is $xc ? $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode') : "unparsable: $@",
        $code, "$what: ErrorCode $code in the root namespace";
    unlike $r->content, qr/root:|jane\r|<b>|\xff/, "$what: nothing from the input or the filesystem reflected";
}

# The Error element's shape.
{
    my $xc = answer_xpath(post_pox('hosting.test', 'hello'));
    my $e = '/a:Autodiscover/a:Response/a:Error';
    like $xc->findvalue("$e/\@Time"), qr/^\d\d:\d\d:\d\d\.\d{6}$/, 'Error Time is hh:mm:ss.ffffff';
    like $xc->findvalue("$e/\@Id"), qr/^\d+$/, 'Error Id is a number';
    is $xc->findvalue("$e/a:Message"), 'Invalid Request', 'Message of 600';
    is $xc->findnodes("$e/a:DebugData")->size, 1, 'DebugData present';
    my $other = answer_xpath(post_pox('strict.test', 'hello'))->findvalue("$e/\@Id");
    isnt $other, $xc->findvalue("$e/\@Id"), 'Error Id differs per vhost (a hash of its name)';
    $xc = answer_xpath(post_pox('hosting.test', pox_request('jane@example.test', schema => 'urn:bogus')));
    is $xc->findvalue("$e/a:Message"), 'Provider is not available', 'Message of 601';
}

# MobileSync requests get their errors in the MobileSync namespace.
{
    my $r = post_pox('exchange.test', mobile_request('jane@example.test', schema => 'urn:bogus'));
    my $xc = answer_xpath($r);
    is $xc->findvalue('/a:Autodiscover/m:Response/m:Error/m:ErrorCode'), '601', 'MobileSync unknown schema: 601';
    $r = post_pox('exchange.test', mobile_request(undef));
    is answer_xpath($r)->findvalue('/a:Autodiscover/m:Response/m:Error/m:ErrorCode'), '600',
        'MobileSync missing address: 600';
}

# An address outside the accepted domains.
{
    my $r = post_pox('hosting.test', pox_request('jane@other.test'));
    my $xc = answer_xpath($r);
    is $r->code, 200, 'foreign domain (error): 200';
    is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode'), '500', 'foreign domain: error 500';
    is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:Message'), 'The e-mail address cannot be found.',
        'foreign domain: the message clients map to "no such mailbox"';
    is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:DebugData'), 'DomainNotServed', 'foreign domain: DebugData';
    $r = post_pox('hosting.test', mobile_request('jane@other.test'));
    $xc = answer_xpath($r);
    my $e = '/a:Autodiscover/m:Response/m:Action/m:Error';
    is $xc->findvalue("$e/m:Status"), '2', 'MobileSync foreign domain: Action/Error Status 2';
    is $xc->findvalue("$e/m:ErrorCode"), '500', 'MobileSync foreign domain: ErrorCode 500';
    is $xc->findvalue('/a:Autodiscover/m:Response/m:User/m:EMailAddress'), 'jane@other.test', 'MobileSync foreign domain: address echoed, escaped';
    $r = post_pox('strict.test', pox_request('jane@other.test'));
    is $r->code, 404, 'foreign domain (notfound): HTTP 404, the client tries its next URL';
    $r = post_pox('strict.test', pox_request('jane@example.test'));
    is answer_xpath($r)->findvalue('//o:Protocol/o:Server'), 'imap.example.test', 'accepted domain still answered';
}

# Body size cap (512 bytes on strict.test).
{
    my $pad = pox_request('jane@example.test', extra => '<!--' . ('x' x 600) . '-->');
    my $r = post_pox('strict.test', $pad);
    is $r->code, 413, 'just over the cap with Content-Length: 413';
    $r = post_pox('strict.test', $pad, chunked => 100);
    is $r->code, 413, 'just over the cap, chunked: 413';
    $r = post_pox('strict.test', pox_request('jane@example.test', extra => '<!--' . ('x' x 20000) . '-->'), chunked => 4000);
    is $r->code, 413, 'far over the cap, chunked: 413';
    $r = http_exchange(raw => "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: strict.test\r\n"
        . "Connection: close\r\nContent-Type: text/xml\r\nContent-Length: 104857600\r\n\r\n<?xml");
    is $r->code, 413, 'far over the cap by Content-Length: 413 before reading';
    my $small = pox_request('jane@example.test');
    cmp_ok length($small), '<', 512, 'a normal request fits';
    $r = post_pox('strict.test', $small);
    is $r->code, 200, 'a body under the cap is answered';
}

# GET and HEAD never get settings.
{
    my $r = http_exchange(method => 'GET', host => 'hosting.test');
    is $r->code, 405, 'GET without authentication: 405';
    is $r->header('Allow') // '', 'POST,TRACE', 'GET: Allow names POST (TRACE is core\'s)';
    unlike $r->content, qr/<Protocol>/, 'GET: no settings';
    $r = http_exchange(method => 'HEAD', host => 'hosting.test');
    is $r->code, 405, 'HEAD without authentication: 405';
    $r = http_exchange(method => 'GET', host => 'open-auth.test');
    is $r->code, 401, 'GET where authentication is required: 401 challenge';
    $r = http_exchange(method => 'GET', host => 'open-auth.test', user => 'alice@example.test', password => 'secret');
    is $r->code, 200, 'authenticated GET: 200';
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'authenticated GET: XML';
    is answer_xpath($r)->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode'), '600',
        'authenticated GET: error 600, no settings';
    $r = http_exchange(method => 'HEAD', host => 'open-auth.test', user => 'alice@example.test', password => 'secret');
    is $r->code, 200, 'authenticated HEAD: 200';
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'authenticated HEAD: XML content type';
    $r = http_exchange(method => 'PUT', host => 'hosting.test', body => $OK);
    is $r->code, 405, 'PUT: 405';
    $r = http_exchange(method => 'DELETE', host => 'hosting.test');
    is $r->code, 405, 'DELETE: 405';
}

# The server is still serving after all of the above.
{
    my $r = post_pox('hosting.test', $OK);
    is $r->code, 200, 'still serving';
    is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', 'still answering settings';
}

done_testing;
