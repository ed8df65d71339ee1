# The fail2ban filter and jail (contrib/fail2ban/) against this server's
# own error log: wrong passwords and unknown users on the autodiscover URLs
# of an authenticated virtual host (sql-auth.test in t/conf/vhosts/sql.conf,
# t/conf/htpasswd), and an authenticated user asking for another user's
# address where AutodiscoverOwner applies (AH77220, once per request). Each
# of those lines matches, with the client's address and the user; lines of
# successful requests, of requests without credentials and of failures on
# other URLs do not. fail2ban-regex and fail2ban-client read the filter and
# the jail as an installation would (fail2ban's daemon is never started).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $log = "$vars->{t_logs}/error_log";
my ($regex, $client) = ('/usr/bin/fail2ban-regex', '/usr/bin/fail2ban-client');
my %alice = (user => 'alice@example.test', password => 'secret');

ok -x $regex, "$regex is installed (scripts/install-deps: fail2ban)";
ok -x $client, "$client is installed";

# fail2ban's own configuration with this filter and jail in it, as
# installed: the filter includes apache-common.conf from its directory.
# Debian's path for the log (paths-overrides.local) points at the suite's.
my $etc = File::Temp->newdir;
system('cp', '-R', '/etc/fail2ban/.', "$etc/") == 0 or die "copy /etc/fail2ban: $?";
unlink glob("$etc/jail.d/*");
system('cp', "$top/contrib/fail2ban/filter.d/apache-autodiscover.conf", "$etc/filter.d/") == 0
    && system('cp', "$top/contrib/fail2ban/jail.d/apache-autodiscover.conf", "$etc/jail.d/") == 0
    or die "copy the filter and jail: $?";
my $filter = "$etc/filter.d/apache-autodiscover.conf";

sub shq { my $s = shift; $s =~ s/'/'\\''/g; "'$s'" }
# fail2ban-regex over a file or a line: (matched, missed, output).
sub run_regex {
    my ($what, @opt) = @_;
    my $out = `$regex @opt @{[shq($what)]} @{[shq($filter)]} 2>&1`;
    die "fail2ban-regex: $out" if $?;
    my ($matched, $missed) = $out =~ /^Lines: \d+ lines, 0 ignored, (\d+) matched, (\d+) missed/m;
    return ($matched // -1, $missed // -1, $out);
}

# Failures on purpose, then successes, on sql-auth.test.
sub pox { my ($address, %o) = @_; post_pox('sql-auth.test', pox_request($address), %o) }
my $offset = -s $log;
is pox('jane@example.test', user => 'alice@example.test', password => 'wrong')->code, 401,
    'wrong password: 401' for 1 .. 3;
is pox('alice@example.test', path => '/Autodiscover/Autodiscover.xml', user => 'alice@example.test',
       password => 'wrong')->code, 401, 'wrong password, Outlook\'s spelling of the URL: 401';
is pox('alice@example.test', user => 'mallory@example.test', password => 'secret')->code, 401,
    'unknown user: 401' for 1 .. 2;
like pox('jane@example.test', %alice)->content, qr{<DebugData>NotOwner</DebugData>},
    'another user\'s address: NotOwner';
my $soap = post_soap('sql-auth.test', soap_request(users => ['jane@example.test', 'bob@example.test'],
                                                  settings => ['UserDisplayName']), %alice);
is scalar(() = $soap->content =~ /<ErrorCode>InvalidUser<\/ErrorCode>/g), 2,
    'SOAP naming two other users: InvalidUser for each';
# Not for fail2ban.
like pox('alice@example.test', %alice)->content, qr{<Protocol>}, 'the owner: the settings';
is pox('alice@example.test')->code, 401, 'no credentials: 401';
is http_get('sql-auth.test', '/fail2ban-elsewhere', user => 'alice@example.test', password => 'wrong')->code, 401,
    'wrong password on a URL of no autodiscover: 401';

my $excerpt = File::Temp->new;
print $excerpt error_log_since($offset);
close $excerpt;
my $text = error_log_since($offset);

# httpd's standard format, as the suite writes it (LogLevel debug adds
# file(line) only to debug lines): what the filter must read.
my $prefix = qr{^\[\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d{6} \d{4}\] \[(\w+):(\w+)\] \[pid \d+:tid \d+\] \[client 127\.0\.0\.1:\d+\] };
my @failures = grep { /AH(?:01617|01618|77220):/ } split /\n/, $text;
is scalar(grep { /$prefix/ } @failures), scalar(@failures), 'every failure line in the standard format';
ok $text =~ /\[autodiscover:debug\] .*\[client 127\.0\.0\.1:\d+\] AH77083: alice\@example\.test for the owner \(alice\@example\.test\): settings/,
    'the log holds the success line too';
ok $text =~ /AH01617: user alice\@example\.test: authentication failure for "\/fail2ban-elsewhere"/,
    'and the failure on the other URL';

# The filter over that log.
my ($matched, $missed, $out) = run_regex("$excerpt");
is $matched, 3 + 1 + 2 + 1 + 1, 'matched: 4 wrong passwords, 2 unknown users, 2 requests for others\' addresses';
cmp_ok $missed, '>', 0, 'the other lines missed';
(undef, undef, $out) = run_regex("$excerpt", '-o', shq('<ip> <F-USER>'));
is $out, join('', ("127.0.0.1 alice\@example.test\n") x 4, ("127.0.0.1 mallory\@example.test\n") x 2,
              ("127.0.0.1 alice\@example.test\n") x 2),
    'each with the client address and the user, in order';
(undef, undef, $out) = run_regex("$excerpt", '-o', 'msg');
my @hits = split /\n/, $out;
is_deeply [map { /(AH\d+): / ? $1 : $_ } @hits],
    [qw(AH01617 AH01617 AH01617 AH01617 AH01618 AH01618 AH77220 AH77220)], 'the lines matched, by tag';
like $hits[3], qr{authentication failure for "/autodiscover/autodiscover\.xml"}, 'Outlook\'s spelling is logged as the module spells it';
is_deeply [grep { /AH77083|fail2ban-elsewhere|\[autodiscover:debug\]/ } @hits], [],
    'no success line, no debug line, no failure on another URL';
like $hits[6], qr{\[autodiscover:warn\] .*AH77220: owner check failed: user alice\@example\.test asked for jane\@example\.test, not an address of theirs$},
    'AH77220: at warn, who asked for what';

# Other servers' formats: prefork (no thread id) and an IPv6 client.
($matched) = run_regex('[Mon Dec 23 07:49:01.981912 2026] [auth_basic:error] [pid 3790] [client 2001:db8::5:51234] AH01618: user admin not found: /autodiscover/autodiscover.xml');
is $matched, 1, 'prefork, IPv6: matched';

# The jail, as fail2ban-client reads it from the configuration.
open my $fh, '>', "$etc/paths-overrides.local" or die $!;
print $fh "[DEFAULT]\napache_error_log = $log\n";
close $fh;
my $dump = `$client -c @{[shq("$etc")]} -d 2>&1`;
like $dump, qr{^\['set', 'apache-autodiscover', 'maxretry', 10\]$}m, 'jail: 10 failures';
like $dump, qr{^\['set', 'apache-autodiscover', 'findtime', '10m'\]$}m, 'jail: within 10 minutes';
like $dump, qr{^\['set', 'apache-autodiscover', 'addlogpath', '\Q$log\E', 'head'\]$}m,
    'jail: Debian\'s apache_error_log (here the suite\'s)';

done_testing;
