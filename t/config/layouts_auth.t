# The shipped conf.d layouts with their password blocks switched on, as a
# user enables them, each in a real httpd of its own on loopback addresses:
# POX, SOAP and the Apple profile ask for the mail login in every spelling
# of their URLs (httpd's <Location> is case-sensitive, the module's URLs are
# not), Autodiscover v2 and Thunderbird's autoconfig stay open, and
# AutodiscoverOwner keeps one user from another's settings. A last round
# protects all of /autodiscover/, v2 included.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Path qw(make_path remove_tree);
use IO::Socket::INET ();
use IO::Socket::SSL ();
use Time::HiRes ();
use lib 't/lib';
use AD::Test qw(:DEFAULT slurp spew);
use AD::XPath;

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $base = "$vars->{t_logs}/layouts_auth";
my %cert = ('mail.example.com-san' => 'san', 'mail.example.com' => 'mail',
            'autodiscover.example.com' => 'autodiscover', 'chain' => 'ca');
my %users = ('jane@example.com' => 'jane-pw', 'john@example.com' => 'john-pw');
my $JANE = 'jane@example.com';
my $JOHN = 'john@example.com';

# Each layout: how its vhost addresses become loopback ones (address and
# the name of the port), the https vhosts a client reaches (the address,
# the SNI and Host name, the certificate's CN there, the POX URL that v2
# names: AutodiscoverServiceURI, else this vhost's on the port reached),
# and the plain-HTTP redirect vhost, if any, with its target.
my %layouts = (
    'layout1-san' => {
        vhosts => { '*:443' => ['127.0.0.1', 'https'], '*:80' => ['127.0.0.1', 'http'] },
        https => [
            { addr => '127.0.0.1', name => 'mail.example.com', cn => 'mail.example.test',
              pox => 'https://autodiscover.example.com/autodiscover/autodiscover.xml' },
            { addr => '127.0.0.1', name => 'autodiscover.example.com', cn => 'mail.example.test',
              pox => 'https://autodiscover.example.com/autodiscover/autodiscover.xml' },
        ],
        redirect => { addr => '127.0.0.1', name => 'autodiscover.example.com',
                      origin => 'https://autodiscover.example.com' },
        blocks => 1,
    },
    'layout2-two-ip' => {
        vhosts => { '192.0.2.10:443' => ['127.0.0.2', 'https'], '192.0.2.11:443' => ['127.0.0.3', 'https'] },
        https => [
            { addr => '127.0.0.2', name => 'mail.example.com', cn => 'mail.example.test', },
            { addr => '127.0.0.3', name => 'autodiscover.example.com', cn => 'autodiscover.example.test',
              pox => 'https://autodiscover.example.com/autodiscover/autodiscover.xml' },
        ],
        blocks => 2,
    },
    'layout3-http-redirect' => {
        vhosts => { '*:443' => ['127.0.0.1', 'https'], '*:80' => ['127.0.0.1', 'http'] },
        https => [
            { addr => '127.0.0.1', name => 'mail.example.com', cn => 'mail.example.test', },
        ],
        redirect => { addr => '127.0.0.1', name => 'autodiscover.example.com',
                      origin => 'https://mail.example.com' },
        blocks => 1,
    },
);
my @layouts = sort keys %layouts;

# What the user switches on: the password blocks (with or without the
# autodiscover.json exception) and, optionally, the owner line.
my @rounds = (
    { name => 'auth', owner => 0, v2_open => 1 },
    { name => 'auth+owner', owner => 1, v2_open => 1 },
    { name => 'all of /autodiscover/', owner => 0, v2_open => 0 },
);

# Several spellings of each URL: letter case, percent-encoding, and paths
# httpd normalizes before the module sees them.
my $Q = 'emailaddress=jane%40example.com';
my $V1 = 'Protocol=AutodiscoverV1';
my @pox = ('/autodiscover/autodiscover.xml', '/Autodiscover/Autodiscover.xml',
           '/AUTODISCOVER/AUTODISCOVER.XML', '/%41utodiscover/autodiscover.xml',
           '//AutoDiscover//AutoDiscover.xml', '/x/../Autodiscover/./autodiscover.XML');
my @soap = ('/autodiscover/autodiscover.svc', '/Autodiscover/Autodiscover.svc',
            '/AUTODISCOVER/AUTODISCOVER.SVC', '/%41utodiscover/autodiscover.svc');
