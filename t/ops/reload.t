# Operations lose nothing. A server of its own (two children), first over
# plain HTTP, then over TLS, under load: 8 clients POST POX requests on
# keep-alive connections (AD::Load: a request is lost only if it gets no
# correct answer even after one retry on a fresh connection, since a
# graceful restart closes idle keep-alive connections by design). During
# the load: a graceful restart with the configuration unchanged; the IMAP
# host changed and a second graceful restart; SIGKILL to the child holding
# most connections. No request is lost and no wrong answer is ever sent;
# each graceful restart and the kill cost at most one retry per client;
# the old answer only until the second restart, then the new one, and no
# client sees the old one again once it has seen the new; the killed
# child is replaced. bench/reload prints the same exercise's figures.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Load;

plan skip_all => 'heavy test (HEAVY=0)' unless heavy();

my $vars = Apache::Test::vars();
my $clients = 8;
my $phase = 3;          # seconds of load before, between and after the events
my $host = 'autodiscover.example.test';
my $body = pox_request('jane@example.test');
my $certs = certs_dir();

# Two children with room for two more (a graceful restart's new ones while
# the old ones finish; the killed one's replacement: fewer than
# ThreadsPerChild + 1 idle threads make the event MPM start one). Each
# client keeps its connection until a restart or the kill ends it
# (MaxKeepAliveRequests 0), so that the kill cuts a known number of them:
# the connections the killed child held.
my $mpm = <<'CONF';
<IfModule mpm_event_module>
    StartServers 2
    ServerLimit 8
    ThreadLimit 16
    ThreadsPerChild 16
    MaxRequestWorkers 128
    MinSpareThreads 17
    MaxSpareThreads 64
</IfModule>
<IfModule mpm_worker_module>
    StartServers 2
    ServerLimit 8
    ThreadLimit 16
    ThreadsPerChild 16
    MaxRequestWorkers 128
    MinSpareThreads 17
    MaxSpareThreads 64
</IfModule>
<IfModule mpm_prefork_module>
    StartServers 4
    MinSpareServers 2
    MaxSpareServers 12
</IfModule>
MaxConnectionsPerChild 0
KeepAlive On
MaxKeepAliveRequests 0
CONF

for my $tls (0, 1) {
    my $side = $tls ? 'TLS' : 'HTTP';
    my $dir = scratch_dir('reload-' . lc $side);
    my $ssl = !$tls ? "SSLSessionCache none\n" : <<"CONF";
SSLEngine on
SSLCertificateFile    "$certs/san.crt"
SSLCertificateKeyFile "$certs/san.key"
SSLSessionCache       "shmcb:$dir/ssl_scache(512000)"
CONF
    my ($port, $why) = own_server($dir, <<"CONF");
ServerName $host
$mpm$ssl
Autodiscover On
AutodiscoverServer IMAP imap.%EMAILDOMAIN% tls=implicit
AutodiscoverServer SMTP smtp.%EMAILDOMAIN% tls=implicit
CONF
    ok $port, "$side: a server of its own answers" or diag $why;
    SKIP: {
        skip "$side: no server", 20 unless $port;
        exercise($side, $dir, $port, $tls);
    }
}

