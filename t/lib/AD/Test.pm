package AD::Test;
# Helpers for the mod_autodiscover suite: request documents, raw HTTP and
# HTTPS exchanges with the test vhosts, XML answers with XPath, the status
# page's counters, configtest, servers of a test's own and their files.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use File::Path qw(make_path remove_tree);
use IO::Socket::INET ();
use Time::HiRes ();
use IO::Socket::SSL ();
use HTTP::Response ();
use MIME::Base64 ();
use Apache::Test ();
use AD::XPath qw(xpath_of);

our @EXPORT = qw(port poll heavy error_log_since own_server scratch_dir pox_request mobile_request
                 http_exchange http_get post_pox post_soap https_exchange answer_xpath values_are
                 status_counts configtest certs_dir
                 soap_request soap_xpath NS_SOAP NS_SOAP_AD
                 NS_RESPONSE NS_OUTLOOK_REQ NS_OUTLOOK_RESP NS_MOBILE_REQ
                 NS_MOBILE_RESP);
# On request: use AD::Test qw(:DEFAULT slurp spew free_port).
our @EXPORT_OK = qw(slurp spew free_port);

use constant NS_RESPONSE     => 'http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006';
use constant NS_OUTLOOK_REQ  => 'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006';
use constant NS_OUTLOOK_RESP => 'http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a';
use constant NS_MOBILE_REQ   => 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/requestschema/2006';
use constant NS_MOBILE_RESP  => 'http://schemas.microsoft.com/exchange/autodiscover/mobilesync/responseschema/2006';

use constant NS_SOAP    => 'http://schemas.xmlsoap.org/soap/envelope/';
use constant NS_SOAP_AD => 'http://schemas.microsoft.com/exchange/2010/Autodiscover';
use constant NS_WSA     => 'http://www.w3.org/2005/08/addressing';

my $vars = Apache::Test::vars();

# Port of a "Define NAME PORT" in the generated extra.conf.
my %ports;
sub port {
    my $name = shift;
    unless (%ports) {
        open my $fh, '<', "$vars->{t_conf}/extra.conf" or die "extra.conf: $!";
        while (my $line = <$fh>) { $ports{$1} = $2 if $line =~ /^Define\s+(\w+)\s+(\d+)\s*$/ }
    }
    return $ports{$name} // die "no port $name";
}