my @v2 = ("/autodiscover/autodiscover.json?Email=jane%40example.com&$V1",
          "/autodiscover/autodiscover.json/v1.0/jane\@example.com?$V1",
          "/Autodiscover/Autodiscover.json/v1.0/jane\@example.com?$V1",
          "/AUTODISCOVER/AUTODISCOVER.JSON?Email=jane%40example.com&$V1",
          "/%61utodiscover/Autodiscover.json/v1.0/jane%40example.com?$V1");
my @autoconfig = ("/mail/config-v1.1.xml?$Q", "/Mail/Config-v1.1.xml?$Q",
                  "/.well-known/autoconfig/mail/config-v1.1.xml?$Q", "/V1.1/MAIL/CONFIG-V1.1.XML?$Q");
my @profile = ("/mobileconfig?$Q", "/MobileConfig?$Q", "/MOBILECONFIG?$Q", "/%6Dobileconfig?$Q",
               "/MobileConfig/?$Q");
# The plain-HTTP vhost: [method, path, path of the Location].
my @redirects = (
    ['POST', '/autodiscover/autodiscover.xml', '/autodiscover/autodiscover.xml'],
    ['POST', '/Autodiscover/Autodiscover.xml', '/autodiscover/autodiscover.xml'],
    ['GET', '/AUTODISCOVER/AUTODISCOVER.XML', '/autodiscover/autodiscover.xml'],
    ['POST', '/%41utodiscover/autodiscover.xml', '/autodiscover/autodiscover.xml'],
    ['POST', '/AutoDiscover/AutoDiscover.svc', '/autodiscover/autodiscover.svc'],
    ['GET', "/Autodiscover/Autodiscover.json/v1.0/jane\@example.com?$V1",
     "/autodiscover/autodiscover.json/v1.0/jane\@example.com?$V1"],
);

my %body = (pox => pox_request($JANE),
            soap => soap_request(users => [$JANE], settings => ['ExternalImap4Connections']));

# Every request of one round on one https vhost: [what, method, path,
# user, expected kind]. Each kind is exactly three tests.
sub cases {
    my ($round) = @_;
    my @c;
    my $auth = sub {
        my ($what, $method, $paths, $owner_kind, $other_kind) = @_;
        for my $p (@$paths) {
            push @c, [$what, $method, $p, undef, 'challenge'],
                     [$what, $method, $p, $JANE, $owner_kind],
                     [$what, $method, $p, $JOHN, $other_kind];
        }
    };
    $auth->('POX', 'POST', \@pox, 'pox', $round->{owner} ? 'pox-notowner' : 'pox');
    $auth->('SOAP', 'POST', \@soap, 'soap', $round->{owner} ? 'soap-invaliduser' : 'soap');
    # The profile first for its owner: another user's answer is compared with it.
    $auth->('profile', 'GET', \@profile, 'profile', 'profile-same');
    for my $p (@v2) {
        if ($round->{v2_open}) {
            push @c, map { ['v2', 'GET', $p, $_, 'v2'] } undef, $JANE, $JOHN;
        }
        else {
            push @c, ['v2', 'GET', $p, undef, 'challenge'], ['v2', 'GET', $p, $JANE, 'v2'];
        }
    }
    push @c, map { ['autoconfig', 'GET', $_, undef, 'autoconfig'] } @autoconfig;
    return @c;
}

# Tests: per layout and round, the blocks switched on, the owner line, the
# server started, its error log; per https vhost its certificate and the
# cases; the redirects once per layout.
my $n = 0;
for my $l (@layouts) {
    for my $round (@rounds) {
        $n += 4 + @{ $layouts{$l}{https} } * (1 + 3 * cases($round));
    }
    $n += 3 * @redirects if $layouts{$l}{redirect};
}
plan tests => $n;


# A free port on all the given loopback addresses.
sub free_port {
    my @addrs = @_;
    for (1 .. 50) {
        my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "$addrs[0]:0") or die "listen: $@";
        my $port = $s->sockport;
        my @held = map { IO::Socket::INET->new(Listen => 1, LocalAddr => "$_:$port") } @addrs[1 .. $#addrs];
        return $port unless grep { !defined } @held;
    }
    die "no free port on @addrs";
}

