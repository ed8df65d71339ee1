# mod_md end to end: an ACME server of its own (Debian's pebble, on ports of
# its own, with a listener certificate made here, every challenge taken as
# valid) and an httpd of its own with mod_md, mod_ssl and mod_watchdog and
# layout 1's names in one MDomain. The first start serves mod_md's fallback
# certificate and the start-up check says there is none yet; once mod_md
# has obtained the certificate (md-status) and the server has restarted
# gracefully, every name gets pebble's certificate, verified against
# pebble's root, and answers autodiscover, and the check reports the
# certificate with its names, the days left and the renewal, on the
# restart and under "apache2 -t".
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use IO::Socket::SSL ();
use JSON::PP ();
use POSIX ();
use lib 't/lib';
use AD::Test qw(:DEFAULT slurp spew free_port);

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $md_so = '/usr/lib/apache2/modules/mod_md.so';
plan skip_all => 'heavy test (HEAVY=0)' unless heavy();
plan skip_all => 'pebble is missing: sh scripts/install-deps' unless -x '/usr/bin/pebble';
plan skip_all => "$md_so is missing" unless -e $md_so;

my @names = qw(mail.example.test autodiscover.example.test autoconfig.example.test
               ua-auto-config.example.test);

sub openssl { system('openssl', @_) == 0 or die "openssl @_: $?" }

my $dir = scratch_dir('md_pebble', fresh => 1);

# Pebble ships no certificate for its listener: a CA and a certificate for
# 127.0.0.1, made here. mod_md trusts that CA (MDCACertificateFile).
openssl(qw(req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2),
        '-keyout', "$dir/listener-ca.key", '-out', "$dir/listener-ca.crt",
        '-subj', '/CN=pebble listener test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign');
openssl(qw(req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes),
        '-keyout', "$dir/listener.key", '-out', "$dir/listener.csr", '-subj', '/CN=127.0.0.1');
