# Outlook schema 2006a answers for IMAP/POP3/SMTP hosting: exact blocks, every
# TLS mode, placeholders for two domains, escaping, path case, chunked bodies.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

# Every child of each Protocol, in document order, as "Name=value;...".
sub protocols {
    my $xc = shift;
    return [ map {
        my $p = $_;
        join ';', map { $_->localname . '=' . $_->textContent }
            grep { $_->nodeType == 1 } $p->childNodes
    } $xc->findnodes('/a:Autodiscover/o:Response/o:Account/o:Protocol') ];
}

sub expected_blocks {
    my ($local, $domain) = @_;
    return [
        "Type=IMAP;Server=imap.$domain;Port=993;DomainRequired=off;LoginName=$local\@$domain;SPA=off;SSL=on;Encryption=SSL;AuthRequired=on",
        "Type=POP3;Server=pop.$domain;Port=110;DomainRequired=on;LoginName=$local;SPA=off;SSL=on;Encryption=TLS;AuthRequired=on",
        "Type=SMTP;Server=smtp.$domain;Port=587;DomainRequired=off;LoginName=$local\@$domain;SPA=off;SSL=on;Encryption=TLS;AuthRequired=on;UsePOPAuth=on;SMTPLast=off",
        "Type=SMTP;Server=relay.$domain;Port=25;DomainRequired=off;LoginName=$local\@$domain;SPA=on;SSL=off;Encryption=None;AuthRequired=off;UsePOPAuth=off;SMTPLast=on",
    ];
}

# Two domains from one vhost: placeholders follow the address.
for my $case (['jane', 'example.test'], ['joe', 'example.net']) {
    my ($local, $domain) = @$case;
    my $r = post_pox('hosting.test', pox_request("$local\@$domain"));
    is $r->code, 200, "$domain: status 200";
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', "$domain: content type";
    like $r->content, qr/\A<\?xml version="1\.0" encoding="utf-8"\?>\n<Autodiscover xmlns="\Q${\NS_RESPONSE}\E">\n<Response xmlns="\Q${\NS_OUTLOOK_RESP}\E">/,
        "$domain: declaration first, default namespaces without prefixes";
    my $xc = answer_xpath($r);
    is $xc->findvalue('/a:Autodiscover/o:Response/o:User/o:AutoDiscoverSMTPAddress'),
        "$local\@$domain", "$domain: AutoDiscoverSMTPAddress";
    is $xc->findvalue('/a:Autodiscover/o:Response/o:User/o:DisplayName'),
        "$local <Mail & More>", "$domain: display name template";
    is $xc->findvalue('/a:Autodiscover/o:Response/o:Account/o:AccountType'), 'email', "$domain: AccountType";
    is $xc->findvalue('/a:Autodiscover/o:Response/o:Account/o:Action'), 'settings', "$domain: Action";
    is_deeply protocols($xc), expected_blocks($local, $domain),
        "$domain: IMAP implicit, POP3 STARTTLS, SMTP STARTTLS, SMTP plain, in configured order";
}

# Escaping after substitution: the display name's own markup and an address
# whose local part carries XML metacharacters.
{
    my $r = post_pox('hosting.test', pox_request('o&amp;neil@example.test'));
    is $r->code, 200, 'address with & answered';
    like $r->content, qr{<DisplayName>o&amp;neil &lt;Mail &amp; More&gt;</DisplayName>},
        'display name escaped after substitution';
    like $r->content, qr{<LoginName>o&amp;neil\@example\.test</LoginName>}, 'login name escaped';
    unlike $r->content, qr/o&neil/, 'no raw & reflected';
    my $xc = answer_xpath($r);
    is $xc->findvalue('//o:User/o:AutoDiscoverSMTPAddress'), "o&neil\@example.test", 'parses back to the address';
}

# Domain case is folded, whitespace around the address trimmed.
{
    my $r = post_pox('hosting.test', pox_request("\n  Jane\@EXAMPLE.Test \n"));
    my $xc = answer_xpath($r);
    is $xc->findvalue('//o:User/o:AutoDiscoverSMTPAddress'), 'Jane@example.test', 'trimmed, domain lower-cased';
    is $xc->findvalue('(//o:Protocol)[1]/o:Server'), 'imap.example.test', 'domain placeholder lower case';
}

# The path in any letter case.
for my $path ('/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml',
              '/AutoDiscover/AutoDiscover.xml', '/AUTODISCOVER/AUTODISCOVER.XML') {
    my $r = post_pox('hosting.test', pox_request('jane@example.test'), path => $path);
    is $r->code, 200, "$path answered";
    is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', "$path gives settings";
}
{
    my $r = post_pox('hosting.test', pox_request('jane@example.test'),
                     path => '/autodiscover/autodiscover.xml.bak');
    is $r->code, 404, 'other paths are not answered';
}

# Chunked request bodies, in small and large chunks.
for my $size (7, 4096) {
    my $r = post_pox('hosting.test', pox_request('jane@example.test'), chunked => $size);
    is $r->code, 200, "chunked body ($size-byte chunks): 200";
    is_deeply protocols(answer_xpath($r)), expected_blocks('jane', 'example.test'),
        "chunked body ($size-byte chunks): same settings";
}

# The older Outlook response schema name is answered like 2006a.
{
    my $r = post_pox('hosting.test', pox_request('jane@example.test',
        schema => 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006'));
    is $r->code, 200, 'schema 2006: 200';
    like $r->content, qr{<Response xmlns="\Q${\NS_OUTLOOK_RESP}\E">}, 'schema 2006: answered in 2006a';
}

# Request elements in another order, with foreign elements, still work.
{
    my $body = qq{<?xml version="1.0"?><Autodiscover xmlns="${\NS_OUTLOOK_REQ}"><Request>}
             . qq{<AcceptableResponseSchema>${\NS_OUTLOOK_RESP}</AcceptableResponseSchema>}
             . qq{<x:Extra xmlns:x="urn:x">ignored</x:Extra><EMailAddress>jane\@example.test</EMailAddress>}
             . qq{</Request></Autodiscover>};
    my $r = post_pox('hosting.test', $body);
    is answer_xpath($r)->findvalue('//o:User/o:AutoDiscoverSMTPAddress'), 'jane@example.test',
        'element order and foreign elements do not matter';
}

done_testing;
