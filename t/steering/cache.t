# Answers shaped in several scopes are compiled once per process and
# combination of scopes, not per request, and each combination keeps its
# own: on cache.steer.test (t/conf/vhosts/steering.conf) the vhost with
# <Location A> (/mail/) or <Location B> (/.well-known/autoconfig/), each
# with an <If> by user agent, and an <If> of the vhost's own, asked in
# turn on several keep-alive connections, so that each child's cache
# serves every combination, interleaved. Each answer must be its own
# combination's; the error log's AH77301 line (a combination compiled and
# kept) comes at most once per process and combination.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use IO::Socket::INET ();
use HTTP::Response ();
use lib 't/lib';
use AD::Test;
use AD::Steering;

my $K = 'cache.steer.test';
my $q = "emailaddress=jane%40$K";
my $XML = 'text/xml; charset=utf-8';
my $SMTP = "smtp smtp.$K:465";

# name => [method, path, User-Agent, format, what it says]; every one a
# combination of its own (the vhost alone: compiled at start-up).
my @combos = (
    ['vhost', 'GET', "/v1.1/mail/config-v1.1.xml?$q", undef, 'autoconfig', "imap imap.$K:993, $SMTP"],
    ['vhost + A', 'GET', "/mail/config-v1.1.xml?$q", undef, 'autoconfig', "imap imap-a.$K:993, $SMTP"],
    ['vhost + A + If', 'GET', "/mail/config-v1.1.xml?$q", 'Thunderbird/115.0', 'autoconfig',
     "imap imap-a-thunderbird.$K:993, $SMTP"],
    ['vhost + B', 'GET', "/.well-known/autoconfig/mail/config-v1.1.xml?$q", undef, 'autoconfig',
     "imap imap-b.$K:993, $SMTP"],
    ['vhost + B + If', 'GET', "/.well-known/autoconfig/mail/config-v1.1.xml?$q", 'Thunderbird/115.0', 'autoconfig',
     "imap imap-b-thunderbird.$K:993, $SMTP"],
    ['vhost + A + vhost If', 'GET', "/mail/config-v1.1.xml?$q", 'Outlook-Steer', 'autoconfig',
     "imap imap-a.$K:993, $SMTP"],
    ['vhost + A + vhost If + If', 'GET', "/mail/config-v1.1.xml?$q", 'Outlook-Steer Thunderbird', 'autoconfig',
     "imap imap-a-thunderbird.$K:993, $SMTP"],
    ['vhost + vhost If, POX', 'POST', '/autodiscover/autodiscover.xml', 'Outlook-Steer', 'pox',
     "name Outlook, steered, IMAP imap.$K:993, SMTP smtp.$K:465"],
    ['vhost + vhost If, MobileSync', 'POST', '/autodiscover/autodiscover.xml', 'Outlook-Steer', 'mobilesync',
     "https://eas.$K/Microsoft-Server-ActiveSync"],
    ['vhost, POX', 'POST', '/autodiscover/autodiscover.xml', undef, 'pox', "IMAP imap.$K:993, SMTP smtp.$K:465"],
);
my $connections = 6;
my $rounds = 3 * @combos;
# The combinations the cache keeps: all but the vhost alone (compiled at
# start-up), POX and MobileSync through the vhost's <If> being one.
my %kept = map { (my $k = $_->[0]) =~ s/, (?:POX|MobileSync)$//; $k eq 'vhost' ? () : ($k => 1) } @combos;
my $kept = keys %kept;


sub request_of {
    my ($method, $path, $ua, $format) = @{$_}[1 .. 4];
    my $body = $method eq 'POST' ? ($format eq 'mobilesync' ? mobile_request("jane\@$K") : pox_request("jane\@$K")) : '';
    return join "\r\n", "$method $path HTTP/1.1", "Host: $K",
        (defined $ua ? "User-Agent: $ua" : ()),
        ($method eq 'POST' ? ('Content-Type: text/xml; charset=utf-8', 'Content-Length: ' . length $body) : ()),
        '', $body;
}

# One answer from a kept-alive connection: headers, then Content-Length bytes.
sub read_answer {
    my $sock = shift;
    my $in = '';
    while ($in !~ /\r\n\r\n/) {
        my $n = sysread $sock, $in, 65536, length $in;
        die "connection closed\n" unless $n;
    }
    my ($head, $body) = split /\r\n\r\n/, $in, 2;
    my ($len) = $head =~ /^Content-Length:\s*(\d+)/mi or die "no Content-Length\n";
    while (length $body < $len) {
        my $n = sysread $sock, $body, $len - length $body, length $body;
        die "connection closed\n" unless $n;
    }
    return HTTP::Response->parse("$head\r\n\r\n$body");
}

my $log = -s Apache::Test::vars()->{t_logs} . '/error_log';
my @socks = map {
    IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => port('AD_HTTP_PORT'), Timeout => 20)
        or die "connect: $@";
} 1 .. $connections;
my (%asked, %wrong, %first);
for my $round (0 .. $rounds - 1) {
    for my $i (0 .. $#socks) {
        # Each connection walks every combination, from its own start.
        my $c = $combos[($round + 3 * $i) % @combos];
        local $_ = $c;
        print { $socks[$i] } request_of();
        my $r = read_answer($socks[$i]);
        my $got = [ $r->code, $r->header('Content-Type'), format_says($c->[4], $r) ];
        $first{ $c->[0] } //= $got;
        $asked{ $c->[0] }++;
        $wrong{ $c->[0] }++ unless $got->[0] == 200 && $got->[1] eq $XML && $got->[2] eq $c->[5];
        die "the server closed a kept-alive connection\n" if ($r->header('Connection') // '') =~ /close/i;
    }
}
close $_ for @socks;

for my $c (@combos) {
    is_deeply $first{ $c->[0] }, [200, $XML, $c->[5]], "$c->[0]: its own answer";
    is $wrong{ $c->[0] } // 0, 0, "$c->[0]: all $asked{ $c->[0] } answers its own";
}

# AH77301: a combination compiled and kept, once per process.
my %per_pid;
for (split /\n/, error_log_since($log)) {
    $per_pid{$1}++ if /\[pid (\d+):tid \d+\].*AH77301: .*\Q$K\E/;
}
my $lines = 0;
$lines += $_ for values %per_pid;
note "AH77301 lines per process: ", join ', ', map { "$_: $per_pid{$_}" } sort keys %per_pid;
cmp_ok $lines, '>', 0, 'AH77301: combinations compiled and kept';
cmp_ok $lines, '<', $connections * $rounds / 2, "... far fewer times than the $connections x $rounds requests";
is scalar(grep { $_ > $kept } values %per_pid), 0, "... at most $kept per process (one per combination)"
    or diag explain \%per_pid;

done_testing;
