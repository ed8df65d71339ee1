# Runs last: the server's error log holds no [error], [crit], [alert] or
# [emerg] line from the whole run but those the suite causes on purpose
# (client mistakes are logged at info), no child that died of a signal,
# no line printed to stderr by a library (the error log is httpd's
# stderr; scripts/check-error-log looks again after the server stopped, as
# children may flush stderr only at exit), and no sanitizer report
# ("make test-asan").
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $log = Apache::Test::vars()->{t_logs} . '/error_log';

# Errors the suite causes on purpose: the SQL directory of sql-down.test
# cannot be opened, t/directory/pgsql.t stops PostgreSQL and runs a query
# past its statement_timeout, t/directory/ldap.t stops slapd, and
# t/status/status.t asks for a status page it may not see, and t/ops/fail2ban.t
# sends wrong passwords and an unknown user. mod_dbd says so at child start and on
# each attempt; the module's line follows.
sub expected {
    local $_ = shift;
    return /AH00629: Can't connect to (?:sqlite3: unable to open database file|pgsql: connection to server at "127\.0\.0\.1", port \d+ failed: Connection refused)/
        || /AH00639: DBD \[pgsql\] Error: connection to server at "127\.0\.0\.1", port \d+ failed: Connection refused/
        || /AH0063[36]: (?:failed to initialise|child init failed!)/
        || /AH02655: Failed to acquire DBD connection from pool!/
        || /AH01630: client denied by server configuration: \S+\/autodiscover-status-elsewhere$/
        || /AH01617: user alice\@example\.test: authentication failure for "\/(?:autodiscover\/autodiscover\.xml|fail2ban-elsewhere)": Password Mismatch$/
        || /AH01618: user mallory\@example\.test not found: \/autodiscover\/autodiscover\.xml$/
        || /AH77075: LDAP directory unavailable: LDAP: ldap_simple_bind\(\) failed \(LDAP result -1\)/
        || /AH77062: SQL directory unavailable: (?:no database connection|query failed: (?:ERROR:  canceling statement due to statement timeout|FATAL:  terminating connection due to administrator command|connection to server at "127\.0\.0\.1", port \d+ failed: Connection refused))/;
}

open my $fh, '<', $log or die "$log: $!";
my (@bad, @died, @sanitizer, @stray, $ours);
while (<$fh>) {
    push @bad, $_ if /\[(?:\w+:)?(?:error|crit|alert|emerg)\]/ && !expected($_);
    push @died, $_ if /exit signal/;
    push @stray, $_ unless /^\[/ || /^\s*$/;
    push @sanitizer, $_ if /Sanitizer|runtime error:/;
    $ours++ if /\[autodiscover:\w+\].*AH770\d\d:/;
}
ok $ours, 'the module logged with its own tags';
is scalar(@bad), 0, 'no error-level lines in the error log' or diag @bad[0 .. ($#bad < 9 ? $#bad : 9)];
is scalar(@died), 0, 'no child died of a signal' or diag @died[0 .. ($#died < 9 ? $#died : 9)];
is scalar(@stray), 0, 'every line is httpd\'s (nothing printed straight to stderr)'
    or diag @stray[0 .. ($#stray < 9 ? $#stray : 9)];
is scalar(@sanitizer), 0, 'no sanitizer report' or diag @sanitizer[0 .. ($#sanitizer < 9 ? $#sanitizer : 9)];

done_testing;
