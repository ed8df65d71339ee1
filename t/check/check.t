# autodiscover-check against the suite's own server: each of the three
# layouts passes (exit 0); deliberate faults are reported with the right
# message and exit code: a certificate without the autodiscover name, an
# expired one, one about to expire, a redirect to http, an SRV record whose
# target does not answer, and a deployment only the SRV record finds; PACC's
# document against its TXT record: the same digest, another, none, and a
# record without a document. SRV and TXT records come from a dnsmasq this
# test starts; host names are mapped with --connect-to and --resolve, as
# curl does.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use IO::Socket::INET ();
use JSON::PP ();
use lib 't/lib';
use AD::Test;
use AD::XPath;

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $bin = "$top/build/autodiscover-check";
my $ca = certs_dir() . '/ca.crt';
my ($l1, $l2, $l3h, $l3s, $http) = map { port($_) } qw(AD_L1_PORT AD_L2_PORT AD_L3_HTTP_PORT AD_L3_HTTPS_PORT AD_HTTP_PORT);

sub check {
    my @args = @_;
    my $cmd = join ' ', $bin, '--cacert', $ca, '--timeout', 5, map { "'$_'" } @args;
    my $out = `$cmd 2>&1`;
    return ($? >> 8, $out);
}

# --- the three layouts
my ($rc, $out) = check('--connect-to', "autodiscover.example.test:443:127.0.0.1:$l1", 'jane@example.test');
is $rc, 0, 'layout 1: exit 0';
like $out, qr/^AUTODISCOVER OK - jane\@example\.test$/m, 'layout 1: OK';
like $out, qr{\[2\] autodiscover domain: https://autodiscover\.example\.test/autodiscover/autodiscover\.xml\n    DNS:   127\.0\.0\.1:$l1 \(mapped\)\n    TLS:   verified; certificate for mail\.example\.test autodiscover\.example\.test, 8\d\d days left\n    HTTP:  200\n    =>     settings: 2 mail servers},
    'layout 1: the step, its DNS, TLS and HTTP, like Outlook\'s test dialog';
like $out, qr/^    IMAP  mail\.example\.test:993 implicit, login jane\@example\.test$/m, 'layout 1: the IMAP settings';
like $out, qr/^    SMTP  mail\.example\.test:587 starttls, login jane\@example\.test$/m, 'layout 1: the SMTP settings';
like $out, qr{^Autodiscover v2: https://autodiscover\.example\.test/autodiscover/autodiscover\.json/v1\.0/jane\@example\.test\?Protocol=AutodiscoverV1: HTTP 200 with a Url$}m,
    'layout 1: v2 answers';
like $out, qr{^PACC: https://ua-auto-config\.example\.test/\.well-known/user-agent-configuration\.json: no document \(ua-auto-config\.example\.test has no address\)$}m,
    'layout 1: no PACC document, which is no problem';

($rc, $out) = check('--connect-to', "autodiscover.example.test:443:127.0.0.2:$l2", 'jane@example.test');
is $rc, 0, 'layout 2: exit 0';
like $out, qr/TLS:   verified; certificate for autodiscover\.example\.test, 8\d\d days left/, 'layout 2: its own certificate';

($rc, $out) = check('--connect-to', "autodiscover.example.test:80:127.0.0.1:$l3h",
                    '--resolve', "mail.example.test:$l3s:127.0.0.1", 'jane@example.test');
is $rc, 0, 'layout 3: exit 0';
like $out, qr{\[3\] http redirect: http://autodiscover\.example\.test/autodiscover/autodiscover\.xml\n    DNS:   127\.0\.0\.1:$l3h \(mapped\)\n    HTTP:  302, Location https://mail\.example\.test:$l3s/autodiscover/autodiscover\.xml\n    =>     302 to https://mail\.example\.test:$l3s/autodiscover/autodiscover\.xml},
    'layout 3: the http redirect step';
like $out, qr{\[4\] redirected: https://mail\.example\.test:$l3s/autodiscover/autodiscover\.xml\n(?:.*\n)*?    =>     settings: 1 mail server}, 'layout 3: settings from the https server';
unlike $out, qr/^Problems:/m, 'layout 3: no problem';

# --- JSON
($rc, $out) = check('--json', '--connect-to', "autodiscover.example.test:443:127.0.0.1:$l1", 'jane@example.test');
my $j = json_of($out);
is $j->{status}, 'OK', 'json: status';
is $j->{exit}, 0, 'json: exit';
is $j->{steps}[1]{tls}{verified}, JSON::PP::true, 'json: the TLS verdict of step 2';
like $j->{pacc} // '', qr/: no document \(/, 'json: the PACC result';
is $j->{steps}[1]{tls}{names}, 'mail.example.test autodiscover.example.test', 'json: the certificate names';
is_deeply [map { "$_->{type} $_->{host}:$_->{port} $_->{tls}" } @{ $j->{servers} // [] }],
    ['IMAP mail.example.test:993 implicit', 'SMTP mail.example.test:587 starttls'], 'json: the servers';

# --- faults
($rc, $out) = check('--connect-to', "autodiscover.fault.test:443:127.0.0.1:$l1", 'jane@fault.test');
is $rc, 2, 'no autodiscover name in the certificate: critical';
like $out, qr{^    CRITICAL: https://autodiscover\.fault\.test/autodiscover/autodiscover\.xml: the certificate is refused \([^)]*autodiscover\.fault\.test[^)]*\); it names mail\.example\.test: Outlook shows a certificate warning$}m,
    'no autodiscover name: the message says which name and which certificate';

($rc, $out) = check('--connect-to', "autodiscover.expired.test:443:127.0.0.1:$l1", 'jane@expired.test');
is $rc, 2, 'expired certificate: critical';
like $out, qr{^    CRITICAL: https://autodiscover\.expired\.test/autodiscover/autodiscover\.xml: the certificate is refused \([^)]*expired[^)]*\)}m,
    'expired certificate: refused, saying it expired';
like $out, qr{^    CRITICAL: https://autodiscover\.expired\.test/autodiscover/autodiscover\.xml: the certificate of autodiscover\.expired\.test has expired$}m,
    'expired certificate: named as expired';

($rc, $out) = check('--connect-to', "autodiscover.soon.test:443:127.0.0.1:$l1", 'jane@soon.test');
is $rc, 1, 'certificate expiring in 10 days: warning';
like $out, qr{^    WARNING: https://autodiscover\.soon\.test/autodiscover/autodiscover\.xml: the certificate of autodiscover\.soon\.test expires in (?:9|10) days$}m,
    'expiring certificate: the days left';
like $out, qr/^AUTODISCOVER WARNING - jane\@soon\.test$/m, 'expiring certificate: WARNING';

($rc, $out) = check('--connect-to', "autodiscover.plain.test:80:127.0.0.1:$http", 'jane@plain.test');
is $rc, 2, 'redirect to http: critical';
like $out, qr{^    CRITICAL: a redirect leads to http://mail\.plain\.test/autodiscover/autodiscover\.xml, which is not https: clients refuse it$}m,
    'redirect to http: the message';

# --- SRV and TXT, from a dnsmasq of our own
# PACC's TXT records as the module prints them (t/pacc/pacc.t: they are the
# digests of the bytes it serves): pacc.test gets its own, in two strings
# joined by the client; mismatch.test gets pacc.test's; notxt.test only a
# record of another kind; example.test a record and no document.
my $zone = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
my %txt = $zone =~ /^_ua-auto-config\.(pacc|mismatch)\.test\. 3600 IN TXT "(v=UAAC1; a=sha256; d=\S+)"$/mg;
my %digest = map { my ($d) = $txt{$_} =~ /d=(\S+)$/; ($_ => $d) } keys %txt;
ok $digest{pacc} && $digest{mismatch} && $digest{pacc} ne $digest{mismatch},
    'PACC: the module prints a digest each for pacc.test and mismatch.test';
SKIP: {
    my $dnsmasq = -x '/usr/sbin/dnsmasq' ? '/usr/sbin/dnsmasq' : undef;
    skip 'dnsmasq is missing (sh scripts/install-deps)', 21 unless $dnsmasq;
    my $port = IO::Socket::INET->new(Proto => 'udp', LocalAddr => '127.0.0.1:0')->sockport;
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        delete @ENV{qw(LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS)};
        open STDOUT, '>', '/dev/null';
        open STDERR, '>', '/dev/null';
        exec $dnsmasq, '-k', '-p', $port, '--listen-address=127.0.0.1', '--bind-interfaces',
            '--no-resolv', '--no-hosts', '--pid-file=',
            '--srv-host=_autodiscover._tcp.srv.test,nowhere.srv.test,443',
            '--srv-host=_autodiscover._tcp.srvonly.test,autodiscover.example.test,443',
            '--srv-host=_autodiscover._tcp.port.test,autodiscover.example.test,8443',
            "--txt-record=_ua-auto-config.pacc.test,v=UAAC1; a=sha256;,d=$digest{pacc}",
            "--txt-record=_ua-auto-config.mismatch.test,$txt{pacc}",
            '--txt-record=_ua-auto-config.notxt.test,site-verification=abc',
            "--txt-record=_ua-auto-config.example.test,$txt{pacc}";
        exit 127;
    }
    sleep 1;
    ($rc, $out) = check('--dns', "127.0.0.1:$port", 'jane@srv.test');
    is $rc, 2, 'SRV to a target that does not answer: critical';
    like $out, qr{\[4\] SRV record: _autodiscover\._tcp\.srv\.test\n    DNS:   nowhere\.srv\.test port 443 \(priority 0, weight 0\)\n    =>     points to nowhere\.srv\.test},
        'SRV: the record';
    like $out, qr{^    CRITICAL: _autodiscover\._tcp\.srv\.test points to nowhere\.srv\.test, which does not answer: skipped: nowhere\.srv\.test has no address$}m,
        'SRV: the wrong target named';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", '--connect-to', "autodiscover.example.test:443:127.0.0.1:$l1",
                        'jane@srvonly.test');
    is $rc, 1, 'only the SRV record finds the server: warning';
    like $out, qr{\[5\] SRV target: https://autodiscover\.example\.test/autodiscover/autodiscover\.xml\n(?:.*\n)*?    =>     settings: 2 mail servers},
        'SRV only: the settings found through it';
    like $out, qr{^    WARNING: only the SRV record leads to a server: Outlook asks the user before it uses it; serve https://autodiscover\.srvonly\.test as well$}m,
        'SRV only: the advice';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", 'jane@port.test');
    is $rc, 2, 'SRV on another port than 443: nothing found';
    like $out, qr{^    WARNING: _autodiscover\._tcp\.port\.test: no SRV record on port 443; clients use only those$}m,
        'SRV on another port: the message';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", 'jane@nosrv.test');
    like $out, qr{\[4\] SRV record: _autodiscover\._tcp\.nosrv\.test\n    =>     no SRV record}, 'no SRV record: said';

    # PACC, over TLS beside layout 1 (pacc.conf).
    my $doc = '/.well-known/user-agent-configuration.json';
    my @map = map { ('--connect-to', "$_:443:127.0.0.1:$l1") }
        map { ("autodiscover.$_", "ua-auto-config.$_") } qw(pacc.test mismatch.test notxt.test);
    ($rc, $out) = check('--dns', "127.0.0.1:$port", @map, 'jane@pacc.test');
    is $rc, 0, 'PACC: the digest the TXT record says: exit 0';
    like $out, qr{^PACC: https://ua-auto-config\.pacc\.test\Q$doc\E: \d+ bytes, SHA-256 \Q$digest{pacc}\E, as _ua-auto-config\.pacc\.test says$}m,
        'PACC: the document and its digest, as the record says (two strings joined)';
    unlike $out, qr/^Problems:/m, 'PACC: the digest matches: no problem';
    like $out, qr/^ +IMAP +imap\.pacc\.test:993 implicit/m, 'the POX answer\'s IMAP server listed';
    unlike $out, qr/CalDAV/, 'eM Client\'s CalDAV block is no mail server: not listed';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", @map, 'jane@mismatch.test');
    is $rc, 1, 'PACC: another digest: warning';
    like $out, qr{^    WARNING: PACC: the document's SHA-256 is \Q$digest{mismatch}\E, but _ua-auto-config\.mismatch\.test says "\Q$txt{pacc}\E": clients refuse the document; publish "v=UAAC1; a=sha256; d=\Q$digest{mismatch}\E" there \(apachectl -t -D AUTODISCOVER_DNS prints it\)$}m,
        'PACC: another digest: both named, and the record to publish';
    like $out, qr{^PACC: https://ua-auto-config\.mismatch\.test\Q$doc\E: \d+ bytes, SHA-256 \Q$digest{mismatch}\E, not as the TXT record says$}m,
        'PACC: another digest: the result line';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", @map, '--json', 'jane@notxt.test');
    $j = json_of($out);
    is $j->{exit}, 1, 'PACC: no TXT record (one of another kind only): warning';
    like $j->{pacc} // '', qr{^https://ua-auto-config\.notxt\.test\Q$doc\E: \d+ bytes, SHA-256 [A-Za-z0-9+/]{43}=, no TXT record$},
        'PACC: no TXT record: the result (json)';
    is scalar(grep { $_->{text} =~ /^PACC: https:\/\/ua-auto-config\.notxt\.test\S+ serves a document but _ua-auto-config\.notxt\.test has no TXT record "v=UAAC1; a=sha256; d=\.\.\.": clients refuse the document without it; publish "v=UAAC1; a=sha256; d=[A-Za-z0-9+\/]{43}="$/ && $_->{level} eq 'WARNING' } @{ $j->{problems} // [] }), 1,
        'PACC: no TXT record: the warning, with the record to publish';

    ($rc, $out) = check('--dns', "127.0.0.1:$port", '--connect-to', "autodiscover.example.test:443:127.0.0.1:$l1",
                        'jane@example.test');
    is $rc, 1, 'PACC: a TXT record without a document: warning';
    like $out, qr{^    WARNING: PACC: _ua-auto-config\.example\.test publishes "\Q$txt{pacc}\E", but https://ua-auto-config\.example\.test\Q$doc\E gives no document \(ua-auto-config\.example\.test has no address\): clients find nothing there$}m,
        'PACC: a TXT record without a document: said';
    ok kill(0, $pid), 'dnsmasq served every question and still runs';
    kill 'TERM', $pid;
    waitpid $pid, 0;
}

# --- usage
($rc, $out) = check('not-an-address');
is $rc, 3, 'bad usage: exit 3 (unknown)';

done_testing;
