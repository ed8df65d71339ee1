# The Prometheus metrics (SetHandler autodiscover-metrics; ops.test in
# t/conf/vhosts/ops.conf): the text exposition format 0.0.4 as promtool
# checks it, protected by Require like the status page, the same counters
# as the status page's ?auto, each answer counted once per family and
# outcome, per family and user agent, and per virtual host, whose rows
# are only those of virtual hosts that answer autodiscover.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use lib 't/lib';
use AD::Test;

my $promtool = '/usr/bin/promtool';
my $top = Apache::Test::vars()->{serverroot} . '/..';
my $port = port('AD_HTTP_PORT');

sub scrape {
    my $r = http_get('ops.test', '/autodiscover-metrics');
    die 'status ' . $r->code unless $r->code == 200;
    return $r->content;
}
# "name{labels}" => value for every sample.
sub samples {
    my %s;
    for (split /\n/, shift) {
        next if /^#/;
        /^(\w+(?:\{[^}]*\})?) (\S+)$/ or die "not a sample: $_";
        $s{$1} = $2;
    }
    return \%s;
}

# The format.
my $r = http_get('ops.test', '/autodiscover-metrics');
is $r->code, 200, 'metrics: 200 from the loopback address';
is $r->header('Content-Type'), 'text/plain; version=0.0.4; charset=utf-8',
    'metrics: the text exposition format, version 0.0.4';
is $r->header('Cache-Control'), 'no-store', 'metrics: not cached';
my $text = $r->content;
ok -x $promtool, "$promtool is installed (scripts/install-deps: prometheus)";
my $file = File::Temp->new;
print $file $text;
close $file;
my $lint = `$promtool check metrics < $file 2>&1`;
is $?, 0, 'promtool check metrics: exit 0';
is $lint, '', 'promtool check metrics: no problem reported';
like $text, qr/\n\z/, 'the last line ends with a line feed';

my @families = $text =~ /^# TYPE (\w+) (\w+)$/mg;
is_deeply \@families, [qw(autodiscover_build_info gauge autodiscover_start_time_seconds gauge
                          autodiscover_answers_total counter autodiscover_answers_by_agent_total counter
                          autodiscover_vhost_answers_total counter)],
    'five families, in order, with their types';
