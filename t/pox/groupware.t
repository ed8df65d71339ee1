# POX with calendars and contacts (t/conf/vhosts/groupware.conf): eM
# Client's CalDAV and CardDAV Protocol blocks after the mail blocks
# (Outlook schema only), AutodiscoverTTL as a TTL child of each Protocol
# ([MS-OXDSCLI]), error 601 for a MobileSync request where no ActiveSync
# URL is set (the new Outlook asks so), and AutodiscoverV2 Off leaving
# autodiscover.json unanswered while POX answers.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath;

my $A = '/a:Autodiscover/o:Response/o:Account';

# A Protocol block as "Name=text;..." of its child elements, in order.
sub block {
    my ($xc, $p) = @_;
    return join ';', map { $_->localname . '=' . $_->textContent }
        grep { $_->nodeType == 1 } $p->childNodes;
}
sub blocks_of {
    my ($xc, $type) = @_;
    return map { block($xc, $_) } $xc->findnodes("$A/o:Protocol[o:Type='$type']");
}

# dav.test, both domains: the DAV blocks, exactly, after the mail blocks.
for my $c (['jane@dav.test', 'dav.test', 'jane'], ['joe@cal.test', 'cal.test', 'joe']) {
    my ($address, $domain, $local) = @$c;
    my $r = post_pox('dav.test', pox_request($address));
    is $r->code, 200, "$address: 200";
    my $xc = answer_xpath($r);
    is join(',', map { $_->textContent } $xc->findnodes("$A/o:Protocol/o:Type")),
        'IMAP,IMAP,SMTP,SMTP,CalDAV,CardDAV', "$address: CalDAV and CardDAV after the mail blocks";
    is_deeply [ blocks_of($xc, 'CalDAV') ],
        [ "Type=CalDAV;Server=https://dav.$domain/caldav/;DomainRequired=off;LoginName=$address" ],
        "$address: the CalDAV block (the URL in full, the address as login)";
    is_deeply [ blocks_of($xc, 'CardDAV') ],
        [ "Type=CardDAV;Server=https://contacts.$domain:8443/carddav/;DomainRequired=off;LoginName=$local" ],
        "$address: the CardDAV block (port in the URL, the local part as login)";
}

# AutodiscoverTTL 24: one TTL per mail Protocol block, right after Type;
# eM Client's blocks keep mailcow's shape, without it.
{
    my $xc = answer_xpath(post_pox('dav.test', pox_request('jane@dav.test')));
    my @mail = $xc->findnodes("$A/o:Protocol[o:Type='IMAP' or o:Type='SMTP']");
    is scalar(@mail), 4, 'four mail blocks';
    is join(',', map { join '+', map { $_->localname } (grep { $_->nodeType == 1 } $_->childNodes)[0, 1] } @mail),
        'Type+TTL,Type+TTL,Type+TTL,Type+TTL', 'each mail block: Type, then TTL';
    is join(',', map { $xc->findvalue('o:TTL', $_) } @mail), '24,24,24,24', 'TTL 24 (hours) in each';
    is $xc->findnodes("$A/o:Protocol[o:Type='CalDAV' or o:Type='CardDAV']/o:TTL")->size, 0,
        'no TTL in the DAV blocks';
    is $xc->findnodes('//o:TTL')->size, 4, 'TTL nowhere else (not under Account or Response)';
    is((blocks_of($xc, "IMAP"))[0],
        'Type=IMAP;TTL=24;Server=imap.dav.test;Port=993;DomainRequired=off;LoginName=jane@dav.test;SPA=off;SSL=on;Encryption=SSL;AuthRequired=on',
        'the first IMAP block, exactly');
}

# MobileSync where ActiveSync is configured: its answer has neither DAV nor TTL.
{
    my $r = post_pox('dav.test', mobile_request('jane@dav.test'));
    my $xc = answer_xpath($r);
    is $xc->findvalue('/a:Autodiscover/m:Response/m:Action/m:Settings/m:Server/m:Url'),
        'https://mail.dav.test/Microsoft-Server-ActiveSync', 'MobileSync: the ActiveSync URL';
    unlike $r->content, qr/CalDAV|CardDAV|<TTL>/, 'MobileSync: no DAV blocks, no TTL';
}

