# The setup page for people (SetHandler autodiscover-setup on every vhost:
# t/conf/vhosts/setup.conf) in every configuration shape of the suite:
# mail servers in every TLS mode, calendars and contacts, a signed and an
# unsigned profile, ActiveSync alone, redirected and foreign domains, the
# owner check, the directory hidden from strangers or not, a directory
# that cannot be asked, Autodiscover off; the form, bad input, escaping,
# methods and headers. What a stranger sees is what a client would be
# told: the plain answer, byte for byte the same for a known, an unknown,
# a moved and a disabled user.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Setup;

my $port = port('AD_HTTP_PORT');
my %jane  = (user => 'jane@example.test', password => 'secret');
my %alice = (user => 'alice@example.test', password => 'secret');
sub server_list { [ map { "$_->{proto} $_->{host}:$_->{port} $_->{tls} " . ($_->{login} // '-') . " $_->{auth}" . ($_->{left_out} ? ' left-out' : '') } page_servers(shift) ] }
sub message { $_[0]->findvalue('//p[@id="message"]') }

# ------------------------------------------------ servers, signed profile
{
    my $r = setup_page('all.test', 'jane@example.test');
    my $xc = page_xpath($r);
    is $r->code, 200, 'all.test: 200';
    is $r->header('Content-Type'), 'text/html; charset=utf-8', 'HTML in UTF-8';
    is $r->header('Cache-Control'), 'private, no-store', 'Cache-Control as every answer';
    is $r->header('Content-Security-Policy'),
        "default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        'a policy that lets the page fetch nothing and run no script';
    is join(' ', map { $r->header($_) // '-' } qw(X-Content-Type-Options Referrer-Policy)), 'nosniff no-referrer',
        'nosniff, and the address in the URL goes to no other site';
    my $c = $r->content;
    ok $c !~ /<script|<link|<iframe|<object|\ssrc="(?!data:)|url\(|\@import/i, 'no script and no external resource';
    is $xc->findvalue('//h2[@id="settings"]'), 'Settings for jane@example.test', 'the address asked';
    is $xc->findvalue('//input[@name="emailaddress"]/@value'), 'jane@example.test', 'the form keeps it';
    is_deeply server_list($xc), [
        'IMAP imap.example.test:993 implicit jane@example.test password',
        'POP3 pop.example.test:110 starttls jane@example.test password',
        'SMTP smtp.example.test:465 implicit jane@example.test password',
        'SMTP mx.example.test:25 none - none left-out' ], 'every server in order, in plain words';
    is $xc->findvalue('//div[@id="server-4"]//dd[@data-field="security"]'), 'None (not encrypted)', 'no TLS said so';
    is $xc->findvalue('//div[@id="server-1"]//dd[@data-field="security"]'), 'SSL/TLS', 'implicit TLS said so';
    is join(' ', map { $_->getAttribute('id') . '=' . $_->getAttribute('data-auto') } $xc->findnodes('//section[@class="client"]')),
        'outlook=yes apple=no thunderbird=yes android=yes other=yes', 'each client family, and whether it sets itself up';
    my $links = page_links($xc);
    my $base = "http://all.test:$port/mobileconfig?emailaddress=jane%40example.test";
    is_deeply $links, { ios => "$base&platform=ios", macos => "$base&platform=macos", qr => "$base&platform=ios" },
        'ActiveSync: one link for iPhone and iPad, one for the Mac; the QR code holds the first';
    is $xc->findvalue('//a[@id="profile-ios"]'), 'Download for iPhone and iPad', 'the iOS link says so';
    is join(',', map { $_->getAttribute('data-payload') } $xc->findnodes('//ul[@id="profile-contents"]/li')),
        'mail,activesync', 'what the profile sets up';
    like $c, qr{<figure class="qr" id="qr" data-url="[^"]+"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 (\d+) \1" shape-rendering="crispEdges" role="img" aria-labelledby="qr-title"><title id="qr-title">QR code of the download link</title><rect width="\1" height="\1" fill="#fff"/><path fill="#000" d="(?:M\d+ \d+h\d+v1h-\d+z)+"/></svg><figcaption>},
        'the QR code: inline SVG with an accessible name';
    is $xc->findvalue('//p[@id="signature"]/@data-signed') . ' ' . $xc->findvalue('//strong[@id="signer"]'),
        'yes mail.example.test', 'signed, by the certificate\'s name';
    is_deeply page_dav($xc, 'activesync'), { url => 'https://eas.example.test:8443/Microsoft-Server-ActiveSync',
        host => 'eas.example.test:8443', port => undef, login => 'jane@example.test' }, 'ActiveSync in plain words';
    ok !$xc->findnodes('//*[@id="personal"]'), 'a stranger: the plain answer';
    ok !$xc->findnodes('//div[@id="caldav"] | //div[@id="carddav"]'), 'no calendars or contacts where none are configured';
    is $xc->findvalue('//h1'), 'Set up your email', 'English by default';
    is $xc->findvalue('/html/@lang'), 'en', 'lang en';
}

# ------------------------------------------------ the form, bad input
{
    my $r = setup_page('all.test', undef);
    my $xc = page_xpath($r);
    is $r->code, 200, 'no address: 200';
    is $xc->findvalue('//p[@id="intro"]'), 'Enter your email address to see how to set up your mail apps and devices.', 'the form and what it is for';
    ok !$xc->findnodes('//h2[@id="settings"]'), 'no settings before an address';
    is $xc->findvalue('//form[@method="get"]/@action'), '', 'the form asks this page, whatever its path';
    is setup_page('all.test', '')->code, 200, 'an empty address: the form';

    $r = setup_page('all.test', 'no-at-sign');
    is $r->code, 400, 'not an address: 400';
    is message(page_xpath($r)), 'This is not an email address. Enter it as name@example.com.', 'said so';
    is page_xpath($r)->findvalue('//input[@name="emailaddress"]/@value'), 'no-at-sign', 'and kept in the form';

    my $evil = q{"><script>alert(1)</script>'@x.test};
    $r = setup_page('all.test', $evil);
    is $r->code, 400, 'markup in the address: 400';
    ok $r->content !~ /<script>alert|'\@x\.test/, 'nothing comes back unescaped';
    like $r->content, qr{value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;/script&gt;&apos;\@x\.test"}, 'it comes back escaped';
    is page_xpath($r)->findvalue('//input[@name="emailaddress"]/@value'), $evil, 'as the text typed';

    $r = http_get('all.test', '/mail-setup?emailaddress=%FF%FE@x.test');
    is $r->code, 400, 'not UTF-8: 400';
    is page_xpath($r)->findvalue('//input[@name="emailaddress"]/@value'), '', 'and not echoed';

    $r = http_exchange(method => 'HEAD', host => 'all.test', path => '/mail-setup?emailaddress=jane%40example.test');
    is $r->code . ' ' . length($r->content), '200 0', 'HEAD: the headers alone';
    $r = http_exchange(method => 'POST', host => 'all.test', path => '/mail-setup', body => 'emailaddress=jane@example.test',
                       headers => ['Content-Type: application/x-www-form-urlencoded']);
    is $r->code, 405, 'POST: 405';
    like $r->header('Allow') // '', qr/^(?!.*POST).*\bGET\b/, 'Allow: GET, not POST';
    is $r->header('Cache-Control'), 'private, no-store', 'and not cached either';
}

# ------------------------------------- unsigned, redirects, foreign, off
{
    my $xc = page_xpath(setup_page('hosting.test', 'Jane@Example.TEST'));
    is $xc->findvalue('//h2[@id="settings"]'), 'Settings for Jane@example.test', 'the domain in lower case, as every format has it';
    is_deeply server_list($xc), [
        'IMAP imap.example.test:993 implicit Jane@example.test password',
        'POP3 pop.example.test:110 starttls Jane password',
        'SMTP smtp.example.test:587 starttls Jane@example.test password',
        'SMTP relay.example.test:25 none - none left-out' ], 'hosting.test: its servers, POP3 with the local part as login';
    my $base = "http://hosting.test:$port/mobileconfig?emailaddress=Jane%40example.test";
    is_deeply page_links($xc), { any => $base, qr => $base }, 'no ActiveSync: one link for every Apple device';
    is $xc->findvalue('//a[@id="profile"]'), 'Download for iPhone, iPad and Mac', 'so it says';
    is $xc->findvalue('//p[@id="signature"]/@data-signed'), 'no', 'no profile signer: the page says unsigned';
    is $xc->findvalue('//p[@id="signature"]'), 'The profile is not signed, so the device shows it as unverified.', 'in words';
    ok !$xc->findnodes('//div[@id="activesync"]'), 'no ActiveSync section';

    my $r = setup_page('hosting.test', 'joe@old.test');
    $xc = page_xpath($r);
    is $r->code, 200, 'a moved domain: 200';
    is message($xc), 'The address joe@old.test has moved. Set up your mail with the new address: joe@example.test', 'the new address';
    is $xc->findvalue('//a[@id="moved"]/@href'), '?emailaddress=joe%40example.test', 'a link to its page';
    ok !$xc->findnodes('//div[@class="server"]'), 'and no settings of the old';
    for (['elsewhere.test', 'autodiscover.elsewhere.test'], ['moved.test', 'autodiscover.moved.test'],
         ['sister.test', 'autodiscover.example.test']) {
        my ($domain, $host) = @$_;
        $xc = page_xpath(setup_page('hosting.test', "joe\@$domain"));
        is $xc->findvalue('//code[@id="elsewhere"]'), $host, "$domain: served by $host";
    }
    like message($xc), qr/^Mail for sister\.test is set up by another server/, 'in words';

    $r = setup_page('all.test', 'joe@foreign.test');
    is $r->code, 404, 'a foreign domain: 404';
    is message(page_xpath($r)), 'Mail for foreign.test is not set up here.', 'said so';
    ok !page_xpath($r)->findnodes('//div[@class="server"] | //figure'), 'no settings, no profile';

    $r = setup_page('off.test', 'jane@example.test');
    is $r->code, 404, 'Autodiscover off: 404';
    is message(page_xpath($r)), 'Mail setup is not available here.', 'said so';
}

# ------------------------------------------------ calendars and contacts
{
    my $xc = page_xpath(setup_page('dav.test', 'jane@dav.test'));
    is_deeply page_dav($xc, 'caldav'), { url => 'https://dav.dav.test/caldav/', host => 'dav.dav.test',
        port => 443, login => 'jane@dav.test' }, 'CalDAV: URL, host, port, login';
    is_deeply page_dav($xc, 'carddav'), { url => 'https://contacts.dav.test:8443/carddav/', host => 'contacts.dav.test',
        port => 8443, login => 'jane' }, 'CardDAV: its port and login=';
    is $xc->findvalue('//div[@id="caldav"]/h3'), 'Calendars (CalDAV)', 'named for people';
    is join(',', map { $_->getAttribute('data-payload') } $xc->findnodes('//ul[@id="profile-contents"]/li')),
        'mail,activesync,caldav,carddav', 'the profile sets up calendars and contacts too';
    ok scalar $xc->findnodes('//section[@id="thunderbird"]/p[contains(., "New Calendar")]'), 'Thunderbird: how to add them';
    ok scalar $xc->findnodes('//section[@id="android"]/p[contains(., "DAVx5")]'), 'Android: a DAV app';
    is join(' ', map { $_->{auth} } page_servers($xc)), 'oauth2 oauth2 oauth2 password', 'OAuth2 where offered, not with oauth2=off';
    is $xc->findvalue('//span[@id="provider"]'), 'Example Mail & Calendars', 'the provider\'s name';
    like $xc->findvalue('/html/head/title'), qr/^Set up your email - Example Mail & Calendars$/, 'in the title too';
    is $xc->findvalue('//a[@id="documentation"]/@href'), 'https://help.dav.test/mail-setup', 'the documentation URL';

    $xc = page_xpath(setup_page('davuser.test', 'jane@davuser.test'));
    is page_dav($xc, 'caldav')->{url}, 'https://dav.davuser.test/calendars/jane@davuser.test/', 'a CalDAV URL that names the user';
    is_deeply [ map { "$_->{host}:$_->{port} " . ($_->{left_out} ? 'left out' : 'listed') } page_servers($xc) ],
        ['imap.davuser.test:143 left out', 'imap.davuser.test:993 listed', 'relay.davuser.test:25 listed', 'smtp.davuser.test:587 listed'],
        'servers autoconfig leaves out are marked';

    $xc = page_xpath(setup_page('exchange.test', 'jane@example.test'));
    is_deeply page_links($xc), { ios => "http://exchange.test:$port/mobileconfig?emailaddress=jane%40example.test&platform=ios",
        qr => "http://exchange.test:$port/mobileconfig?emailaddress=jane%40example.test&platform=ios" },
        'ActiveSync alone: the iOS link only (a Mac would get 404)';
    like $xc->findvalue('//section[@id="apple"]'), qr/There is no profile for a Mac/, 'said so';
    is join(' ', map { $_->getAttribute('data-auto') } $xc->findnodes('//section[@id="thunderbird" or @id="android"]')), 'no no',
        'no mail server: Thunderbird and Android cannot set themselves up';
}

# ------------------------------------------------ who sees what
{
    # Strangers: the plain answer, the same for every kind of address.
    my %body;
    for my $who (qw(jane gone nobody old far)) {
        (my $b = setup_page('sql-private.test', "$who\@example.test")->content) =~ s/\b\Q$who\E\b/USER/g;
        $b =~ s/<path fill="#000" d="[^"]*"/<path/;     # the QR code of the address's link
        $body{$who} = $b;
    }
    is_deeply [ map { $body{$_} eq $body{jane} ? 'same' : 'differs' } qw(gone nobody old far) ], [('same') x 4],
        'a stranger: a known, a disabled, an unknown, a moved and a served-elsewhere user look alike';
    my $xc = page_xpath(setup_page('sql-private.test', 'jane@example.test'));
    is_deeply [ map { "$_->{host} $_->{login}" } page_servers($xc) ], ['imap.example.test jane@example.test', 'smtp.example.test jane'],
        'a stranger: the configured servers and logins, not the directory\'s';
    ok !$xc->findnodes('//*[@id="personal"]'), 'and no word of the directory';

    # AutodiscoverPublicDirectory On: strangers get the directory answer.
    $xc = page_xpath(setup_page('sql.test', 'jane@example.test'));
    is_deeply [ map { "$_->{host} $_->{login}" } page_servers($xc) ], ['imap2.example.test EXAMPLE\jane', 'smtp2.example.test EXAMPLE\jane'],
        'public directory: the directory\'s servers and login';
    is $xc->findvalue('//p[@id="personal"]'), 'These are the settings of your own account.', 'said to be the account\'s own';
    is page_dav($xc, 'activesync')->{url}, 'https://mbx2.example.test/Microsoft-Server-ActiveSync', 'and its ActiveSync URL';
    is message(page_xpath(setup_page('sql.test', 'old@example.test'))),
        'The address old@example.test has moved. Set up your mail with the new address: new@example.net', 'a user the directory moved';
    is page_xpath(setup_page('sql.test', 'far@example.test'))->findvalue('//code[@id="elsewhere"]'), 'autodiscover.far.test',
        'a user another server serves';

    # The owner check (sql-auth.test, every path behind its password).
    is setup_page('sql-auth.test', 'jane@example.test')->code, 401, 'behind authentication: 401 without credentials';
    $xc = page_xpath(setup_page('sql-auth.test', 'jane@example.test', %jane));
    is_deeply [ map { "$_->{host} $_->{login}" } page_servers($xc) ], ['imap2.example.test EXAMPLE\jane', 'smtp2.example.test EXAMPLE\jane'],
        'the owner: the directory answer';
    ok scalar $xc->findnodes('//p[@id="personal"]'), 'her own settings, said so';
    $xc = page_xpath(setup_page('sql-auth.test', 'jane@example.test', %alice));
    is_deeply [ map { "$_->{host} $_->{login}" } page_servers($xc) ], ['imap.example.test jane@example.test', 'smtp.example.test jane'],
        'another user: the plain answer, as v2, autoconfig and the profile give';
    ok !$xc->findnodes('//*[@id="personal"]'), 'not called hers';
    is message(page_xpath(setup_page('sql-auth.test', 'old@example.test', user => 'old@example.test', password => 'secret'))),
        'The address old@example.test has moved. Set up your mail with the new address: new@example.net', 'a moved owner learns the new address';
    $xc = page_xpath(setup_page('sql-auth.test', 'old@example.test', %alice));
    is scalar(page_servers($xc)), 2, 'another user does not learn that old@ moved';

    # A directory keyed by the domain: not personal, so strangers get it.
    is join(' ', map { $_->{host} } page_servers(page_xpath(setup_page('sql-domains.test', 'joe@hosted-a.test')))),
        'imap.provider-a.test smtp.provider-a.test', 'a per-domain directory answers strangers too';
    is setup_page('sql-domains.test', 'joe@unlisted.test')->code, 404, 'and a domain it does not hold is not served: 404';

    # AutodiscoverUnknownUser error, where the directory answers.
    my $r = setup_page('sql-strict.test', 'nobody@example.test');
    is $r->code, 404, 'an unknown user (public directory, AutodiscoverUnknownUser error): 404';
    is message(page_xpath($r)), 'There are no settings for nobody@example.test here.', 'said so';

    # A directory that cannot be asked: the static answer, or 503.
    $r = setup_page('sql-down.test', 'jane@example.test');
    is $r->code . ' ' . scalar(page_servers(page_xpath($r))), '200 1', 'directory down: the configured answer';
    $r = setup_page('sql-down.test', 'jane@example.test', path => '/mail-setup-strict');
    is $r->code . ' ' . ($r->header('Retry-After') // '-'), '503 30', 'AutodiscoverDirectoryFailure error: 503 with Retry-After';
    is message(page_xpath($r)), 'The settings cannot be looked up right now. Please try again in a minute.', 'said so';
}

# ------------------------------------------------ the page over TLS
{
    my ($r) = https_exchange(port => port('AD_L1_PORT'), sni => 'mail.example.test', method => 'GET',
                             path => '/mail-setup?emailaddress=jane%40example.test');
    my $l1 = port('AD_L1_PORT');
    is page_links(page_xpath($r))->{any}, "https://mail.example.test:$l1/mobileconfig?emailaddress=jane%40example.test",
        'over https: the profile link is https, on the port the page came on';
}

done_testing;
