# autodiscover-check against hostile servers this test starts on 127.0.0.1:
# a self-signed server harvesting Basic credentials, redirects to another
# host and through the plain-http step, redirect loops, redirectAddr answers
# that are not addresses, huge and malformed XML, terminal escape sequences
# in headers and answers, malformed or oversized DNS answers, and PACC
# TXT records with escape sequences, unknown algorithms, a string running
# past its record and a digest too long for any buffer. Each run
# asserts the exit code, the report line, and that no server the password
# must not reach received it (each server keeps every request it got).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes ();
use lib 't/lib';
use AD::Test;
use AD::XPath;
use AD::Hostile;

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $bin = "$top/build/autodiscover-check";
my $certs = certs_dir();
my $ca = "$certs/ca.crt";
my $pw = 'S3cret-pw';
my $verified = ["$certs/hostile.crt", "$certs/hostile.key"];   # hostile.test, autodiscover.hostile.test, evil.test
my $selfsigned = ["$certs/selfsigned.crt", "$certs/selfsigned.key"];
my $url = 'https://autodiscover.hostile.test/autodiscover/autodiscover.xml';

sub dns_question {
    my $q = shift;
    my $i = 12;
    $i += 1 + ord(substr $q, $i, 1) while $i < length $q && ord(substr $q, $i, 1);
    return substr $q, 12, $i + 5 - 12;
}
# A DNS answer to query $q: flags (QR, RD and these), rcode, the answer count
# the header claims and the records.
sub dns_answer {
    my ($q, %o) = @_;
    my $flags = 0x8180 | ($o{tc} ? 0x0200 : 0) | ($o{rcode} // 0);
    my @rr = @{ $o{rr} // [] };
    return substr($q, 0, 2) . pack('n5', $flags, 1, $o{count} // scalar @rr, 0, 0)
        . dns_question($q) . join('', @rr);
}
sub dns_name { join('', map { chr(length) . $_ } split /\./, shift) . "\0" }
sub srv_rr {
    my ($target, $port) = @_;
    my $rd = pack('n3', 0, 0, $port) . dns_name($target);
    return pack('n n n N n', 0xc00c, 33, 1, 60, length $rd) . $rd;
}
sub a_rr { pack('n n n N n C4', 0xc00c, 1, 1, 60, 4, 192, 0, 2, $_[0] % 250 + 1) }
# A TXT record of the given character-strings (or raw rdata with raw =>).
sub txt_rr {
    my (%o) = @_;
    my $rd = $o{raw} // join '', map { chr(length) . $_ } @{ $o{strings} };
    return pack('n n n N n', 0xc00c, 16, 1, 60, length $rd) . $rd;
}

# Every run asks this name server, which knows nothing, unless it names another.
my $nx = hostile_dns(udp => sub { dns_answer($_[0], rcode => 3) });

sub check {
    my @args = @_;
    unshift @args, '--dns', "127.0.0.1:$nx->{port}" unless grep { $_ eq '--dns' } @args;
    my $cmd = join ' ', $bin, '--cacert', $ca, '--timeout', 5, map { "'$_'" } @args;
    my $out = `$cmd 2>&1`;
    return ($? & 127 ? 128 + ($? & 127) : $? >> 8, $out);
}

# Asked, and never given the password (neither in a header nor anywhere else).
sub no_credentials {
    my ($s, $name) = @_;
    my $got = received($s);
    like $got, qr/^POST \/autodiscover\/autodiscover\.xml/m, "$name: the server was asked";
    unlike $got, qr/^Authorization:/mi, "$name: no Authorization header reached it";
    ok index($got, $pw) < 0, "$name: the password reached it nowhere";
}

my $unauthorized = http_answer('401 Unauthorized', 'no', 'WWW-Authenticate: Basic realm="mail"');

# --- 1. a self-signed server that answers 401 to everything
{
    my $s = hostile_http(tls => $selfsigned, answer => sub { $unauthorized });
    my ($rc, $out) = check('--password', $pw, '--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}",
                           'jane@hostile.test');
    is $rc, 2, 'self-signed 401: critical';
    like $out, qr{\[2\] autodiscover domain: \Q$url\E\n    DNS:   127\.0\.0\.1:$s->{port} \(mapped\)\n    TLS:   [^\n]*self-signed[^\n]*\n    HTTP:  401\n    =>     HTTP 401: credentials withheld: the certificate is not verified\n},
        'self-signed 401: the credentials withheld, and why';
    no_credentials($s, 'self-signed 401');
    stop_server($s);
}

# --- 2. redirects to another host
{
    my $evil = hostile_http(tls => $verified, answer => sub { $unauthorized });
    my $ad = hostile_http(tls => $verified, answer => sub {
        pox_answer('<Action>redirectUrl</Action><RedirectUrl>https://evil.test/autodiscover/autodiscover.xml</RedirectUrl>') });
    my @map = ('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$ad->{port}",
               '--connect-to', "evil.test:443:127.0.0.1:$evil->{port}");
    my ($rc, $out) = check('--password', $pw, @map, 'jane@hostile.test');
    is $rc, 2, 'redirectUrl to another host: critical';
    like $out, qr{\[3\] redirected: https://evil\.test/autodiscover/autodiscover\.xml\n(?:    .*\n)*?    HTTP:  401\n    =>     HTTP 401: credentials withheld: evil\.test is neither hostile\.test nor autodiscover\.hostile\.test \(--trust-redirects sends them\)\n},
        'redirectUrl to another host: withheld there, and why';
    no_credentials($evil, 'redirectUrl to another host');

    # The option lets them go (the certificate verifies): the test can see them.
    ($rc, $out) = check('--password', $pw, '--trust-redirects', @map, 'jane@hostile.test');
    like $out, qr{\[3\] redirected: https://evil\.test/autodiscover/autodiscover\.xml\n(?:    .*\n)*?    HTTP:  401\n    =>     HTTP 401: the credentials were refused\n},
        '--trust-redirects: sent, and refused';
    like received($evil), qr/^Authorization: Basic /mi, '--trust-redirects: the credentials reached the host redirected to';
    stop_server($ad);

    # A 302 from the root domain, the same.
    my $root = hostile_http(tls => $verified, answer => sub {
        http_answer('302 Found', '', 'Location: https://evil.test/autodiscover/autodiscover.xml') });
    truncate $evil->{log}->filename, 0;
    ($rc, $out) = check('--password', $pw, '--connect-to', "hostile.test:443:127.0.0.1:$root->{port}",
                        '--connect-to', "evil.test:443:127.0.0.1:$evil->{port}", 'jane@hostile.test');
    is $rc, 2, '302 to another host: critical';
    like $out, qr{\[1\] root domain: https://hostile\.test/autodiscover/autodiscover\.xml\n(?:    .*\n)*?    =>     HTTP 302 to https://evil\.test/autodiscover/autodiscover\.xml\n\n\[2\] redirected: https://evil\.test/autodiscover/autodiscover\.xml\n(?:    .*\n)*?    =>     HTTP 401: credentials withheld: evil\.test is neither hostile\.test nor autodiscover\.hostile\.test \(--trust-redirects sends them\)\n},
        '302 to another host: withheld there';
    no_credentials($evil, '302 to another host');
    stop_server($root);
    stop_server($evil);
}

# --- user information in a redirect: the host is the one after the @
{
    my $evil = hostile_http(tls => $verified, answer => sub { $unauthorized });
    my $ad = hostile_http(tls => $verified, answer => sub {
        http_answer('302 Found', '', 'Location: https://autodiscover.hostile.test@evil.test/autodiscover/autodiscover.xml') });
    my ($rc, $out) = check('--password', $pw, '--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$ad->{port}",
                           '--connect-to', "evil.test:443:127.0.0.1:$evil->{port}", 'jane@hostile.test');
    is $rc, 2, 'user information in a redirect: critical';
    like $out, qr{^    CRITICAL: a redirect to https://autodiscover\.hostile\.test\@evil\.test/autodiscover/autodiscover\.xml, which is not a usable URL \(user information in the URL\): not followed$}m,
        'user information in a redirect: refused, and why';
    is received($evil), '', 'user information in a redirect: the host after the @ was never asked';

    # A NUL in the Location would cut the URL where the server likes: curl
    # refuses the answer, or the checker the URL (older curl passes it on).
    stop_server($ad);
    $ad = hostile_http(tls => $verified, answer => sub {
        http_answer('302 Found', '', "Location: https://evil.test\0.hostile.test/") });
    ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$ad->{port}", 'jane@hostile.test');
    like $out, qr{^    =>     no answer: Nul byte in header$|^    CRITICAL: a redirect to https://evil\.test\\x01\.hostile\.test/, which is not a usable URL \(a control character or space\): not followed$}m,
        'a NUL in the Location: refused';
    stop_server($ad);
    stop_server($evil);
}

# --- 3. the plain-http step leads to the user's own autodiscover name
{
    my $https = hostile_http(tls => $verified, answer => sub { $unauthorized });
    my $http = hostile_http(answer => sub {
        http_answer('302 Found', '', 'Location: https://autodiscover.hostile.test:8443/autodiscover/autodiscover.xml') });
    my ($rc, $out) = check('--password', $pw, '--connect-to', "autodiscover.hostile.test:80:127.0.0.1:$http->{port}",
                           '--connect-to', "autodiscover.hostile.test:8443:127.0.0.1:$https->{port}", 'jane@hostile.test');
    is $rc, 2, 'after the plain-http step: critical';
    like $out, qr{\[4\] redirected: https://autodiscover\.hostile\.test:8443/autodiscover/autodiscover\.xml\n(?:    .*\n)*?    =>     HTTP 401: credentials withheld: reached through the plain-http step \(--trust-redirects sends them\)\n},
        'after the plain-http step: withheld, and why';
    no_credentials($https, 'after the plain-http step');
    unlike received($http), qr/^Authorization:/mi, 'the plain-http server got no credentials either';
    stop_server($http);
    stop_server($https);
}

# --- 4. redirect loops
{
    my $s = hostile_http(tls => $verified, answer => sub {
        pox_answer("<Action>redirectUrl</Action><RedirectUrl>$url</RedirectUrl>") });
    my ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}", 'jane@hostile.test');
    is $rc, 2, 'a redirect to itself: critical, no crash';
    like $out, qr{^    CRITICAL: redirects loop back to \Q$url\E; not followed$}m, 'a redirect to itself: the loop named';
    stop_server($s);

    # A new URL each time, and redirectAddr rounds on top: far more hops than steps[8] held.
    $s = hostile_http(tls => $verified, answer => sub {
        my ($req, $n) = @_;
        return pox_answer('<Action>redirectAddr</Action><RedirectAddr>jane' . ($n + 1) . '@hostile.test</RedirectAddr>')
            if $n % 12 == 11;
        pox_answer("<Action>redirectUrl</Action><RedirectUrl>$url?n=$n</RedirectUrl>") });
    ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}",
                        '--connect-to', "hostile.test:443:127.0.0.1:$s->{port}", 'jane@hostile.test');
    is $rc, 2, 'an endless chain of redirects: critical, no crash';
    like $out, qr{^    CRITICAL: more than 10 redirects, the last to \Q$url\E\?n=\d+; not followed$}m,
        'an endless chain: stopped after 10 redirects';
    my $steps = () = $out =~ /^\[\d+\] /mg;
    cmp_ok $steps, '>', 8, "an endless chain: $steps steps reported";

    # redirectAddr back to the address asked.
    stop_server($s);
    $s = hostile_http(tls => $verified, answer => sub {
        pox_answer('<Action>redirectAddr</Action><RedirectAddr>jane@hostile.test</RedirectAddr>') });
    ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}", 'jane@hostile.test');
    is $rc, 2, 'redirectAddr to the address asked: critical';
    like $out, qr{^    CRITICAL: redirectAddr loops back to jane\@hostile\.test; not followed$}m, 'redirectAddr loop: named';
    stop_server($s);
}

# --- many warnings, then a failure: every problem counts for the exit code
{
    # A certificate that expires in 10 days makes each step a WARNING;
    # 10 redirects then a redirectAddr per round, three rounds: 33 of them
    # before the CRITICAL ones.
    my $s = hostile_http(tls => ["$certs/soon.crt", "$certs/soon.key"], answer => sub {
        my ($req, $n) = @_;
        return pox_answer("<Action>redirectAddr</Action><RedirectAddr>jane$n\@soon.test</RedirectAddr>")
            if $n % 11 == 10;
        pox_answer("<Action>redirectUrl</Action><RedirectUrl>https://autodiscover.soon.test/autodiscover/autodiscover.xml?n=$n</RedirectUrl>") });
    my ($rc, $out) = check('--connect-to', "autodiscover.soon.test:443:127.0.0.1:$s->{port}", 'jane@soon.test');
    my $warnings = () = $out =~ /^    WARNING: /mg;
    cmp_ok $warnings, '>', 32, "many warnings: $warnings reported";
    is $rc, 2, 'many warnings, then no settings: still critical';
    like $out, qr{^    CRITICAL: no step of the discovery gave settings for jane21\@soon\.test$}m,
        'many warnings: the last problem is still reported';
    stop_server($s);
}

# --- 5. redirectAddr answers that are not addresses
for my $case (['nobody.hostile.test', 'not one @', 'nobody\.hostile\.test'],
              ['a<b>@hostile.test', 'a character an address cannot have', 'a<b>\@hostile\.test'],
              ['a@b@hostile.test', 'not one @', 'a\@b\@hostile\.test'],
              ['jane@' . ('x' x 300) . '.test', 'too long', 'jane\@x+\.test']) {
    my ($addr, $why, $re) = @$case;
    (my $xml = $addr) =~ s/</&lt;/g;
    my $s = hostile_http(tls => $verified, answer => sub {
        pox_answer("<Action>redirectAddr</Action><RedirectAddr>$xml</RedirectAddr>") });
    my ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}", 'jane@hostile.test');
    is $rc, 2, "redirectAddr $why: critical, no crash";
    like $out, qr{^    CRITICAL: a redirectAddr to $re, which is not an address \($why\): not followed$}m,
        "redirectAddr $why: refused, and why";
    my @asked = received($s) =~ /<EMailAddress>([^\n]*?)<\/EMailAddress>/g;
    is_deeply [sort { $a cmp $b } @asked], ['jane@hostile.test'],
        "redirectAddr $why: never put into a request";
    stop_server($s);
}

# --- 6. huge and malformed XML
for my $case (['a 2 MiB answer', '<Autodiscover>' . ('<x>' . ('y' x 1000) . '</x>') x 2100 . '</Autodiscover>',
               'no answer: the answer is longer than 1048576 bytes; not read'],
              ['malformed XML', '<Autodiscover><Response><Account>', 'not XML'],
              ['billion laughs', '<?xml version="1.0"?><!DOCTYPE Autodiscover [<!ENTITY a "aaaaaaaaaa">'
                   . join('', map { my $p = chr(96 + $_); my $c = chr(97 + $_); "<!ENTITY $c \"" . "&$p;" x 10 . '">' } 1 .. 7)
                   . ']><Autodiscover><Response><Error><ErrorCode>1</ErrorCode><Message>&h;</Message></Error></Response></Autodiscover>',
               'an answer with a document type declaration: not read'],
              ['a wrong root', '<html><body>hello</body></html>', 'not an Autodiscover answer']) {
    my ($name, $body, $line) = @$case;
    my $s = hostile_http(tls => $verified, answer => sub { http_answer('200 OK', $body, 'Content-Type: text/xml') });
    my $t0 = Time::HiRes::time();
    my ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}", 'jane@hostile.test');
    my $took = Time::HiRes::time() - $t0;
    is $rc, 2, "$name: critical";
    like $out, qr{\[2\] autodiscover domain: \Q$url\E\n(?:    .*\n)*?    =>     \Q$line\E\n}, "$name: $line";
    # A whole run takes well under a second; the bound protects against a
    # read or a parse that does not end (a hang), not a speed.
    cmp_ok $took, '<', 10, sprintf '%s: read in bounded time (%.1f s)', $name, $took;
    stop_server($s);
}

# --- a broken declared encoding: libxml2 would say so on stderr
{
    my $body = qq{<?xml version="1.0" encoding="utf-7"?>\n<Autodiscover><Response xmlns="http://e\xffxchange/"/>};
    my $s = hostile_http(tls => $verified, answer => sub { http_answer('200 OK', $body, 'Content-Type: text/xml') });
    my $err = "$vars->{t_logs}/hostile-stderr";
    my $out = `$bin --cacert $ca --dns 127.0.0.1:$nx->{port} --connect-to autodiscover.hostile.test:443:127.0.0.1:$s->{port} jane\@hostile.test 2>$err`;
    is $? >> 8, 2, 'a broken encoding: critical';
    like $out, qr{\[2\] autodiscover domain: \Q$url\E\n(?:    .*\n)*?    =>     not XML\n}, 'a broken encoding: not XML';
    ok !-s $err, 'a broken encoding: nothing written to stderr';
    stop_server($s);
}

# --- 7. terminal escape sequences and line breaks from servers
{
    my $esc = "https://autodiscover.hostile.test/\e[2J\e]0;owned\a";
    my $s = hostile_http(tls => $verified, answer => sub {
        http_answer('302 Found', '', "Location: $esc") });
    my $err = hostile_http(tls => $verified, answer => sub {
        pox_answer('</Account><Error><ErrorCode>500</ErrorCode><Message>x&#10;AUTODISCOVER OK - jane@hostile.test&#13;</Message></Error><Account>') });
    my ($rc, $out) = check('--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}",
                           '--connect-to', "hostile.test:443:127.0.0.1:$err->{port}", 'jane@hostile.test');
    is $rc, 2, 'escape sequences: critical';
    ok $out !~ /[\x00-\x09\x0b-\x1f\x7f]/, 'escape sequences: no control character reaches the terminal';
    like $out, qr{^    HTTP:  302, Location https://autodiscover\.hostile\.test/\\x1b\[2J\\x1b\]0;owned\\x07$}m,
        'escape sequences: the Location header shown escaped';
    like $out, qr{^    CRITICAL: a redirect to https://autodiscover\.hostile\.test/\\x1b\[2J\\x1b\]0;owned\\x07, which is not a usable URL \(a control character or space\): not followed$}m,
        'escape sequences: the URL refused';
    like $out, qr{^    =>     error 500: x\\x0aAUTODISCOVER OK - jane\@hostile\.test\\x0d$}m,
        'a line break in an answer: shown escaped, on one line';
    is scalar(() = $out =~ /^AUTODISCOVER /mg), 1, 'a line break in an answer: no second verdict line';

    ($rc, $out) = check('--json', '--connect-to', "autodiscover.hostile.test:443:127.0.0.1:$s->{port}",
                        '--connect-to', "hostile.test:443:127.0.0.1:$err->{port}", 'jane@hostile.test');
    ok $out !~ /[\x00-\x09\x0b-\x1f\x7f]/, 'json: no control character in the output';
    my $j = json_of($out);
    is $j->{exit}, 2, 'json: it parses, exit 2';
    is $j->{steps}[1]{result}, "HTTP 302 to $esc", 'json: the Location in the result, JSON-escaped and intact';
    stop_server($s);
    stop_server($err);
}

# --- 8. DNS answers
{
    # The header claims three records, one is there.
    my $dns = hostile_dns(udp => sub { dns_answer($_[0], count => 3, rr => [srv_rr('autodiscover.hostile.test', 443)]) });
    my ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", 'jane@hostile.test');
    is $rc, 2, 'a truncated DNS answer: critical';
    like $out, qr{\[4\] SRV record: _autodiscover\._tcp\.hostile\.test\n    =>     a malformed DNS answer\n},
        'a truncated DNS answer: said';
    stop_server($dns);

    # Truncated over UDP, then 5 KB over TCP with the SRV record last: more than 4096 bytes.
    $dns = hostile_dns(udp => sub { dns_answer($_[0], tc => 1) },
                       tcp => sub { dns_answer($_[0], rr => [(map { a_rr($_) } 1 .. 320), srv_rr('far.hostile.test', 443)]) });
    # The target is kept on loopback, on a port nothing listens on.
    ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", '--connect-to', 'far.hostile.test:443:127.0.0.1:1',
                        'jane@hostile.test');
    is $rc, 2, 'a 5 KB DNS answer: critical (its target does not answer)';
    like $out, qr{\[4\] SRV record: _autodiscover\._tcp\.hostile\.test\n    DNS:   far\.hostile\.test port 443 \(priority 0, weight 0\)\n    =>     points to far\.hostile\.test\n},
        'a 5 KB DNS answer: read whole, its last record found';
    stop_server($dns);

    # A target name with a control character and a label dot.
    $dns = hostile_dns(udp => sub { dns_answer($_[0], rr => [srv_rr("ev\e[2Jil.hostile.test", 443)]) });
    ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", 'jane@hostile.test');
    is $rc, 2, 'an SRV target that is not a host name: critical';
    like $out, qr{\[4\] SRV record: _autodiscover\._tcp\.hostile\.test\n    =>     1 SRV record, none usable on port 443\n}, 'an SRV target that is not a host name: not used';
    ok $out !~ /\e/, 'an SRV target that is not a host name: no escape reaches the terminal';
    stop_server($dns);
}

# --- 10. PACC: what the document's server and the TXT records say
{
    my $doc = '/.well-known/user-agent-configuration.json';
    # A document over a certificate without its name; TXT records with an
    # escape sequence in the digest, another algorithm, one of another kind.
    my $s = hostile_http(tls => $verified, answer => sub { http_answer('200 OK', '{"protocols":{}}', 'Content-Type: application/json') });
    my $dns = hostile_dns(udp => sub {
        dns_answer($_[0], rr => [txt_rr(strings => ["v=UAAC1; a=sha256; d=\e]2;evil\a\e[2J"]),
                                 txt_rr(strings => ['v=UAAC1; a=md5; d=AAAA']),
                                 txt_rr(strings => ['v=spf1 -all'])]) });
    my ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", '--connect-to', "ua-auto-config.hostile.test:443:127.0.0.1:$s->{port}",
                           'jane@hostile.test');
    like $out, qr{^    WARNING: PACC: https://ua-auto-config\.hostile\.test\Q$doc\E: the certificate is refused \([^)]*\): clients do not read the document$}m,
        'PACC: a certificate without the name: refused, said';
    like $out, qr{^    WARNING: PACC: the document's SHA-256 is [A-Za-z0-9+/]{43}=, but _ua-auto-config\.hostile\.test says "v=UAAC1; a=sha256; d=\\x1b\]2;evil\\x07\\x1b\[2J": clients refuse}m,
        'PACC: a digest with escape sequences: shown escaped, named as not matching';
    ok $out !~ /[\e\a]/, 'PACC: no escape sequence of the TXT record reaches the terminal';
    ($rc, $out) = check('--json', '--dns', "127.0.0.1:$dns->{port}", '--connect-to', "ua-auto-config.hostile.test:443:127.0.0.1:$s->{port}",
                        'jane@hostile.test');
    my $j = json_of($out);
    like $j->{pacc} // '', qr/, not as the TXT record says$/, 'PACC: json: the result';
    ok $out !~ /[\e\a]/, 'PACC: json: no raw escape either';
    stop_server($dns);

    # A string running past its record: a malformed answer, no record read.
    $dns = hostile_dns(udp => sub { dns_answer($_[0], rr => [txt_rr(raw => "\x30v=UAAC1; a=sha256; d=")]) });
    ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", '--connect-to', "ua-auto-config.hostile.test:443:127.0.0.1:$s->{port}",
                        'jane@hostile.test');
    like $out, qr{^    WARNING: PACC: _ua-auto-config\.hostile\.test: a malformed DNS answer$}m,
        'PACC: a TXT string running past its record: malformed';
    like $out, qr{^PACC: \S+: \d+ bytes, SHA-256 \S+, no TXT record$}m, 'PACC: ... and nothing taken from it';
    stop_server($dns);

    # A record of 40 strings, 10 KB: cut at 1024 bytes, its digest too long.
    $dns = hostile_dns(udp => sub { dns_answer($_[0], rr => [txt_rr(strings => ['v=UAAC1; a=sha256; d=', ('A' x 250) x 40])]) },
                       tcp => sub { dns_answer($_[0], rr => [txt_rr(strings => ['v=UAAC1; a=sha256; d=', ('A' x 250) x 40])]) });
    ($rc, $out) = check('--dns', "127.0.0.1:$dns->{port}", '--connect-to', "ua-auto-config.hostile.test:443:127.0.0.1:$s->{port}",
                        'jane@hostile.test');
    like $out, qr{^    WARNING: PACC: the document's SHA-256 is \S+, but _ua-auto-config\.hostile\.test says "v=UAAC1; a=sha256; d=A{100,300}": a d= value too long for a SHA-256 digest: clients refuse}m,
        'PACC: a 10 KB TXT record: cut, its digest refused, the message bounded';
    cmp_ok length($out), '<', 8000, 'PACC: the report stays short';
    stop_server($dns);
    stop_server($s);
}

# --- 9. the layout 3 with a password: the option is how it is checked
{
    my ($l3h, $l3s) = map { port($_) } qw(AD_L3_HTTP_PORT AD_L3_HTTPS_PORT);
    my @map = ('--connect-to', "autodiscover.example.test:80:127.0.0.1:$l3h", '--resolve', "mail.example.test:$l3s:127.0.0.1");
    my ($rc, $out) = check('--password', $pw, '--trust-redirects', @map, 'jane@example.test');
    is $rc, 0, 'layout 3 with --password --trust-redirects: exit 0';
    like $out, qr{\[4\] redirected: https://mail\.example\.test:$l3s/autodiscover/autodiscover\.xml\n(?:.*\n)*?    =>     settings: 1 mail server}, 'layout 3 with the option: settings';
}

stop_server($nx);

done_testing;
