# Hostile input. Every case is answered quickly with the protocol's error
# or the right HTTP status, nothing from the input comes back unescaped,
# nothing from the filesystem leaks, and the server keeps serving.
# roomy.test has the largest body cap (64 KiB), so that the parser's own
# limits answer; strict.test has 512 bytes; slow.test has
# "RequestReadTimeout body=2,MinRate=500".
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes qw(time sleep);
use IO::Socket::INET ();
use IO::Select ();
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $NS = NS_OUTLOOK_REQ;
my $S = NS_OUTLOOK_RESP;
$SIG{PIPE} = 'IGNORE';    # the server may close before a slow or huge body is sent
# Seconds a refused request may take: it protects against a parser that
# expands, recurses or waits (a hang), not a speed. An answer takes a few
# milliseconds; a loaded machine takes far less than this.
my $QUICK = 10;
# Seconds a stalled or trickled body may stay open: RequestReadTimeout cuts
# it after about 2 s; the bound protects against a body kept open until
# the client gives up (response_of waits 15 s), not a speed.
my $CUT = 12;

# A file the server can read, with a marker that must never come back.
my $marker = 'SECRET-' . join '', map { ('a' .. 'z')[rand 26] } 1 .. 16;
my $secret = "$vars->{t_dir}/hostile-secret.txt";
open my $fh, '>', $secret or die "$secret: $!";
print $fh "$marker\n";
close $fh;
chmod 0644, $secret;

sub doc { qq{<?xml version="1.0" encoding="utf-8"?>\n<Autodiscover xmlns="$NS"><Request>$_[0]</Request></Autodiscover>} }
sub with_schema { doc("<EMailAddress>$_[0]</EMailAddress><AcceptableResponseSchema>$S</AcceptableResponseSchema>") }

