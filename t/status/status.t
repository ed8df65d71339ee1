# The status page (SetHandler autodiscover-status; all.test and layout 1 in
# t/conf/vhosts/): protected by Require like server-status; the answers
# counted per client family and outcome, shared by every child process
# (?auto); each virtual host's settings; the certificate of this
# connection; the preview of every format's answer for an address.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

sub get { http_get('all.test', shift) }
sub counts { status_counts('all.test', '/autodiscover-status') }

my $r = get('/autodiscover-status?auto');
is $r->code, 200, '?auto: 200 from the loopback address';
is $r->header('Content-Type'), 'text/plain; charset=utf-8', '?auto: plain text';
is scalar(keys %{ counts() }), 9 * 5 + 9 * 6,
    '?auto: a line for each family (PACC and DAV redirects among them) and outcome, and for each family and user agent';
is get('/autodiscover-status-elsewhere')->code, 403, 'Require protects it like server-status';

# Answers of known families and outcomes, then the differences.
my $before = counts();
post_pox('all.test', pox_request('jane@example.test')) for 1 .. 3;
post_pox('all.test', '<not xml');
post_pox('all.test', mobile_request('jane@example.test'));
get('/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS');
get('/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=Nonsense');
get('/mail/config-v1.1.xml?emailaddress=jane%40example.test');
get('/mail/config-v1.1.xml?emailaddress=jane%40foreign.test');
get('/mobileconfig?emailaddress=jane%40example.test');
post_soap('all.test', soap_request(users => ['jane@example.test'], settings => ['UserDisplayName']));
post_soap('all.test', '<x/>');
post_pox('hosting.test', pox_request('jane@old.test'));
my $after = counts();
my %delta = map { $_ => $after->{$_} - $before->{$_} } grep { $after->{$_} != $before->{$_} } keys %$after;
is_deeply \%delta, {
    'pox.settings' => 3, 'pox.error' => 1, 'pox.redirect' => 1, 'mobilesync.settings' => 1,
    'v2.settings' => 1, 'v2.error' => 1, 'autoconfig.settings' => 1, 'autoconfig.error' => 1,
    'mobileconfig.settings' => 1, 'soap.settings' => 1, 'soap.error' => 1,
    # No User-Agent header in these requests.
    'pox.agent.other' => 5, 'mobilesync.agent.other' => 1, 'v2.agent.other' => 2,
    'autoconfig.agent.other' => 2, 'mobileconfig.agent.other' => 1, 'soap.agent.other' => 2,
}, 'each answer counted once, under its family and outcome, and under its user agent';
# Across processes: many requests on fresh connections, all counted.
$before = counts();
post_pox('all.test', pox_request('joe@example.net')) for 1 .. 40;
is counts()->{'pox.settings'} - $before->{'pox.settings'}, 40,
    '40 answers from whichever child served them, all counted';

# The page.
$r = get('/autodiscover-status');
is $r->code, 200, 'page: 200';
is $r->header('Content-Type'), 'text/html; charset=utf-8', 'page: HTML';
is $r->header('Cache-Control'), 'no-store', 'page: not cached';
my $page = $r->content;
like $page, qr{<tr><td>all\.test:\d+</td><td>all\.test</td><td>(?:example\.test example\.net|example\.net example\.test)</td><td>POX, MobileSync, v2 JSON, SOAP, autoconfig, Apple profile \(signed\)</td><td>none</td></tr>},
    'page: all.test with its domains and endpoints';
like $page, qr{<tr><td>sql\.test:\d+</td><td>sql\.test</td><td>example\.test</td><td>POX, [^<]*\(unsigned\)</td><td>SQL</td></tr>},
    'page: a vhost with an SQL directory';
like $page, qr{<tr><td>autodiscover\.example\.test:\d+</td>[^\n]*<td>http redirect to https://mail\.example\.test:\d+</td>},
    'page: the layout-3 redirect vhost';
like $page, qr{<td id="pox\.settings">\d+</td>}, 'page: the counters';
like $page, qr{Plain HTTP: no certificate\.}, 'page: a plain connection has no certificate';
like $page, qr{<form method="get"><input name="address"}, 'page: the preview form';

# Preview.
$page = get('/autodiscover-status?address=jane%40example.net')->content;
like $page, qr{<p id="preview">Answers for jane\@example\.net:</p>\n<h3 id="preview-stranger">As a stranger</h3>\n<p>Settings for jane\@example\.net \(the plain answer\):</p>},
    'preview: for the address, as a stranger';
like $page, qr{<h3 id="preview-owner">As an authenticated user</h3>\n<p>Settings for jane\@example\.net \(the plain answer\):</p>},
    'preview: as an authenticated user (no AutodiscoverOwner here)';
like $page, qr{<h4>Outlook \(POX\)</h4>\n<pre>[^<]*&lt;Server&gt;imap\.example\.net&lt;/Server&gt;}, 'preview: POX, escaped';
like $page, qr{<h4>v2 JSON, Protocol=ActiveSync</h4>\n<pre>https://eas\.example\.net:8443/Microsoft-Server-ActiveSync</pre>},
    'preview: v2';
like $page, qr{<h4>Thunderbird autoconfig</h4>\n<pre>[^<]*&lt;hostname&gt;smtp\.example\.net&lt;/hostname&gt;}, 'preview: autoconfig';
like $page, qr{<h4>Apple profile \(before signing\)</h4>\n<pre>[^<]*&lt;string&gt;imap\.example\.net&lt;/string&gt;}, 'preview: Apple profile';
like $page, qr{<h4>SOAP GetUserSettings</h4>\n<pre>[^<]*ExternalEwsUrl}, 'preview: SOAP';
like get('/autodiscover-status?address=jane%40foreign.test')->content,
    qr{<h3 id="preview-stranger">As a stranger</h3>\n<p>jane\@foreign\.test: not a domain served here</p>}, 'preview: a foreign domain';

# With a directory: the stranger's plain answer beside the owner's directory one.
$page = http_get('sql-private.test', '/autodiscover-status?address=jane%40example.test')->content;
like $page, qr{<h3 id="preview-stranger">As a stranger</h3>\n<p>Settings for jane\@example\.test \(the plain answer\):</p>\n<h4>Outlook \(POX\)</h4>\n<pre>[^<]*&lt;Server&gt;imap\.example\.test&lt;/Server&gt;},
    'preview with a directory: the stranger gets the configured server';
like $page, qr{<h3 id="preview-owner">As an authenticated user</h3>\n<p>Settings for jane\@example\.test \(the directory answer\):</p>\n<h4>Outlook \(POX\)</h4>\n<pre>[^<]*&lt;Server&gt;imap2\.example\.test&lt;/Server&gt;},
    'preview with a directory: an authenticated user gets the directory\'s';
like get('/autodiscover-status?address=%3Cscript%3E')->content,
    qr{<p id="preview">Not an address: }, 'preview: not an address (and not reflected raw)';

# Over TLS (layout 1): the certificate of this connection.
my ($t) = https_exchange(port => port('AD_L1_PORT'), sni => 'mail.example.test', method => 'GET',
                         path => '/autodiscover-status');
like $t->content, qr{The certificate names <span id="cert-names">mail\.example\.test autodiscover\.example\.test</span>; it expires <span id="cert-end">[^<]+</span>, in <span id="cert-days">8\d\d</span> days\.},
    'TLS: the names and the days left of the certificate presented';

done_testing;
