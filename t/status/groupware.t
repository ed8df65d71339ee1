# The status page on the groupware vhosts (t/conf/vhosts/groupware.conf;
# the page itself: t/conf/vhosts/status.conf): answers counted per client
# family and user agent beside the outcome, and the preview of what the
# scope says for every address: CalDAV and CardDAV with their well-known
# redirects, OAuth2, the provider, Outlook's TTL, v2, and the PACC record
# of each mail domain.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use Digest::SHA qw(sha256);
use MIME::Base64 qw(encode_base64);

sub page { http_get(shift, '/groupware-status' . (shift // '')) }
sub counts { status_counts('dav.test', '/groupware-status') }
sub unhtml { my $s = shift; $s =~ s/&lt;/</g; $s =~ s/&gt;/>/g; $s =~ s/&quot;/"/g; $s =~ s/&amp;/&/g; $s }

# PACC answers only once ad_pacc_compile() describes dav.test (it has
# implicit-TLS IMAP and SMTP); until then the page says so.
my $no_pacc = page('dav.test')->content =~ m{^ua-auto-config\.dav\.test: no PACC document \(404\)$}m;

my %ua = (
    autodetect  => 'OutlookMobileCloudService-Autodetect/1.0.0',
    outlook_win => 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)',
    outlook_mac => 'Microsoft Office/16.0 (Macintosh; Mac OS X 14.5; Pro)',
    outlook_ios => 'Outlook-iOS/711.2304115.prod.iphone (3.26.0)',
    okhttp      => 'okhttp/4.12.0',
    k9          => 'K-9 Mail/6.800',
    tfa         => 'net.thunderbird.android/9.0 (Android 14)',
    tb_mac      => 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:128.0) Gecko/20100101 Thunderbird/128.0',
    tb_win      => 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0',
    ios_dav     => 'iOS/18.0 (22A3354) dataaccessd/1.0',
    mac_setup   => 'macOS/26.1 (25B78) accountsd/1.0',
    iphone      => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    davx5       => 'DAVx5/4.4 (dav4jvm; okhttp/4.12.0) Android/14',
);
sub ask {
    my ($method, $host, $path, $ua, $body) = @_;
    return http_exchange(method => $method, host => $host, path => $path,
                         defined $body ? (body => $body) : (),
                         headers => [ defined $ua ? "User-Agent: $ua{$ua}" : () ])->code;
}

# Each user-agent class at each kind of endpoint, and the differences.
my $before = counts();
my $pox = pox_request('jane@dav.test');
my @codes = (
    ask(POST => 'dav.test', '/autodiscover/autodiscover.xml', 'autodetect', $pox),
    ask(POST => 'dav.test', '/autodiscover/autodiscover.xml', 'outlook_win', $pox),
    ask(POST => 'dav.test', '/autodiscover/autodiscover.xml', 'outlook_mac', $pox),
    ask(POST => 'autodiscover.cal.test', '/autodiscover/autodiscover.xml', 'outlook_ios', pox_request('jane@cal.test')),
    ask(POST => 'dav.test', '/autodiscover/autodiscover.xml', undef, '<not xml'),
    ask(GET => 'autoconfig.dav.test', '/mail/config-v1.1.xml', 'okhttp'),
    ask(GET => 'autoconfig.dav.test', '/mail/config-v1.1.xml?emailaddress=jane%40dav.test', 'k9'),
    ask(GET => 'dav.test', '/.well-known/autoconfig/mail/config-v1.1.xml', 'tb_mac'),
    ask(GET => 'autoconfig.dav.test', '/mail/config-v1.1.xml?emailaddress=jane%40foreign.test', 'davx5'),
    ask(GET => 'dav.test', '/.well-known/caldav', 'ios_dav'),
    ask(PROPFIND => 'cal.test', '/.well-known/carddav', 'mac_setup'),
    ask(GET => 'dav.test', '/.well-known/caldav', 'tb_win'),
    ask(GET => 'dav.test', '/.well-known/carddav', 'tfa'),
    ask(GET => 'davuser.test', '/.well-known/caldav', 'iphone'),
);
is "@codes", '200 200 200 200 200 200 200 200 404 301 301 301 301 404',
    'the requests got the answers counted below';
my @pacc = (ask(GET => 'ua-auto-config.dav.test', '/.well-known/user-agent-configuration.json', 'tfa'),
            ask(GET => 'ua-auto-config.cal.test', '/.well-known/user-agent-configuration.json', undef));
my $after = counts();
my %delta = map { $_ => $after->{$_} - $before->{$_} } grep { $after->{$_} != $before->{$_} } keys %$after;
my %pacc_delta = map { $_ => delete $delta{$_} } grep { /^pacc\./ } keys %delta;
is_deeply \%delta, {
    'pox.settings' => 4, 'pox.error' => 1,
    'pox.agent.ms-autodetect' => 1, 'pox.agent.outlook' => 3, 'pox.agent.other' => 1,
    'autoconfig.settings' => 3, 'autoconfig.error' => 1,
    'autoconfig.agent.thunderbird-android' => 2, 'autoconfig.agent.thunderbird' => 1,
    'autoconfig.agent.other' => 1,
    'dav-redirect.redirect' => 4, 'dav-redirect.error' => 1,
    'dav-redirect.agent.apple' => 3, 'dav-redirect.agent.thunderbird' => 1,
    'dav-redirect.agent.thunderbird-android' => 1,
}, 'each answer counted once under its outcome and once under its user agent '
 . '(Office and Thunderbird on a Mac not as Apple, DAVx5\'s okhttp/ not as Thunderbird for Android)';
SKIP: {
    skip 'ad_pacc_compile() describes no domain yet', 2 if $no_pacc;
    is "@pacc", '200 200', 'PACC: the documents of both domains';
    is_deeply \%pacc_delta, { 'pacc.settings' => 2, 'pacc.agent.thunderbird-android' => 1,
                              'pacc.agent.other' => 1 }, 'PACC: counted per user agent too';
}
is scalar(grep { /\.agent\./ } keys %$after), 9 * 6, '?auto: an agent line for each family and agent';

# The HTML table: the same numbers, a column per user agent.
my $html = page('dav.test')->content;
like $html, qr{<tr><th>settings</th><th>redirect</th><th>error</th><th>unknown user</th><th>unavailable</th><th>Microsoft AutoDetect</th><th>Outlook</th><th>Thunderbird for Android / K-9</th><th>Thunderbird</th><th>Apple</th><th>other</th></tr>},
    'page: the outcome and user-agent columns';
my $apple = counts()->{'dav-redirect.agent.apple'};
like $html, qr{<td id="dav-redirect\.agent\.apple">\Q$apple\E</td>}, 'page: the count of a family and agent';

# What the scope says for every address.
my ($scope) = $html =~ m{<h3 id="preview-scope">For every address</h3>\n<pre id="scope">(.*?)</pre>}s;
is $scope // '', <<'TEXT', 'dav.test: DAV with the redirect of each domain, OAuth2, provider, TTL, v2';
CalDAV: https://dav.%EMAILDOMAIN%/caldav/, login %EMAILADDRESS%
  /.well-known/caldav on cal.test: 301 to https://dav.cal.test/caldav/
  /.well-known/caldav on dav.test: 301 to https://dav.dav.test/caldav/
CardDAV: https://contacts.%EMAILDOMAIN%:8443/carddav/, login %EMAILLOCALPART%
  /.well-known/carddav on cal.test: 301 to https://contacts.cal.test:8443/carddav/
  /.well-known/carddav on dav.test: 301 to https://contacts.dav.test:8443/carddav/
OAuth2: issuer https://login.dav.test, authorize https://login.dav.test/authorize, token https://login.dav.test/token, scope &quot;IMAP SMTP CalDAV CardDAV offline_access&quot;, client mail-clients
Provider: Example Mail &amp; Calendars, short name Example
Documentation: https://help.dav.test/mail-setup
POX TTL: 24 hours
Autodiscover v2: answered
TEXT
my $user = page('davuser.test')->content;
($scope) = $user =~ m{<h3 id="preview-scope">For every address</h3>\n<pre id="scope">(.*?)</pre>}s;
is $scope // '', <<'TEXT', 'davuser.test: a CalDAV URL per user (no redirect), the rest unset, v2 off';
CalDAV: https://dav.davuser.test/calendars/%EMAILADDRESS%/, login %EMAILADDRESS%
  /.well-known/caldav on davuser.test: 404, the URL names the user
CardDAV: none (the module leaves /.well-known/carddav alone)
OAuth2: none
Provider: none
Documentation: none
POX TTL: not set (Outlook asks again after 1 hour)
Autodiscover v2: not answered (AutodiscoverV2 Off: 404)
TEXT
like $user, qr{<h3 id="preview-pacc">PACC</h3>\n<pre id="pacc">ua-auto-config\.davuser\.test: no PACC document \(404\)\n</pre>\n},
    'davuser.test: no PACC document (no implicit-TLS submission)';
like page('dav.test', '?address=jane%40cal.test')->content,
    qr{<p id="preview">Answers for jane\@cal\.test:</p>\n.*<h3 id="preview-scope">For every address</h3>}s,
    'with an address: its answers, then the scope\'s';

# PACC: the TXT record pins the bytes ua-auto-config.D serves.
SKIP: {
    skip 'ad_pacc_compile() describes no domain yet', 3 if $no_pacc;
    for my $d (qw(cal.test dav.test)) {
        my $body = http_get("ua-auto-config.$d", '/.well-known/user-agent-configuration.json')->content;
        my $txt = 'v=UAAC1; a=sha256; d=' . encode_base64(sha256($body), '');
        like $html, qr{(?:^|<pre id="pacc">)_ua-auto-config\.\Q$d\E\. IN TXT "\Q$txt\E"$}m, "PACC: ${d}'s TXT record, from the bytes served";
    }
    my ($shown) = $html =~ m{<h4>https://ua-auto-config\.dav\.test/\.well-known/user-agent-configuration\.json</h4>\n<pre>(.*?)</pre>}s;
    is unhtml($shown // ''), http_get('ua-auto-config.dav.test', '/.well-known/user-agent-configuration.json')->content,
        'PACC: the document shown is the one served';
}

done_testing;