# Exchange-style blocks (ttl.test, AutodiscoverTTL 0): after Type in EXCH
# and EXPR, after External in WEB.
{
    my $xc = answer_xpath(post_pox('ttl.test', pox_request('jane@ttl.test')));
    is join(',', map { $_->textContent } $xc->findnodes("$A/o:Protocol/o:Type")), 'EXCH,EXPR,WEB', 'ttl.test: EXCH, EXPR, WEB';
    is join('|', map { join ',', map { $_->localname } grep { $_->nodeType == 1 } $_->childNodes }
                 $xc->findnodes("$A/o:Protocol")),
        'Type,TTL,Server,ASUrl,EwsUrl,OOFUrl|Type,TTL,Server,ASUrl,EwsUrl,OOFUrl,SSL,AuthPackage|Type,External,TTL',
        'TTL after Type (EXCH, EXPR) and after External (WEB)';
    is join(',', map { $_->textContent } $xc->findnodes("$A/o:Protocol/o:TTL")), '0,0,0', 'TTL 0: no rediscovery needed';
}

# No AutodiscoverTTL (davuser.test): no TTL; a CalDAV URL per user, no CardDAV.
{
    my $xc = answer_xpath(post_pox('davuser.test', pox_request('Jo+x@davuser.test')));
    is $xc->findnodes('//o:TTL')->size, 0, 'no AutodiscoverTTL: no TTL element';
    is join(',', map { $_->textContent } $xc->findnodes("$A/o:Protocol/o:Type")),
        'IMAP,IMAP,SMTP,SMTP,CalDAV', 'davuser.test: CalDAV only';
    is_deeply [ blocks_of($xc, 'CalDAV') ],
        [ 'Type=CalDAV;Server=https://dav.davuser.test/calendars/Jo+x@davuser.test/;DomainRequired=off;LoginName=Jo+x@davuser.test' ],
        'the per-user CalDAV URL, for the address';
}

# Calendars and contacts alone (davonly.test) are no mail account: 601.
{
    my $xc = answer_xpath(post_pox('davonly.test', pox_request('ann@davonly.test')));
    is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode'), '601', 'DAV only, Outlook schema: 601';
}

# The new Outlook's MobileSync request where no ActiveSync URL is set
# (davuser.test): HTTP 200 and error 601 in the MobileSync namespace,
# exactly, never a bare 4xx; the same for an Outlook-namespace request
# asking for the MobileSync schema.
for my $c (['MobileSync request', mobile_request('jane@davuser.test')],
           ['Outlook request for MobileSync', pox_request('jane@davuser.test', schema => NS_MOBILE_RESP)]) {
    my ($what, $body) = @$c;
    my $r = post_pox('davuser.test', $body);
    is $r->code, 200, "$what without ActiveSync: HTTP 200";
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', "$what: XML";
    like $r->content, qr{\A<\?xml version="1\.0" encoding="utf-8"\?>\n<Autodiscover xmlns="\Q${\NS_RESPONSE}\E">\n<Response xmlns="\Q${\NS_MOBILE_RESP}\E">\n<Error Time="\d\d:\d\d:\d\d\.\d{6}" Id="\d+">\n<ErrorCode>601</ErrorCode>\n<Message>Provider is not available</Message>\n<DebugData />\n</Error>\n</Response>\n</Autodiscover>\n\z},
        "$what: exactly Response/Error 601 in the MobileSync namespace";
}

# AutodiscoverV2 Off (davuser.test): autodiscover.json is not the module's
# (404, no JSON), in both forms; POX still answers there; dav.test answers v2.
{
    my $J = '/autodiscover/autodiscover.json';
    for my $c (["$J?Email=jane%40davuser.test&Protocol=AutodiscoverV1", 'query form'],
               ["$J/v1.0/jane\@davuser.test?Protocol=AutodiscoverV1", 'path form']) {
        my $r = http_get('davuser.test', $c->[0]);
        is $r->code, 404, "V2 Off, $c->[1]: 404";
        unlike $r->header('Content-Type') // '', qr{application/json}, "V2 Off, $c->[1]: not the module's JSON";
        unlike $r->content, qr/ErrorCode|AutodiscoverV1/, "V2 Off, $c->[1]: no v2 answer in the body";
    }
    my $r = post_pox('davuser.test', pox_request('jane@davuser.test'));
    is $r->code, 200, 'V2 Off: POX still answers';
    is answer_xpath($r)->findvalue("$A/o:Protocol[1]/o:Server"), 'imap.davuser.test', 'V2 Off: POX settings';
    for my $c (["$J?Email=jane%40dav.test&Protocol=AutodiscoverV1", 'query form'],
               ["$J/v1.0/jane\@dav.test?Protocol=AutodiscoverV1", 'path form']) {
        $r = http_get('dav.test', $c->[0]);
        is $r->code, 200, "dav.test v2, $c->[1]: 200";
        is $r->header('Content-Type'), 'application/json; charset=utf-8', "dav.test v2, $c->[1]: JSON";
        is_deeply json_of($r),
            { Protocol => 'AutodiscoverV1', Url => 'https://dav.test/autodiscover/autodiscover.xml' },
            "dav.test v2, $c->[1]: the POX URL";
    }
}

done_testing;
