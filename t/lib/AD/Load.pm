package AD::Load;
# Load under operations: what a graceful restart and a killed child cost
# clients (t/ops/reload.t asserts it, bench/reload prints it). No
# Apache::Test here, so that the benchmark can use it on a server of its own.
#
# start() forks CLIENTS processes; each POSTs one POX request after another
# on a keep-alive connection (plain HTTP, or TLS verified against a CA) and
# classifies every answer with the caller's classify(status, body): a label
# ("old", "new") or undef for a wrong answer. The retry rule: a request
# whose attempt fails (no connection, no complete response, a wrong answer)
# is sent once more on a fresh connection, since a server closes idle
# keep-alive connections by design when it restarts gracefully; it is lost
# only if that retry fails too. A "Connection: close" answer is honoured and
# is no failure. stop() ends the clients after their current request and
# returns one record per request:
#   { client, t0 (first send), t1 (answer), label (undef: lost),
#     retried (why the first attempt failed, or ''), why (lost: why) }
# (a why begins with "kept-alive connection: " or "new connection: ").
#
# scenario() is the whole exercise on a running server: load; a graceful
# restart with an unchanged configuration; a changed configuration and a
# second graceful restart; SIGKILL of the child holding most connections.
# It returns the records, the times of those events (at) and what the kill
# did (kill: children before it, victim, the connections it held,
# replaced_after seconds, gone); phases() cuts the records at the events
# and sums each part.
use strict;
use warnings FATAL => 'all';
use IO::Socket::INET ();
use IO::Socket::SSL ();
use POSIX ();
use Time::HiRes ();

# Seconds for one attempt: connect, send, answer. The slowest answer takes
# about a second (a TLS handshake to a restarting server); the bound ends
# an attempt that hangs, not a slow one.
my $TIMEOUT = 10;

sub start {
    my (%o) = @_;
    my $dir = $o{dir} or die 'AD::Load: dir';
    unlink "$dir/load.stop";
    my ($parent, @kids) = ($$);
    for my $i (1 .. $o{clients}) {
        my $pid = fork // die "fork: $!";
        if (!$pid) {
            my $status = eval { client($i, $parent, \%o); 0 } // do { print STDERR "client $i: $@"; 1 };
            POSIX::_exit($status);
        }
        push @kids, $pid;
    }
    return bless { %o, kids => \@kids }, __PACKAGE__;
}

sub stop {
    my $self = shift;
    open my $fh, '>', "$self->{dir}/load.stop" or die "load.stop: $!";
    close $fh;
    my @records;
    for my $i (1 .. @{ $self->{kids} }) {
        waitpid $self->{kids}[$i - 1], 0;
        die "load client $i failed\n" if $?;
        open my $in, '<', "$self->{dir}/load.$i" or die "load.$i: $!";
        while (my $line = <$in>) {
            chomp $line;
            my ($c, $t0, $t1, $label, $retried, $why) = split /\t/, $line, 6;
            push @records, { client => $c, t0 => $t0, t1 => $t1,
                             label => $label eq '-' ? undef : $label,
                             retried => $retried, why => $why };
        }
        close $in;
        unlink "$self->{dir}/load.$i";
    }
    unlink "$self->{dir}/load.stop";
    return [ sort { $a->{t0} <=> $b->{t0} } @records ];
}

# Ends the clients at once, without records (a scenario that failed).
sub abandon {
    my $self = shift;
    kill 'TERM', @{ $self->{kids} };
    waitpid $_, 0 for @{ $self->{kids} };
    unlink glob("$self->{dir}/load.*");
}

# One client process: requests until the stop file appears (or its parent
# is gone); its records are written at the end (nothing on the request
# path but the request).
sub client {
    my ($i, $parent, $o) = @_;
    $SIG{PIPE} = 'IGNORE';
    my $request = request_text($o->{host}, $o->{body});
    my ($conn, @out);
    until (-e "$o->{dir}/load.stop" || getppid() != $parent) {
        my $t0 = Time::HiRes::time();
        my ($label, $why) = attempt($o, \$conn, $request);
        my $retried = '';
        if (!defined $label) {
            $retried = $why;
            undef $conn;
            ($label, $why) = attempt($o, \$conn, $request);
        }
        push @out, join("\t", $i, $t0, Time::HiRes::time(), $label // '-', $retried,
                        defined $label ? '' : $why) . "\n";
    }
    open my $fh, '>', "$o->{dir}/load.$i" or die "load.$i: $!";
    print $fh @out;
    close $fh or die "load.$i: $!";
}