sub exercise {
    my ($side, $dir, $port, $tls) = @_;
    my $r = $tls ? (https_exchange(port => $port, sni => $host, body => $body))[0]
                 : post_pox($host, $body, port => $port);
    my $old = $r->content;
    is answer_xpath($r)->findvalue('//o:Protocol[o:Type="IMAP"]/o:Server'), 'imap.example.test',
        "$side: the answer before: IMAP on imap.example.test";
    (my $new = $old) =~ s{<Server>imap\.example\.test</Server>}{<Server>imap2.example.test</Server>};
    my %label = ($old => 'old', $new => 'new');
    my $conf = "$dir/httpd.conf";
    my $log_size = -s "$dir/error_log";

    my $run = AD::Load::scenario(
        dir => $dir, port => $port, host => $host, body => $body, clients => $clients,
        ca => $tls ? "$certs/ca.crt" : undef, phase => $phase,
        classify => sub { my ($status, $answer) = @_; $status == 200 ? $label{$answer} : undef },
        httpd => "$vars->{httpd} -f $conf", pidfile => "$dir/httpd.pid",
        change => sub {
            AD::Load::edit($conf, sub { s/^AutodiscoverServer IMAP imap\./AutodiscoverServer IMAP imap2./m });
        });
    my ($records, $at, $kill) = @$run{qw(records at kill)};
    my %phase = map { $_->[0] => $_->[3] } AD::Load::phases($run);
    for (AD::Load::phases($run)) {
        my ($name, undef, undef, $s) = @$_;
        diag sprintf '%s %-9s %6d requests, %d retried, %d lost, slowest %.3f s, answers %s; retried: %s',
            $side, $name, @$s{qw(requests retried lost slowest)},
            join(' ', map { "$_=$s->{labels}{$_}" } sort keys %{ $s->{labels} }),
            join('; ', map { "$s->{why}{$_}x $_" } sort keys %{ $s->{why} }) || 'none';
    }

    # Nothing lost, nothing wrong.
    for my $name (qw(before graceful1 graceful2 kill)) {
        is $phase{$name}{lost}, 0, "$side $name: no request lost (of $phase{$name}{requests})";
    }
    is scalar(grep { $_->{wrong} } values %phase), 0, "$side: no wrong answer, not even to a first attempt";
    ok $phase{before}{requests} >= 10 * $clients, "$side: the load ran ($phase{before}{requests} requests before the first restart)";
    is $phase{before}{retried}, 0, "$side: steady load: no retry at all";
    ok $phase{graceful1}{retried} <= $clients,
        "$side first graceful restart: at most one retry per client ($phase{graceful1}{retried})";
    ok $phase{graceful2}{retried} <= $clients,
        "$side second graceful restart: at most one retry per client ($phase{graceful2}{retried})";

    # The old answer until the second restart, then the new one.
    my @early = grep { $_->{t1} < $at->{graceful2} } @$records;
    is scalar(grep { ($_->{label} // '') ne 'old' } @early), 0,
        "$side: only the old answer before the second graceful restart (" . @early . ' answers)';
    # The new answer comes a fraction of a second after the restart (0.3 s
    # at most here); the bound, a whole phase, protects against an answer
    # that stays old, not a speed.
    my ($first_new) = grep { ($_->{label} // '') eq 'new' } @$records;
    ok $first_new && $first_new->{t1} - $at->{graceful2} < $phase,
        sprintf '%s: the new answer within %d s of the second graceful restart (%.3f s)', $side, $phase,
        $first_new ? $first_new->{t1} - $at->{graceful2} : -1;
    my (%seen_new, $relapses, %last);
    for (@$records) {
        my $l = $_->{label} // next;
        $relapses++ if $l eq 'old' && $seen_new{ $_->{client} };
        $seen_new{ $_->{client} } = 1 if $l eq 'new';
        $last{ $_->{client} } = $l if $_->{t0} < $at->{kill};
    }
    is $relapses // 0, 0, "$side: no client sees the old answer again once it has seen the new";
    is scalar(grep { $last{$_} eq 'new' } 1 .. $clients), $clients,
        "$side: every client has the new answer before the kill";
    is_deeply [ keys %{ $phase{kill}{labels} } ], ['new'], "$side: after the kill, the new answer only";

    # The kill: only the connections of the killed child fail, once each.
    ok $kill->{connections} >= 1 && $kill->{connections} <= $clients,
        "$side kill: child $kill->{victim} of $kill->{children} held $kill->{connections} of the $clients connections";
    is $phase{kill}{retried}, $kill->{connections}, "$side kill: one retry for each connection it held";
    ok $kill->{gone} && defined $kill->{replaced_after},
        sprintf '%s kill: the child is gone and another has started (after %.2f s)', $side,
        $kill->{replaced_after} // -1;
    my %after = map { $_->{client} => 1 } grep { $_->{t0} > $at->{kill} + 1 && defined $_->{label} } @$records;
    is scalar(keys %after), $clients, "$side kill: every client has answers a second after the kill";

    # Neither the server nor the module complained about any of it.
    my $log = do { open my $fh, '<', "$dir/error_log" or die $!; seek $fh, $log_size, 0; local $/; <$fh> };
    my @bad = $log =~ /^.*\[(?:[a-z_]+:(?:error|crit|alert|emerg)|autodiscover:warn)\].*$/mg;
    is scalar(@bad), 0, "$side: no error in the server's log, no warning from the module"
        or diag join "\n", @bad;
}

done_testing;