my $laughs = join '', map { my $p = $_ - 1; qq{<!ENTITY lol$_ "} . "&lol$p;" x 10 . '">' } 1 .. 9;
my @refused = (
    # [ what, body, vhost ]
    ['external entity to a local file',
     qq{<?xml version="1.0"?><!DOCTYPE Autodiscover [<!ENTITY x SYSTEM "file://$secret">]>}
     . doc("<EMailAddress>&x;</EMailAddress><AcceptableResponseSchema>$S</AcceptableResponseSchema>")
         =~ s/^<\?xml[^>]*>\n//r],
    ['external DTD naming a local file',
     qq{<?xml version="1.0"?><!DOCTYPE Autodiscover SYSTEM "file://$secret">} . (with_schema('jane@example.test') =~ s/^<\?xml[^>]*>\n//r)],
    ['parameter entity to a local file',
     qq{<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p SYSTEM "file://$secret"> %p;]><a/>}],
    ['XInclude of a local file',
     with_schema(qq{<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://$secret" parse="text"/>})],
    ['billion laughs',
     qq{<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">$laughs]>} . (with_schema('&lol9;') =~ s/^<\?xml[^>]*>\n//r), 'roomy.test'],
    ['100 000 nested elements', doc('<a>' x 100_000 . '</a>' x 100_000), 'roomy.test', 413],
    ['nested elements up to the 64 KiB cap', doc('<a>' x 9000 . '</a>' x 9000), 'roomy.test'],
    ['60 KiB address', with_schema('a' x 61_000 . '@example.test'), 'roomy.test'],
    ['6000 attributes on the root', qq{<Autodiscover xmlns="$NS" } . join(' ', map { "a$_=''" } 1 .. 6000)
        . '><Request><EMailAddress>jane@example.test</EMailAddress><LegacyDN>x</LegacyDN><LegacyDN>y</LegacyDN>'
        . '</Request></Autodiscover>', 'roomy.test'],
    ['invalid UTF-8',               with_schema("j\xff\xfe\@example.test")],
    ['overlong UTF-8 for "<"',      with_schema("j\xc0\xbcb\@example.test")],
    ['UTF-8 encoded surrogate',     with_schema("j\xed\xa0\x80\@example.test")],
    ['invalid bytes in a declared EUC-JP body',
     qq{<?xml version="1.0" encoding="EUC-JP"?><Autodiscover xmlns="$NS"><Request><EMailAddress>\xff\xff\xff\@example.test</EMailAddress></Request></Autodiscover>}],
    ['unknown declared encoding', with_schema('jane@example.test') =~ s/utf-8/x-no-such-charset/r],
    ['NUL byte',                    with_schema("ja\0ne\@example.test")],
    ['NUL by character reference',  with_schema('ja&#0;ne@example.test')],
    ['overlong address',            with_schema('a' x 64 . '@' . join('.', ('b' x 63) x 3) . '.test')],
    ['CR/LF in the address',        with_schema("jane\r\nSet-Cookie: x=1\@example.test")],
    ['CR/LF by character reference', with_schema('jane&#13;&#10;Set-Cookie: x=1@example.test')],
    ['quote in the address',        with_schema('ja"ne@example.test')],
    ['"<" in the address',          with_schema('&lt;script&gt;alert(1)&lt;/script&gt;@example.test')],
    ['JSON body',                   '{"EMailAddress":"jane@example.test"}'],
    ['form body',                   'EMailAddress=jane%40example.test&AcceptableResponseSchema=x'],
    ['HTML body',                   '<html><body><script>alert(1)</script></body></html>'],
    ['gzip bytes',                  "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00"],
    ['SOAP envelope',               '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>'],
    ['request names in another namespace',
     qq{<Autodiscover xmlns="urn:evil"><Request><EMailAddress>jane\@example.test</EMailAddress></Request></Autodiscover>}],
    ['children without the request namespace',
     qq{<a:Autodiscover xmlns:a="$NS"><Request><EMailAddress>jane\@example.test</EMailAddress></Request></a:Autodiscover>}],
    ['duplicate Request',           doc('<EMailAddress>jane@example.test</EMailAddress></Request><Request>')],
    ['duplicate AcceptableResponseSchema',
     with_schema('jane@example.test') =~ s{</Request>}{<AcceptableResponseSchema>$S</AcceptableResponseSchema></Request>}r],
    ['two root elements',           with_schema('jane@example.test') . '<Autodiscover/>'],
);

my $normal = with_schema('jane@example.test');
for my $c (@refused) {
    my ($what, $body, $host, $status) = @$c;
    $host //= 'hosting.test';
    my $t0 = time;
    my $r = post_pox($host, $body);
    my $took = time - $t0;
    cmp_ok $took, '<', $QUICK, sprintf '%s: answered in %.3f s', $what, $took;
    if ($status) {
        is $r->code, $status, "$what: HTTP $status";
    }
    else {
        my $xc = eval { answer_xpath($r) };
        is $xc ? $r->code . ' ' . $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode') : 'unparsable',
            '200 600', "$what: error 600";
    }
    unlike $r->content, qr/\Q$marker\E|<script|Set-Cookie|\xff|\x00|lollol/, "$what: nothing reflected or leaked";
    unlike $r->content, qr/<Protocol>/, "$what: no settings";
    is post_pox($host, $normal)->code, 200, "$what: the server keeps serving";
}

# Markup characters an address may hold come back as text, escaped.
{
    my $r = post_pox('hosting.test', with_schema(q{o'neil&amp;co@example.test}));
    my $xc = answer_xpath($r);
    is $xc->findvalue('//o:User/o:AutoDiscoverSMTPAddress'), q{o'neil&co@example.test},
        'apostrophe and ampersand: the address comes back as sent';
    like $r->content, qr{<AutoDiscoverSMTPAddress>o&apos;neil&amp;co\@example\.test</AutoDiscoverSMTPAddress>},
        'apostrophe and ampersand: escaped in the markup';
    is $xc->findvalue('//o:User/o:DisplayName'), q{o'neil&co <Mail & More>}, 'display name built from it, escaped';
    $r = post_pox('hosting.test', with_schema('%EMAILDOMAIN%@example.test'));
    is answer_xpath($r)->findvalue('//o:User/o:AutoDiscoverSMTPAddress'), '%EMAILDOMAIN%@example.test',
        'a placeholder in the address is not expanded';
    $r = post_pox('roomy.test', mobile_request(q{a&amp;b@example.test}));
    is answer_xpath($r)->findvalue('/a:Autodiscover/m:Response/m:User/m:EMailAddress'), 'a&b@example.test',
        'MobileSync: the address comes back as sent';
}

# The body cap, exactly at and one byte over (512 bytes on strict.test).
{
    my $base = with_schema('jane@example.test');
    my $pad = 512 - length($base) - length('<!---->');
    my $at = $base =~ s{</Autodiscover>}{'<!--' . ('x' x $pad) . '--></Autodiscover>'}er;
    is length($at), 512, 'a body of exactly 512 bytes';
    is post_pox('strict.test', $at)->code, 200, 'exactly at the cap: answered';
    is post_pox('strict.test', $at . ' ')->code, 413, 'one byte over: 413';
    is post_pox('strict.test', $at . ' ', chunked => 7)->code, 413, 'one byte over, chunked: 413';
}

# Slow senders: mod_reqtimeout ends the body read, the module answers 408.
sub slow_post {
    my (%o) = @_;
    my $body = with_schema('jane@example.test');
    my $sock = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => port('AD_HTTP_PORT'),
                                     Timeout => 20) or die "connect: $@";
    $sock->autoflush(1);
    print $sock "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: slow.test\r\n"
        . "Content-Type: text/xml\r\nContent-Length: " . length($body) . "\r\n\r\n";
    print $sock substr($body, 0, 40);
    return $sock unless $o{trickle};
    # One byte every 0.25 s until the server answers.
    my $t0 = time;
    my $sel = IO::Select->new($sock);
    for my $i (40 .. length($body) - 1) {
        last unless print $sock substr($body, $i, 1);
        last if $sel->can_read(0.25) || time - $t0 > 15;
    }
    return $sock;
}

sub response_of {
    my $sock = shift;
    local $SIG{ALRM} = sub { die "no answer\n" };
    alarm 15;
    my $raw = '';
    while (sysread $sock, my $buf, 4096) { $raw .= $buf }
    alarm 0;
    return HTTP::Response->parse($raw);
}

{
    my $t0 = time;
    my @stalled = map { slow_post() } 1 .. 3;
    my $r = post_pox('hosting.test', $normal);
    is $r->code, 200, 'three stalled bodies: other clients are still answered';
    # Not waiting for them: the answer came while all three were still
    # open, before RequestReadTimeout cut any (by order, not by the clock).
    my @cut = IO::Select->new(@stalled)->can_read(0);
    is scalar(@cut), 0, sprintf 'three stalled bodies: without waiting for them (%.1f s)', time - $t0;
    my $code = eval { response_of($stalled[0])->code } // "none: $@";
    my $took = time - $t0;
    is $code, 408, 'stalled body: 408 Request Timeout';
    cmp_ok $took, '>=', 1.5, sprintf 'stalled body: cut after the configured 2 s (%.1f s)', $took;
    cmp_ok $took, '<', $CUT, 'stalled body: not kept open';
    $_->close for @stalled;

    $t0 = time;
    my $sock = slow_post(trickle => 1);
    $code = eval { response_of($sock)->code } // "none: $@";
    $took = time - $t0;
    is $code, 408, 'body trickled at 4 bytes/s: 408 Request Timeout';
    cmp_ok $took, '<', $CUT, sprintf 'trickled body: cut below the minimum rate (%.1f s)', $took;
}

# The HTTP redirect vhost escapes what it copies into Location.
{
    my $r = http_get('redirect.test', '/autodiscover/%0d%0aSet-Cookie:%20x=1/a%22b%3C');
    is $r->code, 302, 'encoded CR/LF in a redirected path: 302';
    unlike $r->header('Location') // '', qr/[\r\n"<]/, 'Location holds no CR, LF, quote or "<"';
    ok !defined $r->header('Set-Cookie'), 'no header injected';
}

done_testing;