spew("$dir/listener.ext", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
openssl(qw(x509 -req -days 2), '-in', "$dir/listener.csr", '-CA', "$dir/listener-ca.crt",
        '-CAkey', "$dir/listener-ca.key", '-CAcreateserial', '-extfile', "$dir/listener.ext",
        '-out', "$dir/listener.crt");

my ($acme, $mgmt, $https, $http) = map { free_port() } 1 .. 4;
spew("$dir/pebble.json", JSON::PP->new->pretty->encode({ pebble => {
    listenAddress => "127.0.0.1:$acme", managementListenAddress => "127.0.0.1:$mgmt",
    certificate => "$dir/listener.crt", privateKey => "$dir/listener.key",
    httpPort => $http, tlsPort => $https, ocspResponderURL => '',
    externalAccountBindingRequired => JSON::PP::false } }));

# Pebble: every challenge valid at once (no real DNS for .test names), no
# nonce refused at random, so that the run does not depend on retries.
my $pebble = fork // die "fork: $!";
if (!$pebble) {
    @ENV{qw(PEBBLE_VA_ALWAYS_VALID PEBBLE_VA_NOSLEEP PEBBLE_WFE_NONCEREJECT)} = (1, 1, 0);
    open STDOUT, '>', "$dir/pebble.log" or POSIX::_exit(1);
    open STDERR, '>&', \*STDOUT or POSIX::_exit(1);
    exec '/usr/bin/pebble', '-config', "$dir/pebble.json" or POSIX::_exit(1);
}
my $httpd = "$vars->{httpd} -f $dir/httpd.conf";
END {
    local $?;               # the exit status stays the tests'
    if ($httpd && -e "$dir/httpd.pid") {
        system("$httpd -k stop >/dev/null 2>&1");
        poll(sub { !-e "$dir/httpd.pid" }, 30);
    }
    if ($pebble) {
        kill 'TERM', $pebble;
        waitpid $pebble, 0;
    }
}

# GET over TLS verified against $ca; the body, or undef.
sub tls_get {
    my ($port, $path, $ca) = @_;
    my $s = IO::Socket::SSL->new(PeerAddr => '127.0.0.1', PeerPort => $port, SSL_ca_file => $ca,
                                 SSL_verifycn_name => '127.0.0.1', SSL_verifycn_scheme => 'http',
                                 Timeout => 5) or return undef;
    print $s "GET $path HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    local $/;
    my $r = <$s>;
    return $r =~ /\A\S+ 200 .*?\r\n\r\n(.*)\z/s ? $1 : undef;
}
ok poll(sub { defined tls_get($acme, '/dir', "$dir/listener-ca.crt") }, 30),
    'pebble answers its ACME directory over TLS'
    or BAIL_OUT('pebble did not start: ' . slurp("$dir/pebble.log"));

spew("$dir/httpd.conf", join "\n",
    qq{ServerRoot "$dir"}, qq{DefaultRuntimeDir "$dir"}, qq{PidFile "$dir/httpd.pid"},
    qq{ErrorLog "$dir/error_log"}, 'LogLevel warn md:info', 'ServerName localhost',
    qq{Include "$top/build/inherit.conf"}, "LoadModule md_module $md_so",
    qq{LoadModule autodiscover_module "$top/.libs/mod_autodiscover.so"},
    "Listen 127.0.0.1:$https", "Listen 127.0.0.1:$http",
    "MDCertificateAuthority https://127.0.0.1:$acme/dir",
    "MDCACertificateFile $dir/listener-ca.crt",
    'MDCertificateAgreement accepted', 'MDContactEmail hostmaster@example.test',
    # The CA's http: and https: ports are these high ones here.
    "MDPortMap http:$http https:$https",
    "MDomain @names",
    "<VirtualHost *:$https>",
    '    ServerName mail.example.test',
    "    ServerAlias @names[1 .. $#names]",
    '    SSLEngine on',
    '    Autodiscover On',
    '    AutodiscoverServer IMAP mail.example.test tls=implicit',
    '    AutodiscoverServer SMTP mail.example.test tls=implicit',
    '</VirtualHost>',
    "<VirtualHost *:$http>",
    '    ServerName localhost',
    '    <Location /md-status>',
    '        SetHandler md-status',
    '    </Location>',
    '</VirtualHost>', '');

my $log = "$dir/error_log";
my $out = `$httpd -k start 2>&1`;
is $?, 0, 'httpd with mod_md starts' or diag $out;
# The waits below end as soon as what they wait for is there (a second or
# a few); their bounds catch what never comes, not a speed.
my $first = poll(sub { -e $log && (grep { /AH77201:/ } split /\n/, slurp($log))[0] }, 30) // '';
like $first, qr/\[autodiscover:warn\] .*AH77201: virtual host mail\.example\.test \(\S+\/httpd\.conf:\d+\): no certificate yet for MDomain mail\.example\.test: mod_md will obtain it; until then, and until a graceful restart after it has, clients get mod_md's fallback certificate and refuse it$/,
    'first start: no certificate yet, and what clients get meanwhile';

# mod_md obtains the certificate in the background; md-status says when.
my $status;
my $done = poll(sub {
    my $r = eval { http_exchange(port => $http, host => 'localhost', method => 'GET',
                                 path => '/md-status') };
    $status = $r && $r->code == 200 ? eval { JSON::PP::decode_json($r->content) } : undef;
    my ($md) = grep { $_->{name} eq 'mail.example.test' } @{ $status->{'managed-domains'} // [] };
    return $md && $md->{renewal} && $md->{renewal}{finished};
}, 60);
ok $done, 'mod_md has obtained the certificate (md-status: renewal finished)'
    or diag explain($status), slurp($log), slurp("$dir/pebble.log");

my $root = tls_get($mgmt, '/roots/0', "$dir/listener-ca.crt");
ok $root && $root =~ /BEGIN CERTIFICATE/, "pebble's root, from its management API";
spew("$dir/pebble-root.pem", $root // '');
# Until the restart, the fallback certificate: no CA vouches for it.
eval { https_exchange(port => $https, sni => $names[1], ca => "$dir/pebble-root.pem",
                      body => pox_request('jane@example.test')) };
like $@, qr/certificate verify failed|verification failed/i,
    "before the restart: mod_md's fallback certificate, which pebble's root does not verify";

my $restart_at = -s $log;
system("$httpd -k graceful >/dev/null 2>&1");
my $line = poll(sub {
    open my $fh, '<', $log or return;
    seek $fh, $restart_at, 0;
    local $/;
    my $since = <$fh>;
    return (grep { /AH77200:/ } split /\n/, $since)[0];
}, 20) // '';
my $covers = join(', ', @names[0 .. $#names - 1]) . " and $names[-1]";
like $line, qr/\[autodiscover:notice\] .*AH77200: virtual host mail\.example\.test \(\S+\/httpd\.conf:\d+\): its certificate \Q$dir\E\/md\/domains\/mail\.example\.test\/pubcert\.pem is managed by mod_md \(MDomain mail\.example\.test\), covers \Q$covers\E, \d+ days left; renewal due in \d+ days \(MDRenewWindow 33%\)$/,
    'graceful restart: the check reports the certificate, its names, days left, the renewal';
my ($left, $due) = $line =~ /, (\d+) days left; renewal due in (\d+) days/;
ok $left && $due && $due < $left && $due > $left / 2,
    "renewal due before expiry, after a third of the lifetime ($due of $left days)";

# Every name: pebble's certificate, verified against pebble's root (the
# restarted children take a moment to serve it).
my $body = pox_request('jane@example.test');
my $pebble_tls = sub { eval { [ https_exchange(port => $https, sni => shift,
                                               ca => "$dir/pebble-root.pem", body => $body) ] } };
poll(sub { $pebble_tls->($names[0]) }, 30);
for my $name (@names) {
    my ($r, $cert) = @{ $pebble_tls->($name) // [] };
    ok $cert, "$name: TLS verified against pebble's root" or diag $@;
    like $cert ? $cert->{issuer} : '', qr/Pebble Intermediate CA/, "$name: issued by pebble";
    is_deeply [sort @{ $cert ? $cert->{san} : [] }], [sort @names], "$name: the MDomain's names";
    is $r ? $r->code : 0, 200, "$name: answers autodiscover";
}

# apache2 -t says the same.
$out = `$httpd -t 2>&1`;
is $? >> 8, 0, 'apache2 -t passes';
like $out, qr/AH77200: virtual host mail\.example\.test \(\S+\): its certificate \S+\/md\/domains\/mail\.example\.test\/pubcert\.pem is managed by mod_md \(MDomain mail\.example\.test\), covers \Q$covers\E, \d+ days left; renewal due in \d+ days/m,
    'apache2 -t: the same report, from the store';
unlike $out, qr/AH77201/, 'apache2 -t: no "no certificate yet" any more';

done_testing;
