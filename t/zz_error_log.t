# Runs last: the server's error log holds no [error], [crit], [alert] or
# [emerg] line from the whole run (client mistakes are logged at info).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $log = Apache::Test::vars()->{t_logs} . '/error_log';
plan tests => 2;

open my $fh, '<', $log or die "$log: $!";
my (@bad, $ours);
while (<$fh>) {
    push @bad, $_ if /\[(?:\w+:)?(?:error|crit|alert|emerg)\]/;
    $ours++ if /\[autodiscover:\w+\].*AH770\d\d:/;
}
ok $ours, 'the module logged with its own tags';
is scalar(@bad), 0, 'no error-level lines in the error log' or diag @bad[0 .. ($#bad < 9 ? $#bad : 9)];