make_path($base);
my $certs = certs_dir();
my $users_file = "$base/mail-users";
unlink $users_file;
for my $u (sort keys %users) {
    my $out = `htpasswd -b -m @{[ -e $users_file ? '' : '-c' ]} $users_file $u $users{$u} 2>&1`;
    die "htpasswd: $out" if $?;
}
(my $load = slurp("$top/conf.d/autodiscover.load"))
    =~ s{/usr/lib/apache2/modules/mod_autodiscover\.so}{$top/.libs/mod_autodiscover.so};
spew("$base/autodiscover.load", $load);
spew("$base/autodiscover.conf", slurp("$top/conf.d/autodiscover.conf"));
# The suite's module set (build/inherit.conf has the MPM the suite runs).
my $inherit = -e "$top/build/inherit.conf" ? "$top/build/inherit.conf" : "$vars->{t_conf}/inherit.conf";

# The httpd started last, stopped at the end whatever happens.
my ($running_conf, $running_pid);
sub stop_httpd {
    return unless $running_conf;
    system($vars->{httpd}, '-f', $running_conf, '-k', 'stop');
    my $pidfile = $running_pid;
    my $deadline = Time::HiRes::time() + 30;     # a stop that hangs, not a speed
    Time::HiRes::sleep(0.1) while -e $pidfile && Time::HiRes::time() < $deadline;
    if (-e $pidfile && open my $fh, '<', $pidfile) {   # did not stop: end it
        my $pid = <$fh>;
        kill 'TERM', $1 if defined $pid && $pid =~ /^(\d+)/;
    }
    undef $running_conf;
}
END { stop_httpd() }