is scalar(() = $text =~ /^# HELP autodiscover_\w+ \S.*$/mg), 5, 'each with a HELP line';
my ($version) = `cat $top/include/mod_autodiscover.h` =~ /#define AD_VERSION "([^"]+)"/;
like $text, qr/^autodiscover_build_info\{version="\Q$version\E"\} 1$/m, "build_info: version $version";
my $s = samples($text);
my $start = $s->{autodiscover_start_time_seconds};
like $start, qr/^\d{10}\.\d{6}$/, 'start time: seconds since the epoch, to the microsecond';
cmp_ok $start, '<=', time + 1, 'start time: not in the future';
# The suite's server started minutes ago; an hour protects against a wrong
# clock or a time of another server, not a speed.
cmp_ok $start, '>', time - 3600, 'start time: when this server started';
my @answers = grep /^autodiscover_answers_total\{/, keys %$s;
is scalar(@answers), 9 * 5, 'answers_total: a series for each family and outcome';
ok exists $s->{'autodiscover_answers_total{family="dav-redirect",outcome="unavailable"}'},
    'answers_total: labels family and outcome, the ?auto keys';
is scalar(grep /^autodiscover_answers_by_agent_total\{/, keys %$s), 9 * 6,
    'answers_by_agent_total: a series for each family and user agent';
ok exists $s->{'autodiscover_answers_by_agent_total{family="autoconfig",agent="thunderbird-android"}'},
    'answers_by_agent_total: labels family and agent';

# The virtual hosts' rows: one per name:port that answers autodiscover.
my @vhosts = $text =~ /^autodiscover_vhost_answers_total\{vhost="([^"]+)",outcome="settings"\} /mg;
my %seen;
is scalar(grep { $seen{$_}++ } @vhosts), 0, 'vhost rows: each name:port once';
my %series;
is scalar(grep { $series{$_}++ } $text =~ /^(\w+\{[^}]*\}) /mg), 0, 'no series twice';
ok exists $seen{"all.test:$port"}, 'vhost rows: all.test by name and port';
is scalar(grep /^twin\.test:/, @vhosts), 1, 'vhost rows: two virtual hosts of one name and port share one';
ok !grep(/^ops\.test:/, @vhosts), 'vhost rows: none for ops.test, which answers no autodiscover';
is scalar(grep /^autodiscover_vhost_answers_total\{/, keys %$s), 5 * @vhosts,
    'vhost rows: a series for each outcome';

# The same counters as ?auto.
my %auto = %{ status_counts('all.test', '/autodiscover-status') };
my %from_metrics;
for (keys %$s) {
    $from_metrics{"$1.$2"} = $s->{$_} if /^autodiscover_answers_total\{family="([^"]+)",outcome="([^"]+)"\}$/;
    $from_metrics{"$1.agent.$2"} = $s->{$_} if /^autodiscover_answers_by_agent_total\{family="([^"]+)",agent="([^"]+)"\}$/;
}
is_deeply \%from_metrics, \%auto, 'the numbers of the status page\'s ?auto (no answer in between)';

# A known sequence of answers, then the differences.
my $outlook = 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)';
my $before = samples(scrape());
post_pox('all.test', pox_request('jane@example.test'), headers => ["User-Agent: $outlook"]) for 1 .. 2;
post_pox('all.test', '<not xml');
http_get('all.test', '/mail/config-v1.1.xml?emailaddress=jane%40example.test', headers => ['User-Agent: okhttp/4.12.0']);
http_get('all.test', '/mail/config-v1.1.xml?emailaddress=jane%40foreign.test',
    headers => ['User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.0']);
http_get('all.test', '/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=Nonsense');
post_pox('hosting.test', pox_request('jane@old.test'));
http_get('twin.test', '/mail/config-v1.1.xml?emailaddress=jane%40twin.test');
my $after = samples(scrape());
my %delta = map { $_ => $after->{$_} - $before->{$_} }
    grep { $_ ne 'autodiscover_start_time_seconds' && $after->{$_} != $before->{$_} } keys %$after;
is_deeply \%delta, {
    'autodiscover_answers_total{family="pox",outcome="settings"}' => 2,
    'autodiscover_answers_total{family="pox",outcome="error"}' => 1,
    'autodiscover_answers_total{family="pox",outcome="redirect"}' => 1,
    'autodiscover_answers_total{family="autoconfig",outcome="settings"}' => 2,
    'autodiscover_answers_total{family="autoconfig",outcome="error"}' => 1,
    'autodiscover_answers_total{family="v2",outcome="error"}' => 1,
    'autodiscover_answers_by_agent_total{family="pox",agent="outlook"}' => 2,
    'autodiscover_answers_by_agent_total{family="pox",agent="other"}' => 2,
    'autodiscover_answers_by_agent_total{family="autoconfig",agent="thunderbird-android"}' => 1,
    'autodiscover_answers_by_agent_total{family="autoconfig",agent="thunderbird"}' => 1,
    'autodiscover_answers_by_agent_total{family="v2",agent="other"}' => 1,
    'autodiscover_answers_by_agent_total{family="autoconfig",agent="other"}' => 1,
    "autodiscover_vhost_answers_total{vhost=\"all.test:$port\",outcome=\"settings\"}" => 3,
    "autodiscover_vhost_answers_total{vhost=\"all.test:$port\",outcome=\"error\"}" => 3,
    "autodiscover_vhost_answers_total{vhost=\"hosting.test:$port\",outcome=\"redirect\"}" => 1,
    "autodiscover_vhost_answers_total{vhost=\"twin.test:$port\",outcome=\"settings\"}" => 1,
}, 'each answer counted once: family and outcome, family and agent, virtual host and outcome (scrapes not counted)';
is $after->{autodiscover_start_time_seconds}, $start, 'start time: the same on every scrape';

# Protected like the status page: here by a password, as a scraper sends it.
is http_get('ops.test', '/metrics-with-password')->code, 401, 'with a password: 401 without it';
$r = http_get('ops.test', '/metrics-with-password', user => 'carol', password => 'secret');
is $r->code, 200, 'with a password: 200 with it';
is $r->header('Content-Type'), 'text/plain; version=0.0.4; charset=utf-8', 'with a password: the same format';
is http_get('all.test', '/autodiscover-metrics')->code, 404, 'only where a Location names the handler';

# Methods.
$r = http_get('ops.test', '/autodiscover-metrics', method => 'HEAD');
is $r->code, 200, 'HEAD: 200';
is $r->header('Content-Type'), 'text/plain; version=0.0.4; charset=utf-8', 'HEAD: the type';
$r = http_exchange(host => 'ops.test', path => '/autodiscover-metrics', body => 'x');
is $r->code, 405, 'POST: 405';

done_testing;