# A POX POST that leaves the connection open.
sub request_text {
    my ($host, $body) = @_;
    return "POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: $host\r\n"
        . "Content-Type: text/xml; charset=utf-8\r\nContent-Length: " . length($body)
        . "\r\n\r\n$body";
}

# One request on $$conn (connected first if undef). Returns (label) or
# (undef, why); $$conn is undef afterwards unless it may be used again.
sub attempt {
    my ($o, $conn, $request) = @_;
    my ($label, $why);
    my $kept = defined $$conn ? 'kept-alive connection: ' : 'new connection: ';
    my $ok = eval {
        local $SIG{ALRM} = sub { die "timeout\n" };
        alarm $TIMEOUT;
        $$conn //= connect_to($o);
        my $off = 0;
        while ($off < length $request) {
            my $n = syswrite $$conn, $request, length($request) - $off, $off;
            die 'send: ' . ($! || 'closed') . "\n" unless $n;
            $off += $n;
        }
        my ($status, $close, $body) = read_response($$conn);
        $label = $o->{classify}->($status, $body);
        $why = "${kept}wrong answer (status $status)" unless defined $label;
        undef $$conn if $close || !defined $label;
        alarm 0;
        1;
    };
    alarm 0;
    if (!$ok) {
        ($why = $kept . $@) =~ s/\s+\z//;
        undef $$conn;
        return (undef, $why);
    }
    return ($label, $why);
}

sub connect_to {
    my $o = shift;
    my %peer = (PeerAddr => '127.0.0.1', PeerPort => $o->{port}, Timeout => $TIMEOUT);
    my $s = $o->{ca}
        ? IO::Socket::SSL->new(%peer, SSL_hostname => $o->{host}, SSL_ca_file => $o->{ca},
                               SSL_verify_mode => IO::Socket::SSL::SSL_VERIFY_PEER(),
                               SSL_verifycn_name => $o->{host}, SSL_verifycn_scheme => 'http')
        : IO::Socket::INET->new(%peer);
    die 'connect: ' . ($o->{ca} ? $IO::Socket::SSL::SSL_ERROR : $@) . "\n" unless $s;
    return $s;
}

# (status, connection closes after it, body) of one HTTP/1.1 answer with a
# Content-Length or chunked; dies when the connection ends before it is whole.
sub read_response {
    my $s = shift;
    my $buf = '';
    my $more = sub {
        my $n = sysread $s, $buf, 65536, length $buf;
        die(defined $n ? "closed before the answer was whole\n" : "receive: $!\n") unless $n;
    };
    $more->() until $buf =~ /\r\n\r\n/;
    my $end = index($buf, "\r\n\r\n");
    my $head = substr $buf, 0, $end + 4, '';
    $head =~ m{\AHTTP/1\.[01] (\d{3})} or die "not HTTP\n";
    my $status = $1;
    my $close = $head =~ /^Connection:\s*close/mi ? 1 : 0;
    if ($head =~ /^Content-Length:\s*(\d+)/mi) {
        my $len = $1;
        $more->() while length $buf < $len;
        return ($status, $close, substr $buf, 0, $len);
    }
    die "neither Content-Length nor chunked\n" unless $head =~ /^Transfer-Encoding:\s*chunked/mi;
    my $body = '';
    while (1) {
        $more->() until $buf =~ /\A([0-9a-fA-F]+)[^\r\n]*\r\n/;
        my $n = hex $1;
        substr $buf, 0, $+[0], '';
        if (!$n) { $more->() until $buf =~ /\r\n\r\n|\A\r\n/; last }
        $more->() while length $buf < $n + 2;
        $body .= substr $buf, 0, $n;
        substr $buf, 0, $n + 2, '';
    }
    return ($status, $close, $body);
}

# ------------------------------------------------------------ processes

sub read_pid { my $f = shift; open my $fh, '<', $f or return; my $p = <$fh>; chomp $p; $p }

# The parent's child processes, from /proc.
sub children {
    my $parent = read_pid(shift) // return ();
    my @kids;
    for my $stat (glob '/proc/[0-9]*/stat') {
        open my $fh, '<', $stat or next;
        my $line = <$fh> // next;
        push @kids, $1 if $line =~ /^(\d+) \(.*\) \S (\d+) / && $2 == $parent;
    }
    return sort { $a <=> $b } @kids;
}