# The layout's file as a user enables it for a round, with test ports,
# loopback addresses and certificates; returns (text, blocks, owner lines).
sub enable {
    my ($layout, $round, $ports) = @_;
    my $conf = slurp("$top/conf.d/$layout.conf");
    my ($blocks, $owners, $in) = (0, 0, 0);
    my @out;
    for my $line (split /^/, $conf) {
        if ($line =~ m{^(\s*)#(<Location (/\S*)>\n)$}) {
            my ($indent, $rest, $where) = ($1, $2, $3);
            if ($where ne '/autodiscover/autodiscover.json' || $round->{v2_open}) {
                $line = "$indent$rest";
                $in = 1;
                $blocks++;
            }
        }
        elsif ($in && $line =~ m{^(\s*)#(.*\n)$}) {
            $line = "$1$2";
            $in = 0 if $2 eq "</Location>\n";
        }
        elsif ($round->{owner} && $line =~ s{^(\s*)#(AutodiscoverOwner %EMAILADDRESS%\n)$}{$1$2}) {
            $owners++;
        }
        push @out, $line;
    }
    $conf = join '', @out;
    $conf =~ s{<VirtualHost ([^>]+)>}{
        my $v = $layouts{$layout}{vhosts}{$1} // die "$layout: no test address for $1";
        "<VirtualHost $v->[0]:$ports->{$v->[1]}>"
    }ge;
    $conf =~ s{/etc/apache2/mail-users}{$users_file}g;
    $conf =~ s{/etc/ssl/(?:certs|private)/([\w.-]+)\.(pem|key)}
              {"$certs/" . ($cert{$1} // die "no test cert for $1") . ($2 eq 'pem' ? '.crt' : '.key')}ge;
    return ($conf, $blocks, $owners);
}

# Start httpd on the layout's file; true once every https vhost answers.
sub start_httpd {
    my ($layout, $round, $rn) = @_;
    my $L = $layouts{$layout};
    my $run = "$base/$layout-$rn";
    remove_tree($run);
    make_path($run);
    my %addrs;
    for my $v (values %{ $L->{vhosts} }) { push @{ $addrs{$v->[1]} }, $v->[0] }
    my %ports = map { $_ => free_port(@{ $addrs{$_} }) } sort keys %addrs;
    $ports{http} = free_port(@{ $addrs{http} }) while $ports{http} && $ports{http} == $ports{https};
    my ($conf, $blocks, $owners) = enable($layout, $round, \%ports);
    spew("$run/$layout.conf", $conf);
    my @listen = map { my $p = $_; map { "Listen $_:$ports{$p}" } @{ $addrs{$p} } } sort keys %addrs;
    spew("$run/httpd.conf", join "\n",
        qq{ServerRoot "$run"}, 'ServerName localhost', qq{PidFile "$run/httpd.pid"},
        qq{DefaultRuntimeDir "$run"}, qq{ErrorLog "$run/error_log"}, 'LogLevel info',
        qq{Include "$inherit"}, qq{Include "$base/autodiscover.load"}, qq{Include "$base/autodiscover.conf"},
        'StartServers 1', 'SSLSessionCache none', @listen, qq{Include "$run/$layout.conf"}, '');
    ($running_conf, $running_pid) = ("$run/httpd.conf", "$run/httpd.pid");
    my $out = `$vars->{httpd} -f $run/httpd.conf -k start 2>&1`;
    diag "$layout ($round->{name}): httpd -k start: $out" if $? || $out =~ /\S/;
    my $up = !$? && poll(sub {
        !grep { !IO::Socket::INET->new(PeerAddr => "$_->{addr}:$ports{https}", Timeout => 1) } @{ $L->{https} }
    }, 30);     # a start takes a second or two; the bound catches one that hangs
    return ($up, \%ports, $blocks, $owners, "$run/error_log");
}

# One request over TLS with SNI: the chain is verified against the test CA,
# the name is not (the test certificates name example.test); returns the
# response and the CN of the certificate the vhost presented.
sub tls_exchange {
    my ($t, %o) = @_;
    my $sock = IO::Socket::SSL->new(
        PeerAddr => $t->{addr}, PeerPort => $t->{port}, SSL_hostname => $t->{name},
        SSL_ca_file => "$certs/ca.crt", SSL_verify_mode => IO::Socket::SSL::SSL_VERIFY_PEER(),
        SSL_verifycn_scheme => 'none', Timeout => 20)
        or die "TLS to $t->{name} at $t->{addr}:$t->{port}: $IO::Socket::SSL::SSL_ERROR";
    my $cn = $sock->peer_certificate('cn');
    print $sock AD::Test::request_text(host => $t->{name}, %o);
    return (AD::Test::read_response($sock, $o{method}), $cn);
}

sub xml_value { my ($code, $r) = @_; my $v = eval { $code->($r) }; defined $v ? $v : "unparsable: $@" }
sub plist_string {
    my ($r, $key) = @_;
    return $r->content =~ m{<key>\Q$key\E</key>\s*<string>([^<]*)</string>} ? $1 : undef;
}

my $XML = 'text/xml; charset=utf-8';
my %owner_profile;    # the profile its owner got, per path, on the vhost being tested

# Three tests for one response of the given kind.
sub check {
    my ($kind, $r, $name, $t, $path) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $type = $r->header('Content-Type') // '';
    if ($kind eq 'challenge') {
        is $r->code, 401, "$name: 401";
        is $r->header('WWW-Authenticate'), 'Basic realm="Mail"', "$name: Basic challenge";
        unlike $r->content, qr/mail\.example\.com|<Protocol>|"Url"/, "$name: no settings";
    }
    elsif ($kind eq 'pox') {
        is $r->code, 200, "$name: 200";
        is $type, $XML, "$name: text/xml";
        is xml_value(sub { my $xc = answer_xpath($_[0]);
                           join ':', map { $xc->findvalue("//o:Account/o:Protocol[o:Type='IMAP']/o:$_") } qw(Server Port) }, $r),
            'mail.example.com:993', "$name: IMAP mail.example.com:993";
    }
    elsif ($kind eq 'pox-notowner') {
        is $r->code, 200, "$name: 200";
        is $type, $XML, "$name: text/xml";
        is xml_value(sub { my $xc = answer_xpath($_[0]);
                           join '|', $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode'),
                               $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:DebugData'),
                               $xc->findnodes('//o:Protocol')->size }, $r),
            '500|NotOwner|0', "$name: error 500 NotOwner, no settings";
    }
    elsif ($kind eq 'soap' || $kind eq 'soap-invaliduser') {
        my $UR = '/s:Envelope/s:Body/d:GetUserSettingsResponseMessage/d:Response/d:UserResponses/d:UserResponse';
        is $r->code, 200, "$name: 200";
        is $type, $XML, "$name: text/xml";
        is xml_value(sub { my $xc = soap_xpath($_[0]);
                           join '|', $xc->findvalue("$UR/d:ErrorCode"),
                               map { $xc->findvalue("$UR//d:UserSetting[d:Name='ExternalImap4Connections']//d:$_") }
                                   qw(Hostname Port) }, $r),
            $kind eq 'soap' ? 'NoError|mail.example.com|993' : 'InvalidUser||',
            $kind eq 'soap' ? "$name: UserSettings with IMAP mail.example.com:993" : "$name: InvalidUser, no settings";
    }
    elsif ($kind eq 'v2') {
        my $pox = $t->{pox} // "https://$t->{name}:$t->{port}/autodiscover/autodiscover.xml";
        is $r->code, 200, "$name: 200";
        is $type, 'application/json; charset=utf-8', "$name: JSON";
        is_deeply json_of($r),
            { Protocol => 'AutodiscoverV1', Url => $pox }, "$name: AutodiscoverV1 is $pox";
    }
    elsif ($kind eq 'autoconfig') {
        is $r->code, 200, "$name: 200";
        is $type, $XML, "$name: text/xml";
        is xml_value(sub { my $d = xml_doc($_[0]);
                           my ($in) = $d->findnodes('/clientConfig/emailProvider/incomingServer');
                           join '|', map { $in->findvalue($_) } qw(@type hostname port) }, $r),
            'imap|mail.example.com|993', "$name: incomingServer imap mail.example.com:993";
    }
    elsif ($kind eq 'profile') {
        is $r->code, 200, "$name: 200";
        is $type, 'application/x-apple-aspen-config', "$name: Apple profile";
        is join('|', map { plist_string($r, $_) // '' } qw(EmailAddress IncomingMailServerHostName)),
            "$JANE|mail.example.com", "$name: jane's address on mail.example.com";
    }
    elsif ($kind eq 'profile-same') {
        is $r->code, 200, "$name: 200";
        is $type, 'application/x-apple-aspen-config', "$name: Apple profile";
        my $own = $owner_profile{$path} // '';
        ok $own =~ m{<key>EmailAddress</key>\s*<string>\Q$JANE\E</string>} && $r->content eq $own,
            "$name: the same profile its owner gets";
    }
    else { die "unknown kind $kind" }
}

for my $layout (@layouts) {
    my $L = $layouts{$layout};
    for my $rn (0 .. $#rounds) {
        my $round = $rounds[$rn];
        my $tag = "$layout ($round->{name})";
        my ($up, $ports, $blocks, $owners, $log) = start_httpd($layout, $round, $rn);
        is $blocks, $L->{blocks} * ($round->{v2_open} ? 3 : 2), "$tag: password blocks switched on";
        is $owners, $round->{owner} ? $L->{blocks} : 0, "$tag: owner lines switched on";
        ok $up, "$tag: httpd answers";
        for my $t (map { { %$_, port => $ports->{https} } } @{ $L->{https} }) {
            my $where = "$tag, $t->{name}";
            my (undef, $cn) = eval { tls_exchange($t, method => 'GET', path => '/') };
            is $cn, $t->{cn}, "$where: certificate $t->{cn}";
            %owner_profile = ();
            for my $c (cases($round)) {
                my ($what, $method, $path, $user, $kind) = @$c;
                my $name = "$where: $what $method $path";
                my $who = !defined $user ? 'stranger' : $user eq $JANE ? 'owner' : 'another user';
                my %o = (method => $method, path => $path, body => $method eq 'POST' ? $body{lc $what} : '');
                @o{qw(user password)} = ($user, $users{$user}) if defined $user;
                my $r = eval { (tls_exchange($t, %o))[0] }
                    // HTTP::Response->new(599, $@ =~ s/\n.*//sr);
                $owner_profile{$path} = $r->content if $kind eq 'profile';
                check($kind, $r, "$name, $who", $t, $path);
            }
        }
        if ($L->{redirect} && $rn == 0) {
            my $rd = $L->{redirect};
            for my $c (@redirects) {
                my ($method, $path, $to) = @$c;
                my $name = "$tag, http://$rd->{name}: $method $path";
                my $r = eval {
                    http_exchange(addr => $rd->{addr}, port => $ports->{http}, host => $rd->{name},
                                  method => $method, path => $path,
                                  body => $method eq 'POST' ? $body{pox} : '')
                } // HTTP::Response->new(599, $@ =~ s/\n.*//sr);
                is $r->code, 302, "$name: 302";
                is $r->header('Location'), "$rd->{origin}$to", "$name: to $rd->{origin}$to";
                unlike $r->content, qr/<Protocol>|mail\.example\.com:/, "$name: no settings on plain HTTP";
            }
        }
        stop_httpd();
        my @bad = grep { /^\[[^\]]*\] \[[^\]]*:(?:error|crit|alert|emerg)\]|exit signal/ || !/^\[/ }
            split /\n/, (-e $log ? slurp($log) : '');
        is_deeply \@bad, [], "$tag: error log has no error";
    }
}
