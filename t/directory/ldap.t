# Per-user answers from a real OpenLDAP server (started by "make test" with
# scripts/ldap-test; ldap.test in t/conf/vhosts/ldap.conf) through mod_ldap:
# mapped attributes override the configuration; the address is escaped in
# the filter; an address on no entry, or on several, is an unknown user;
# the server stopped (the configured answer, 503 where configured, a log
# line) and started again (directory answers return without a restart).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Directory;

my $log = Apache::Test::vars()->{t_logs} . '/error_log';
my $ldap = directory_server('ldap');

sub get { http_get('ldap.test', shift) }
sub pox { answer_xpath(post_pox('ldap.test', pox_request(shift))) }
sub name_of { display_name('ldap.test', shift) }

my $xc = pox('jane@example.test');
values_are($xc, '//o:Response', ['o:User/o:DisplayName', 'Jane <Doe> & "Co"', 'displayName gives the display name'],
    ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap2.example.test', 'a mapped attribute gives the IMAP host'],
    ['o:Account/o:Protocol[o:Type="IMAP"]/o:LoginName', 'EXAMPLE\jane', 'a mapped attribute gives the login'],
    ['o:Account/o:Protocol[o:Type="IMAP"]/o:Port', '993', 'the port from the configuration'],
    ['o:Account/o:Protocol[o:Type="EXPR"]/o:EwsUrl', 'https://mbx2.example.test/EWS/Exchange.asmx',
     'a mapped attribute gives the EWS URL']);
$xc = pox('joe@example.test');
values_are($xc, '//o:Response', ['o:User/o:DisplayName', 'Joe Bloggs', 'joe: display name from LDAP'],
    ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap.example.test', 'joe: no mapped host, the configured one']);
$xc = pox('old@example.test');
values_are($xc, '//o:Response/o:Account', ['o:Action', 'redirectAddr', 'redirect_addr from LDAP'],
    ['o:RedirectAddr', 'new@example.net', 'the new address']);
is name_of('nobody@example.test'), 'nobody (static)', 'no entry: the configured answer';
is get('/mobileconfig?emailaddress=nobody%40example.test')->code, 404,
    'no entry, AutodiscoverUnknownUser error: 404';
is get('/mobileconfig?emailaddress=twin%40example.test')->code, 404,
    'two entries with the address: not a user (404)';
is get('/mobileconfig?emailaddress=jane%40example.test')->code, 200, 'one entry: 200';
# Unescaped, "ja*" would match jane's entry alone and answer her profile.
is get('/mobileconfig?emailaddress=ja*%40example.test')->code, 404,
    'a * in the address is a character, not a wildcard';
is name_of('JOE@example.test'), 'Joe Bloggs', 'LDAP matching of mail ignores case';

# Stop slapd.
$ldap->stop;
my $from = -s $log;
my @names = map { name_of('jane@example.test') } 1 .. 5;
is_deeply \@names, [('jane (static)') x 5], 'server down: the configured answer';
my $r = get('/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS');
is $r->code, 503, 'server down: v2 answers 503 (AutodiscoverDirectoryFailure error)';
is $r->header('Retry-After'), '30', 'server down: Retry-After';
my @lines = grep { /AH77075: LDAP directory unavailable/ } split /\n/, error_log_since($from);
cmp_ok scalar(@lines), '>=', 1, 'server down: logged';

# Start it again.
$ldap->start;
my $name = '';
# Seconds to wait for the reconnection: a second or two; the wait ends at
# the first directory answer, the bound only catches one that never comes.
poll(sub { ($name = name_of('jane@example.test')) ne 'jane (static)' }, 30);
is $name, 'Jane <Doe> & "Co"', 'server back: directory answers again';
@names = map { name_of('jane@example.test') } 1 .. 10;
is_deeply \@names, [('Jane <Doe> & "Co"') x 10], 'server back: every answer from the directory';

# Per-domain SQL and per-user LDAP in one scope: strangers get the domain's
# servers, authenticated users their own.
{
    my $r = http_get('ldap-domains.test', '/mail/config-v1.1.xml?emailaddress=jane%40example.test');
    like $r->content, qr{<incomingServer type="imap">\s*<hostname>imap-d\.example\.test</hostname>},
        'per-domain SQL, stranger: the domain\'s IMAP host';
    $r = post_pox('ldap-domains.test', pox_request('jane@example.test'),
                  user => 'alice@example.test', password => 'secret');
    is answer_xpath($r)->findvalue('//o:Protocol[o:Type="IMAP"]/o:Server'), 'imap2.example.test',
        'per-user LDAP, authenticated: the user\'s IMAP host over the domain\'s';
    $r = post_pox('ldap-domains.test', pox_request('nobody@example.test'),
                  user => 'alice@example.test', password => 'secret');
    is answer_xpath($r)->findvalue('//o:Protocol[o:Type="IMAP"]/o:Server'), 'imap-d.example.test',
        'a user LDAP does not know: the domain\'s IMAP host';
}

done_testing;
