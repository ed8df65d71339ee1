package AD::Hostile;
# Hostile servers for autodiscover-check's tests, on 127.0.0.1 only: an HTTP
# or HTTPS server whose answers a test chooses, which keeps every request it
# received (raw, headers and body) so the test can look for credentials; and
# a DNS server (UDP and TCP on one port) whose answers a test builds.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use IO::Select ();
use IO::Socket::INET ();
use IO::Socket::SSL ();
use File::Temp ();

our @EXPORT = qw(hostile_http hostile_dns http_answer stop_server received pox_answer);

# In a server process: not holding the test's output open (the harness
# waits for it to close), and gone after 5 minutes whatever happens.
sub child {
    delete @ENV{qw(LD_PRELOAD ASAN_OPTIONS UBSAN_OPTIONS)};
    open STDOUT, '>', '/dev/null';
    open STDERR, '>', '/dev/null';
    $SIG{ALRM} = sub { exit 0 };
    # A client that refuses the certificate late (a name it does not
    # cover) closes while TLS 1.3 still writes its session tickets: that
    # connection fails, the server lives on for the next.
    $SIG{PIPE} = 'IGNORE';
    alarm 300;
}

# An HTTP answer that closes the connection.
sub http_answer {
    my ($status, $body, @headers) = @_;
    $body //= '';
    return "HTTP/1.1 $status\r\n" . join('', map "$_\r\n", @headers)
        . "Content-Length: " . length($body) . "\r\nConnection: close\r\n\r\n" . $body;
}

# A POX answer: an Account with Action and its element.
sub pox_answer {
    my ($inner) = @_;
    return http_answer('200 OK', qq{<?xml version="1.0" encoding="utf-8"?>\n}
        . qq{<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">}
        . qq{<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">}
        . qq{<Account>$inner</Account></Response></Autodiscover>}, 'Content-Type: text/xml');
}

sub read_request {
    my $c = shift;
    my $req = '';
    while ($req !~ /\r\n\r\n/) {
        my $n = sysread $c, my $buf, 4096;
        return $req unless $n;
        $req .= $buf;
    }
    my ($head) = $req =~ /^(.*?\r\n\r\n)/s;
    my $want = $head =~ /^Content-Length:\s*(\d+)/mi ? $1 : 0;
    while (length($req) - length($head) < $want) {
        my $n = sysread $c, my $buf, 65536;
        last unless $n;
        $req .= $buf;
    }
    return $req;
}

# hostile_http(tls => [cert, key] or undef, answer => sub { (request, n) -> answer })
# Forks a server on 127.0.0.1; returns { port, pid, log }. Each request is
# appended to the log file, raw, before the answer is sent.
sub hostile_http {
    my %o = @_;
    my $l = IO::Socket::INET->new(Listen => 16, LocalAddr => '127.0.0.1:0', ReuseAddr => 1)
        or die "listen: $!";
    my $log = File::Temp->new(UNLINK => 1);
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        child();
        my $n = 0;
        while (my $c = $l->accept) {
            if ($o{tls}) {
                # A client that refuses the certificate ends the handshake.
                IO::Socket::SSL->start_SSL($c, SSL_server => 1, SSL_cert_file => $o{tls}[0],
                                           SSL_key_file => $o{tls}[1], Timeout => 5) or next;
            }
            my $req = read_request($c);
            next unless length $req;
            open my $fh, '>>', $log->filename or die;
            print $fh "=== request\n$req\n";
            close $fh;
            my $answer = $o{answer}->($req, $n++);
            print $c $answer;
            $c->close;
        }
        exit 0;
    }
    my $port = $l->sockport;
    close $l;
    return { port => $port, pid => $pid, log => $log };
}

# Everything the server received so far.
sub received {
    my $s = shift;
    open my $fh, '<', $s->{log}->filename or return '';
    local $/;
    return scalar <$fh>;
}

sub stop_server {
    my $s = shift;
    kill 'TERM', $s->{pid};
    waitpid $s->{pid}, 0;
}

# hostile_dns(udp => sub { query -> answer }, tcp => sub { query -> answer })
# on one port; a missing tcp handler closes TCP connections at once.
sub hostile_dns {
    my %o = @_;
    # The UDP port the kernel picks may be taken for TCP (a client's
    # ephemeral port in a busy suite): pick again until both are free.
    my ($u, $t, $port);
    for my $try (1 .. 50) {
        $u = IO::Socket::INET->new(Proto => 'udp', LocalAddr => '127.0.0.1:0') or die "udp: $!";
        $port = $u->sockport;
        $t = IO::Socket::INET->new(Listen => 4, LocalAddr => "127.0.0.1:$port", ReuseAddr => 1)
            and last;
        die "tcp $port: $!" if $try == 50;
        close $u;
    }
    my $pid = fork // die "fork: $!";
    if (!$pid) {
        child();
        my $sel = IO::Select->new($u, $t);
        while (my @ready = $sel->can_read) {
            for my $s (@ready) {
                if ($s == $u) {
                    my $peer = $u->recv(my $q, 65536) // next;
                    $u->send($o{udp}->($q), 0, $peer);
                }
                else {
                    my $c = $t->accept or next;
                    my $q = '';
                    while (length $q < 2 || length $q < 2 + unpack('n', $q)) {
                        my $n = sysread $c, my $buf, 65536;
                        last unless $n;
                        $q .= $buf;
                    }
                    if ($o{tcp} && length $q > 2) {
                        my $a = $o{tcp}->(substr $q, 2);
                        print $c pack('n', length $a) . $a;
                    }
                    $c->close;
                }
            }
        }
        exit 0;
    }
    return { port => $port, pid => $pid };
}

1;