# The heavy tests (servers of their own, long loads) run unless HEAVY=0
# (make test HEAVY=0): plan skip_all => '...' unless heavy();
sub heavy { ($ENV{AD_TEST_HEAVY} // '1') ne '0' }

sub certs_dir { "$vars->{serverroot}/certs" }

# A directory of the test's own below t/logs (made; with fresh => 1,
# emptied first): a server's files, databases, scratch files.
sub scratch_dir {
    my ($name, %o) = @_;
    my $dir = "$vars->{t_logs}/$name";
    remove_tree($dir) if $o{fresh};
    make_path($dir);
    return $dir;
}

sub slurp { my $f = shift; open my $fh, '<', $f or die "$f: $!"; local $/; scalar <$fh> }
sub spew { my $f = shift; open my $fh, '>', $f or die "$f: $!"; print $fh @_; close $fh or die "$f: $!" }

# A TCP port of 127.0.0.1 nothing listens on (now).
sub free_port {
    my $probe = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
        or die "no free port: $@";
    my $port = $probe->sockport;
    close $probe;
    return $port;
}

# The server's error log from byte $offset on (take -s of the log first).
sub error_log_since {
    my $offset = shift;
    open my $fh, '<', "$vars->{t_logs}/error_log" or die "error_log: $!";
    seek $fh, $offset, 0;
    local $/;
    return scalar <$fh>;
}

# A server of its own, for what the suite's shared one cannot show (a
# server-wide directive): the configuration lines $conf on a free port of
# 127.0.0.1, with the suite's modules and this build's, its files in $dir.
# Returns (port, '') once it answers, or (undef, why); stopped at exit.
# The waits are for a start or a stop that hangs, not for speed: a loaded
# machine takes a second or two, far below them.
my @own_servers;
sub own_server {
    my ($dir, $conf) = @_;
    my ($port, $why);
    # free_port() is free when asked; another process may bind it before
    # httpd does, which httpd logs after it has detached: try another.
    for (1 .. 5) {
        ($port, $why) = own_server_on(free_port(), $dir, $conf);
        last if $port || ($why ne 'in use');
    }
    return ($port, $why);
}
sub own_server_on {
    my ($port, $dir, $conf) = @_;
    my $top = "$vars->{serverroot}/..";
    spew("$dir/httpd.conf", join "\n", qq{ServerRoot "$dir"}, qq{DefaultRuntimeDir "$dir"},
        qq{PidFile "$dir/httpd.pid"}, qq{ErrorLog "$dir/error_log"}, 'ServerName localhost',
        qq{Include "$top/build/inherit.conf"},
        qq{LoadModule autodiscover_module "$top/.libs/mod_autodiscover.so"},
        "Listen 127.0.0.1:$port", $conf, '');
    my $httpd = "$vars->{httpd} -f $dir/httpd.conf";
    my $log_at = -s "$dir/error_log" // 0;
    my $out = `$httpd -k start 2>&1`;
    return (undef, $out) if $?;
    push @own_servers, [$httpd, $dir];
    return ($port, '') if poll(sub { IO::Socket::INET->new(PeerAddr => "127.0.0.1:$port") }, 30);
    open my $fh, '<', "$dir/error_log" or return (undef, 'it does not answer');
    seek $fh, $log_at, 0;
    local $/;
    return (undef, (<$fh> // '') =~ /could not bind to address/ ? 'in use' : 'it does not answer');
}
END {
    for (@own_servers) {
        my ($httpd, $dir) = @$_;
        system("$httpd -k stop >/dev/null 2>&1");
        poll(sub { !-e "$dir/httpd.pid" }, 30);
    }
}

# Call $probe every 0.2 s until it returns true or $seconds have passed;
# returns its last value.
sub poll {
    my ($probe, $seconds) = @_;
    my $deadline = Time::HiRes::time() + $seconds;
    my $v;
    Time::HiRes::sleep(0.2) until ($v = $probe->()) || Time::HiRes::time() > $deadline;
    return $v;
}

sub pox_request {
    my ($address, %o) = @_;
    my $ns = $o{ns} // NS_OUTLOOK_REQ;
    my $schema = exists $o{schema} ? $o{schema} : NS_OUTLOOK_RESP;
    my $inner = defined $address ? "<EMailAddress>$address</EMailAddress>" : '';
    $inner .= "<AcceptableResponseSchema>$schema</AcceptableResponseSchema>" if defined $schema;
    $inner .= $o{extra} // '';
    return qq{<?xml version="1.0" encoding="utf-8"?>\n}
         . qq{<Autodiscover xmlns="$ns"><Request>$inner</Request></Autodiscover>};
}

sub mobile_request {
    my ($address, %o) = @_;
    return pox_request($address, ns => NS_MOBILE_REQ, schema => NS_MOBILE_RESP, %o);
}

# One request on a fresh connection; returns an HTTP::Response.
# %o: method, path, host, body, headers (array ref), chunked (chunk size),
#     user/password (Basic), raw (the whole request text), port, addr.
sub request_text {
    my %o = @_;
    return $o{raw} if defined $o{raw};
    my $method = $o{method} // 'POST';
    my $path = $o{path} // '/autodiscover/autodiscover.xml';
    my $body = $o{body} // '';
    my @h = ("Host: $o{host}", 'Connection: close', @{ $o{headers} // [] });
    push @h, 'Authorization: Basic '
        . MIME::Base64::encode_base64("$o{user}:$o{password}", '') if defined $o{user};
    if ($o{chunked}) {
        push @h, 'Transfer-Encoding: chunked';
        my $chunks = '';
        for (my $i = 0; $i < length $body; $i += $o{chunked}) {
            my $c = substr $body, $i, $o{chunked};
            $chunks .= sprintf("%x\r\n%s\r\n", length $c, $c);
        }
        $body = $chunks . "0\r\n\r\n";
    }
    elsif ($method eq 'POST' || length $body) {
        push @h, 'Content-Type: text/xml; charset=utf-8' unless grep /^Content-Type:/i, @h;
        push @h, 'Content-Length: ' . length $body;
    }
    return "$method $path HTTP/1.1\r\n" . join('', map "$_\r\n", @h) . "\r\n" . $body;
}

sub read_response {
    my ($sock, $method) = @_;
    my $raw = '';
    while (1) {
        my $n = sysread $sock, my $buf, 65536;
        last unless $n;
        $raw .= $buf;
    }
    my $r = HTTP::Response->parse($raw);
    $r->content('') if ($method // '') eq 'HEAD';
    # A streamed answer (the status page) comes chunked: its body, whole.
    if (($r->header('Transfer-Encoding') // '') =~ /chunked/i) {
        my ($in, $body) = ($r->content, '');
        while ($in =~ s/\A([0-9a-fA-F]+)[^\r\n]*\r?\n//) {
            my $n = hex $1;
            last unless $n;
            $body .= substr $in, 0, $n, '';
            $in =~ s/\A\r?\n//;
        }
        $r->content($body);
    }
    return $r;
}

sub http_exchange {
    my %o = @_;
    local $SIG{PIPE} = 'IGNORE';    # a 413 may come before the body is sent
    my $sock = IO::Socket::INET->new(PeerAddr => $o{addr} // '127.0.0.1',
                                     PeerPort => $o{port} // port('AD_HTTP_PORT'),
                                     Timeout => 20) or die "connect: $@";
    print $sock request_text(%o);
    return read_response($sock, $o{method});
}

# GET $path on the vhost $host (%o as http_exchange takes it).
sub http_get {
    my ($host, $path, %o) = @_;
    return http_exchange(method => 'GET', host => $host, path => $path, %o);
}

sub post_pox {
    my ($host, $body, %o) = @_;
    return http_exchange(host => $host, body => $body, %o);
}

# A POST to the SOAP endpoint.
sub post_soap {
    my ($host, $body, %o) = @_;
    return http_exchange(host => $host, path => '/autodiscover/autodiscover.svc', body => $body, %o);
}

# The counters of a status page's ?auto as { "family.outcome" => n,
# "family.agent.class" => n }; dies unless the page answers 200.
sub status_counts {
    my ($host, $path) = @_;
    my $r = http_get($host, "$path?auto");
    die "$host$path?auto: status " . $r->code . "\n" unless $r->code == 200;
    return { map { /^(\S+): (\d+)$/ ? ($1, $2) : () } split /\n/, $r->content };
}

# TLS with SNI, verified against the test CA (or the CA file $o{ca}) for
# the name sent. Returns (HTTP::Response, { cn => ..., issuer => ..., san => [...] }).
sub https_exchange {
    my %o = @_;
    my $sock = IO::Socket::SSL->new(
        PeerAddr => $o{addr} // '127.0.0.1', PeerPort => $o{port},
        SSL_hostname => $o{sni}, SSL_ca_file => $o{ca} // certs_dir() . '/ca.crt',
        SSL_verify_mode => IO::Socket::SSL::SSL_VERIFY_PEER(),
        SSL_verifycn_name => $o{sni}, SSL_verifycn_scheme => 'http',
        Timeout => 20) or die "TLS to $o{sni}: $IO::Socket::SSL::SSL_ERROR";
    my %cert = (cn => $sock->peer_certificate('cn'), issuer => $sock->peer_certificate('issuer'),
                san => [ grep { !/^\d+$/ } $sock->peer_certificate('subjectAltNames') ]);
    print $sock request_text(host => $o{sni}, %o);
    return (read_response($sock, $o{method}), \%cert);
}

# The answer's XML with prefixes a: (root), o: (Outlook), m: (MobileSync).
sub answer_xpath {
    return xpath_of(shift, a => NS_RESPONSE, o => NS_OUTLOOK_RESP, m => NS_MOBILE_RESP);
}

# A GetUserSettings envelope as exchangelib sends it.
# %o: users (array ref of addresses; undef: a User without Mailbox),
#     settings (array ref), action (undef: none), operation, version, header.
sub soap_request {
    my %o = @_;
    my $action = exists $o{action} ? $o{action}
        : 'http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings';
    my $op = $o{operation} // 'GetUserSettingsRequestMessage';
    my $users = join '', map { defined $_ ? "<a:User><a:Mailbox>$_</a:Mailbox></a:User>" : '<a:User/>' }
        @{ $o{users} // [] };
    my $settings = join '', map { "<a:Setting>$_</a:Setting>" } @{ $o{settings} // [] };
    return qq{<?xml version="1.0" encoding="utf-8"?>\n}
         . qq{<s:Envelope xmlns:s="} . NS_SOAP . qq{" xmlns:a="} . NS_SOAP_AD
         . qq{" xmlns:wsa="} . NS_WSA . qq{" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">}
         . qq{<s:Header><a:RequestedServerVersion>} . ($o{version} // 'Exchange2016')
         . qq{</a:RequestedServerVersion>}
         . (defined $action ? "<wsa:Action>$action</wsa:Action>" : '')
         . qq{<wsa:To>https://autodiscover.example.test/autodiscover/autodiscover.svc</wsa:To>}
         . ($o{header} // '') . qq{</s:Header>}
         . qq{<s:Body><a:$op><a:Request><a:Users>$users</a:Users>}
         . qq{<a:RequestedSettings>$settings</a:RequestedSettings></a:Request></a:$op></s:Body></s:Envelope>};
}

# A SOAP answer with prefixes s: (envelope), d: (Autodiscover), w: (addressing).
sub soap_xpath {
    return xpath_of(shift, s => NS_SOAP, d => NS_SOAP_AD, w => NS_WSA,
                    i => 'http://www.w3.org/2001/XMLSchema-instance');
}

# One test per [XPath below $base, expected value, test name].
sub values_are {
    my ($xc, $base, @checks) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    Test::More::is($xc->findvalue("$base/$_->[0]"), $_->[1], $_->[2]) for @checks;
}

# "apache2 -t" on the suite's configuration plus extra directives.
sub configtest {
    my @extra = @_;
    my $cmd = join ' ', $vars->{httpd}, '-t', '-d', $vars->{serverroot},
        '-f', $vars->{t_conf_file}, map { ('-c', quote($_)) } @extra;
    my $out = `$cmd 2>&1`;
    return ($? >> 8, $out);
}

sub quote { my $s = shift; $s =~ s/'/'\\''/g; "'$s'" }

1;