# Sockets a process holds: the same listeners in every child, plus one per
# connection.
sub sockets {
    my $pid = shift;
    return scalar grep { (readlink($_) // '') =~ /^socket:/ } glob "/proc/$pid/fd/*";
}

# Wait until the pid file is gone (the server stopped); true if it is.
sub poll_gone {
    my ($pidfile, $seconds) = @_;
    my $deadline = Time::HiRes::time() + $seconds;
    Time::HiRes::sleep(0.1) while -e $pidfile && Time::HiRes::time() < $deadline;
    return !-e $pidfile;
}

# Edit a configuration file: $edit changes $_, which holds its text; the
# new text replaces the file whole (rename), or dies if $edit returns false.
sub edit {
    my ($file, $edit) = @_;
    open my $in, '<', $file or die "$file: $!";
    local $_ = do { local $/; <$in> };
    close $in;
    $edit->() or die "$file: nothing to change\n";
    open my $out, '>', "$file.new" or die "$file.new: $!";
    print $out $_;
    close $out or die "$file.new: $!";
    rename "$file.new", $file or die "rename $file: $!";
}

# ------------------------------------------------------------ the exercise

# %o: what start() takes, plus httpd (the command that runs the server,
# "-k graceful" is appended), pidfile, change (edits the configuration
# file), phase (seconds of load between events), note (progress, optional).
sub scenario {
    my (%o) = @_;
    # Sockets of a child without connections: its listeners and the like.
    my ($baseline) = sort { $a <=> $b } map { sockets($_) } children($o{pidfile});
    my $load = start(%o);
    my ($at, $kill) = eval { events(%o, baseline => $baseline) };
    if (!$at) {
        my $why = $@;
        $load->abandon;
        die $why;
    }
    return { records => $load->stop, at => $at, kill => $kill };
}

sub events {
    my (%o) = @_;
    my $note = $o{note} // sub {};
    my %at;
    Time::HiRes::sleep($o{phase});

    $note->('graceful restart, configuration unchanged');
    $at{graceful1} = Time::HiRes::time();
    my $out = `$o{httpd} -k graceful 2>&1`;
    die "graceful: $out" if $?;
    Time::HiRes::sleep($o{phase});

    $note->('configuration changed, graceful restart');
    $o{change}->();
    $at{graceful2} = Time::HiRes::time();
    $out = `$o{httpd} -k graceful 2>&1`;
    die "graceful: $out" if $?;
    Time::HiRes::sleep($o{phase});

    # The child with most connections, so that the kill cuts some.
    my @before = children($o{pidfile});
    my ($victim) = sort { sockets($b) <=> sockets($a) || $a <=> $b } @before;
    my %kill = (children => scalar @before, victim => $victim,
                connections => sockets($victim) - $o{baseline});
    $note->("SIGKILL to child $victim of " . @before . " ($kill{connections} connections)");
    $at{kill} = Time::HiRes::time();
    kill 'KILL', $victim or die "kill $victim: $!";
    my %old = map { $_ => 1 } @before;
    my $deadline = $at{kill} + 10;
    while (Time::HiRes::time() < $deadline) {
        my @now = children($o{pidfile});
        if (!grep({ $_ == $victim } @now) && grep { !$old{$_} } @now) {
            $kill{replaced_after} = Time::HiRes::time() - $at{kill};
            last;
        }
        Time::HiRes::sleep(0.05);
    }
    $kill{gone} = !kill 0, $victim;
    Time::HiRes::sleep($o{phase});
    $at{end} = Time::HiRes::time();
    return (\%at, \%kill);
}

# The records cut at the events, by the time they were answered (a request
# in flight when a child is killed belongs to the kill): [ name, from, to,
# summary ] for before, graceful1, graceful2 and kill.
sub phases {
    my $run = shift;
    my ($r, $at) = @$run{qw(records at)};
    my @cuts = ([before => 0, $at->{graceful1}], [graceful1 => $at->{graceful1}, $at->{graceful2}],
                [graceful2 => $at->{graceful2}, $at->{kill}], [kill => $at->{kill}, 9e9]);
    return map {
        my ($name, $from, $to) = @$_;
        [ $name, $from, $to, summary([ grep { $_->{t1} >= $from && $_->{t1} < $to } @$r ]) ]
    } @cuts;
}

# requests, lost, retried, wrong (first attempts that got a wrong answer),
# slowest (seconds from first send to answer, retry included), labels
# { label => count }, why { reason => count } of the retried ones.
sub summary {
    my $r = shift;
    my %s = (requests => scalar @$r, lost => 0, retried => 0, wrong => 0, slowest => 0,
             labels => {}, why => {});
    for (@$r) {
        $s{slowest} = $_->{t1} - $_->{t0} if $_->{t1} - $_->{t0} > $s{slowest};
        $s{lost}++ unless defined $_->{label};
        $s{labels}{ $_->{label} }++ if defined $_->{label};
        next unless length $_->{retried};
        $s{retried}++;
        $s{why}{ $_->{retried} }++;
        $s{wrong}++ if $_->{retried} =~ /: wrong answer/;
    }
    return \%s;
}

1;
