# Who gets the directory's fields (t/conf/vhosts/sql.conf): at defaults a
# stranger gets the plain answer on every endpoint, the same for a user the
# directory knows, one it does not, one who moved and one disabled, so no
# answer tells that a mailbox exists; the owner gets the directory answer;
# another authenticated user gets POX's and SOAP's not-owner error, or the
# plain answer of v2, autoconfig and the Apple profile; without
# AutodiscoverOwner every authenticated user is trusted. A directory keyed
# by the domain alone answers strangers too. A request makes at most 4
# directory queries, however many users it names.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my %jane  = (user => 'jane@example.test', password => 'secret');
my %alice = (user => 'alice@example.test', password => 'secret');

# What a POX answer says: server, login, display name, or the error code.
sub pox {
    my ($host, $address, %o) = @_;
    my $r = post_pox($host, pox_request($address), %o);
    return "status " . $r->code if $r->code != 200;
    my $xc = answer_xpath($r);
    my $e = $xc->findvalue('//o:Response/o:Error/o:ErrorCode') || $xc->findvalue('//a:Response/a:Error/a:ErrorCode');
    return "error $e " . $xc->findvalue('//*[local-name()="DebugData"]') if $e;
    my $rd = $xc->findvalue('//o:Response/o:Account/o:RedirectAddr');
    return "moved $rd" if $rd;
    return join '|', $xc->findvalue('//o:Protocol[o:Type="IMAP"]/o:Server'),
        $xc->findvalue('//o:Protocol[o:Type="SMTP"]/o:LoginName'),
        $xc->findvalue('//o:User/o:DisplayName');
}
sub v2 {
    my ($host, $address, %o) = @_;
    my $r = http_get($host, "/autodiscover/autodiscover.json?Email=$address&Protocol=EWS", %o);
    return $r->code . ' ' . ($r->content =~ /"Url":"([^"]+)"/ ? $1 : $r->content);
}
sub autoconfig {
    my ($host, $address, %o) = @_;
    my $r = http_get($host, "/mail/config-v1.1.xml?emailaddress=$address", %o);
    return "status " . $r->code if $r->code != 200;
    my ($h) = $r->content =~ m{<incomingServer type="imap">\s*<hostname>([^<]+)};
    my ($u) = $r->content =~ m{<outgoingServer type="smtp">.*?<username>([^<]+)}s;
    return "$h|" . ($u // '');
}
sub profile {
    my ($host, $address, %o) = @_;
    my $r = http_get($host, "/mobileconfig?emailaddress=$address", %o);
    return "status " . $r->code if $r->code != 200;
    my ($h) = $r->content =~ m{<key>IncomingMailServerHostName</key>\s*<string>([^<]+)};
    return $h;
}
sub soap {
    my ($host, $users, %o) = @_;
    my $r = post_soap($host, soap_request(users => $users, settings => ['UserDisplayName']), %o);
    return ("status " . $r->code) if $r->code != 200;
    my $xc = soap_xpath($r);
    return map { $_->textContent } $xc->findnodes('//d:UserResponse/d:ErrorCode');
}

# ---------------------------------------------------- strangers at defaults
my $plain = 'imap.example.test|%s|%s (static)';
for my $who (qw(jane joe old gone nobody)) {
    is pox('sql-private.test', "$who\@example.test"), sprintf($plain, $who, $who),
        "stranger, POX, $who: the plain answer";
}
for my $who (qw(jane old nobody)) {
    is v2('sql-private.test', "$who\@example.test"), '200 https://mail.example.test/EWS/Exchange.asmx',
        "stranger, v2, $who: the configured URL";
    is autoconfig('sql-private.test', "$who\@example.test"), "imap.example.test|$who",
        "stranger, autoconfig, $who: the configured server and login";
    is profile('sql-private.test', "$who\@example.test"), 'imap.example.test',
        "stranger, Apple profile, $who: the configured server";
}
is_deeply [soap('sql-private.test', ['jane@example.test', 'old@example.test', 'nobody@example.test'])],
    [('NoError') x 3], 'stranger, SOAP: known, moved and unknown users alike';
# The answers differ only by the address.
{
    (my $a = post_pox('sql-private.test', pox_request('jane@example.test'))->content) =~ s/jane/X/g;
    (my $b = post_pox('sql-private.test', pox_request('nobody@example.test'))->content) =~ s/nobody/X/g;
    is $a, $b, 'stranger: a known and an unknown address get the same bytes but for the address';
}

# -------------------------------------------------------- the owner's view
is pox('sql-auth.test', 'jane@example.test'), 'status 401', 'behind auth: a stranger gets 401';
is pox('sql-auth.test', 'jane@example.test', %jane), 'imap2.example.test|EXAMPLE\jane|Jane <Doe> & "Co"',
    'owner, POX: the directory answer';
is v2('sql-auth.test', 'jane@example.test', %jane), '200 https://mbx2.example.test/EWS/Exchange.asmx',
    'owner, v2: the directory URL';
is autoconfig('sql-auth.test', 'jane@example.test', %jane), 'imap2.example.test|EXAMPLE\jane',
    'owner, autoconfig: the directory server and login';
is profile('sql-auth.test', 'jane@example.test', %jane), 'imap2.example.test', 'owner, Apple profile: the directory server';
is_deeply [soap('sql-auth.test', ['jane@example.test'], %jane)], ['NoError'], 'owner, SOAP: answered';
is pox('sql-auth.test', 'old@example.test', user => 'old@example.test', password => 'secret'),
    'moved new@example.net', 'owner, POX: a moved user learns the new address';

# ------------------------------------------------------ another user's view
is pox('sql-auth.test', 'jane@example.test', %alice), 'error 500 NotOwner', 'another user, POX: NotOwner';
is_deeply [soap('sql-auth.test', ['jane@example.test'], %alice)], ['InvalidUser'], 'another user, SOAP: InvalidUser';
is v2('sql-auth.test', 'jane@example.test', %alice), '200 https://mail.example.test/EWS/Exchange.asmx',
    'another user, v2: the plain answer';
is autoconfig('sql-auth.test', 'jane@example.test', %alice), 'imap.example.test|jane',
    'another user, autoconfig: the plain answer';
is profile('sql-auth.test', 'jane@example.test', %alice), 'imap.example.test',
    'another user, Apple profile: the plain answer (not 403)';
is autoconfig('sql-auth.test', 'old@example.test', %alice), 'imap.example.test|old',
    'another user, autoconfig: a moved user looks like any other';

# ------------------------------------- authenticated, no AutodiscoverOwner
is pox('sql-trusted.test', 'jane@example.test', %alice), 'imap2.example.test|EXAMPLE\jane|Jane <Doe> & "Co"',
    'trusted, POX: the directory answer';
is autoconfig('sql-trusted.test', 'jane@example.test', %alice), 'imap2.example.test|EXAMPLE\jane',
    'trusted, autoconfig: the directory answer';
is pox('sql-trusted.test', 'nobody@example.test', %alice), 'error 500 UnknownUser',
    'trusted: AutodiscoverUnknownUser error applies where the directory answers';

# ----------------------------------------- a request's directory budget
{
    my @users = map { sprintf 'budget%d-%d@example.test', $$, $_ } 1 .. 10;
    my @codes = soap('sql-trusted.test', \@users, %alice);
    is scalar(@codes), 10, 'budget: ten users answered';
    is_deeply [@codes[0 .. 3]], [('InvalidUser') x 4], 'budget: the first 4 looked up (unknown)';
    is_deeply [@codes[4 .. 9]], [('ServerBusy') x 6], 'budget: the rest ServerBusy, not looked up';
    # Cached now: asked again, the same 4 cost nothing and 4 more are asked.
    @codes = soap('sql-trusted.test', \@users, %alice);
    is_deeply [@codes[0 .. 7]], [('InvalidUser') x 8], 'budget: cache hits do not count';
}

# ------------------------------------------------- domain-level directory
is autoconfig('sql-domains.test', 'x@hosted-a.test'), 'imap.provider-a.test|x@hosted-a.test',
    'domain directory, stranger: the domain\'s servers and login';
is autoconfig('sql-domains.test', 'y@hosted-b.test'), 'mail.b-hosting.test|y@hosted-b.test',
    'domain directory: the configuration for fields the domain leaves empty';
is autoconfig('sql-domains.test', 'x@unhosted.test'), 'status 404', 'domain directory: a domain it does not hold: 404';
is pox('sql-domains.test', 'x@unhosted.test'), 'status 404', 'domain directory, POX: 404 (AutodiscoverForeignDomain notfound)';
is pox('sql-domains.test', 'x@hosted-a.test'), 'imap.provider-a.test|x@hosted-a.test|',
    'domain directory, POX: the domain\'s servers';
is http_get('sql-domains.test', '/autodiscover/autodiscover.json?Email=x@unhosted.test&Protocol=AutodiscoverV1')->code,
    404, 'domain directory, v2: 404 for a domain it does not hold';
is profile('sql-domains.test', 'x@hosted-b.test'), 'mail.b-hosting.test', 'domain directory, Apple profile';

# --------------------------------------------- letter case and access control
for my $path ('/Autodiscover/Autodiscover.xml', '/AUTODISCOVER/AUTODISCOVER.XML', '/%41utodiscover/autodiscover.xml') {
    my $r = post_pox('sql-auth.test', pox_request('jane@example.test'), path => $path);
    is $r->code, 401, "behind auth, $path: 401 for a stranger";
}
{
    my $r = post_pox('sql-auth.test', soap_request(users => ['jane@example.test'], settings => ['UserDisplayName']),
                     path => '/Autodiscover/Autodiscover.svc');
    is $r->code, 401, 'behind auth, /Autodiscover/Autodiscover.svc: 401 for a stranger';
    $r = http_get('sql-auth.test', '/Autodiscover/Autodiscover.json?Email=jane@example.test&Protocol=EWS');
    is $r->code, 401, 'behind auth, /Autodiscover/Autodiscover.json: 401 for a stranger';
    $r = http_get('sql-auth.test', '/MobileConfig?emailaddress=jane@example.test');
    is $r->code, 401, 'behind auth, /MobileConfig: 401 for a stranger';
}

# ----------------------------------------------------- input and caching
{
    my $log_start = -s Apache::Test::vars()->{t_logs} . '/error_log';
    my $r = http_get('sql.test', '/mail/config-v1.1.xml?emailaddress=j%C3%28ne@example.test');
    is $r->code, 400, 'autoconfig: an address that is not UTF-8: 400';
    $r = http_get('sql.test', '/mobileconfig?emailaddress=j%FFne@example.test');
    is $r->code, 400, 'Apple profile: an address that is not UTF-8: 400';
    $r = http_get('sql.test', '/autodiscover/autodiscover.json/v1.0/j%C0%AFne@example.test?Protocol=EWS');
    is $r->code, 400, 'v2 path form: an overlong UTF-8 form: 400';
    like $r->content, qr/"ErrorCode":"InvalidRequest"/, 'v2 path form: InvalidRequest';
    $r = http_get('sql.test', '/autodiscover/autodiscover.json?Email=j%ED%A0%80ne@example.test&Protocol=EWS');
    is $r->code, 400, 'v2: a UTF-16 surrogate in UTF-8: 400';
    $r = http_get('sql.test', '/mail/config-v1.1.xml?emailaddress=j%C3%A4ne@example.test');
    is $r->code, 200, 'autoconfig: a UTF-8 local part is fine';
    like $r->content, qr{<username>j\x{c3}\x{a4}ne</username>}, 'autoconfig: the UTF-8 local part, as sent';
    my $log = error_log_since($log_start);
    unlike $log, qr/directory: no user j\xc3\x28ne/, 'the invalid address never reached the directory';
}
for my $c (['POX', sub { post_pox('sql-private.test', pox_request('jane@example.test')) }],
           ['v2', sub { http_get('sql-private.test', '/autodiscover/autodiscover.json?Email=jane@example.test&Protocol=EWS') }],
           ['autoconfig', sub { http_get('sql-private.test', '/mail/config-v1.1.xml?emailaddress=jane@example.test') }],
           ['Apple profile', sub { http_get('sql-private.test', '/mobileconfig?emailaddress=jane@example.test') }],
           ['POX 401', sub { post_pox('sql-auth.test', pox_request('jane@example.test')) }],
           ['v2 404', sub { http_get('sql-private.test', '/autodiscover/autodiscover.json?Email=x@else.test&Protocol=EWS') }]) {
    is $c->[1]->()->header('Cache-Control'), 'private, no-store', "Cache-Control: $c->[0]";
}

# Start-up: a warning names the directory no client can reach (sql-private.test
# has no authentication and no AutodiscoverPublicDirectory), and only that one.
{
    my $conf = Apache::Test::vars()->{t_conf} . '/vhosts/sql.conf';
    open my $fh, '<', $conf or die "$conf: $!";
    my ($vhost, %line);
    while (<$fh>) {
        $vhost = $1 if /ServerName (\S+)/;
        $line{$vhost} //= $. if $vhost && /^\s*AutodiscoverSQLQuery/;
    }
    my $log = error_log_since(0);
    my @warned = $log =~ /AH77085: \S*sql\.conf:(\d+): a per-user directory is configured, but nothing here asks for credentials and AutodiscoverPublicDirectory is Off/g;
    # httpd numbers a directive continued over lines by its last line.
    sub at { my $l = shift; grep { $_ >= $l && $_ <= $l + 2 } @warned }
    ok scalar(at($line{'sql-private.test'})), 'start-up warning for sql-private.test';
    ok !at($line{'sql-auth.test'}), 'none for sql-auth.test (authentication)';
    ok !at($line{'sql.test'}), 'none for sql.test (AutodiscoverPublicDirectory On)';
}

done_testing;
