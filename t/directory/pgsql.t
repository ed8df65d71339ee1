# The SQL directory in a real PostgreSQL server (started by "make test"
# with scripts/pg-test; pgsql.test in t/conf/vhosts/sql.conf): per-user
# answers through mod_dbd's pgsql driver; a query slower than
# statement_timeout cut and answered from the configuration; the server
# stopped during the test (the configured answer, 503 where configured, a
# rate-limited log line) and started again (directory answers return
# without restarting httpd), also quickly, with no request in between.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes ();
use lib 't/lib';
use AD::Test;
use AD::Directory;
use AD::XPath;

my $log = Apache::Test::vars()->{t_logs} . '/error_log';
my $pg = directory_server('pg');

sub get { http_get('pgsql.test', shift) }
sub name_of { display_name('pgsql.test', shift) }
sub log_size { -s $log }

# Answers from PostgreSQL.
my $xc = answer_xpath(post_pox('pgsql.test', pox_request('jane@example.test')));
is $xc->findvalue('//o:Response/o:User/o:DisplayName'), 'Jane <Doe> & "Co"', 'display name from PostgreSQL';
is $xc->findvalue('//o:Response/o:Account/o:Protocol[o:Type="IMAP"]/o:Server'), 'imap2.example.test',
    'IMAP host from PostgreSQL';
is $xc->findvalue('//o:Response/o:Account/o:Protocol[o:Type="IMAP"]/o:LoginName'), 'EXAMPLE\jane',
    'login from PostgreSQL';
is name_of('nobody@example.test'), 'nobody (static)', 'unknown user: the configured answer';
$xc = answer_xpath(post_pox('pgsql.test', pox_request('old@example.test')));
is $xc->findvalue('//o:Response/o:Account/o:RedirectAddr'), 'new@example.net', 'redirect_addr from PostgreSQL';
my $r = get('/autodiscover/autodiscover.json/v1.0/JANE@example.test?Protocol=ActiveSync');
is(json_of($r)->{Url},
   'https://mbx2.example.test/Microsoft-Server-ActiveSync', 'v2: ActiveSync URL from PostgreSQL (lower(%s))');

# A query that takes 5 s, cut by statement_timeout after 1 s.
my $t0 = Time::HiRes::time();
$r = get('/mobileconfig?emailaddress=jane%40example.test');
my $took = Time::HiRes::time() - $t0;
is $r->code, 200, 'slow query: answered (a failure, not an unknown user)';
like $r->content, qr{<key>EmailAccountName</key>\s*<string>jane \(static\)</string>},
    'slow query: with the configured values';
# statement_timeout cuts the query after 1 s (about 1.0 s here); a request
# held for the whole query takes 5 s or more. The bound, 5x the typical
# figure, protects against that (a wait), not a speed.
cmp_ok $took, '<', 5, sprintf 'slow query: bounded by statement_timeout, not the 5 s of the query (%.1f s)', $took;

# Stop PostgreSQL.
$pg->stop;
my $from = log_size();
my @names = map { name_of('jane@example.test') } 1 .. 10;
is_deeply \@names, [('jane (static)') x 10], 'server down: POX answers from the configuration';
my @codes = map { get('/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS') } 1 .. 10;
is_deeply [map { $_->code } @codes], [(503) x 10], 'server down: v2 answers 503 (AutodiscoverDirectoryFailure error)';
is $codes[0]->header('Retry-After'), '30', 'server down: Retry-After';
is get('/mail/config-v1.1.xml?emailaddress=joe%40example.test')->code, 200,
    'server down: autoconfig answers from the configuration';
my @lines = grep { /AH77062: SQL directory unavailable/ } split /\n/, error_log_since($from);
cmp_ok scalar(@lines), '>=', 1, 'server down: logged';
cmp_ok scalar(@lines), '<=', 8, 'server down: at most one line per process for 20 failures';
like $lines[0] // '', qr/\[autodiscover:error\]/, 'server down: at level error';

# Start it again: answers from the directory return, without a restart.
$pg->start;
my $name = '';
# Seconds to wait for the reconnection: a second or two; the wait ends at
# the first directory answer, the bound only catches one that never comes.
poll(sub { ($name = name_of('jane@example.test')) ne 'jane (static)' }, 30);
is $name, 'Jane <Doe> & "Co"', 'server back: directory answers again';
# Every process and thread reconnects: 20 answers in a row from the directory.
@names = map { name_of('jane@example.test') } 1 .. 20;
is_deeply \@names, [('Jane <Doe> & "Co"') x 20], 'server back: every answer from the directory';
$r = get('/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS');
is $r->code, 200, 'server back: v2 answers 200';
is(json_of($r)->{Url},
   'https://mbx2.example.test/EWS/Exchange.asmx', 'server back: v2 URL from the directory');
$r = get('/mail/config-v1.1.xml?emailaddress=jane%40example.test');
like $r->content, qr{<hostname>imap2\.example\.test</hostname>}, 'server back: autoconfig from the directory';

# A quick restart, no request in between: the pooled connections reconnect
# but have lost their prepared statements; each is prepared again, so no
# answer falls back to the configuration.
$pg->stop;
$pg->start;
@names = map { name_of('jane@example.test') } 1 .. 20;
is_deeply \@names, [('Jane <Doe> & "Co"') x 20], 'quick restart: every answer from the directory';

done_testing;
