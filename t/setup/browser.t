# The setup page in a real browser: headless Chromium loads it from the
# test server (over http and, on layout 1, over https), the rendered DOM
# (--dump-dom) holds the settings the server sent and nothing a hostile
# address could inject, screenshots are taken at a phone's width (390x844)
# and a desktop's (1280x800) into build/setup-screenshots/ (among them
# the demo's cases: an owner signed in, a moved user), and the QR
# code, rasterised by Chromium, decodes with zbarimg to the profile link
# the page offers. Heavy: it starts a browser per page.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Path qw(make_path);
use File::Temp ();
use lib 't/lib';
use AD::Test;
use AD::Setup;

plan skip_all => 'heavy test (HEAVY=0)' unless heavy();
my ($chromium) = grep { -x } map { ("$_/chromium", "$_/chromium-browser") } split /:/, $ENV{PATH};
my ($zbarimg) = grep { -x } map { "$_/zbarimg" } split /:/, $ENV{PATH};
plan skip_all => 'chromium and zbarimg are needed (sh scripts/install-deps)' unless $chromium && $zbarimg;

my $top = Apache::Test::vars()->{serverroot} . '/..';
my $shots = "$top/build/setup-screenshots";
make_path($shots);
my $tmp = File::Temp->newdir;
make_path("$tmp/home");
my $http = port('AD_HTTP_PORT');
my $l1 = port('AD_L1_PORT');

sub quote { my $s = shift; $s =~ s/'/'\\''/g; "'$s'" }

# One headless Chromium run; returns its standard output. It runs as the
# test's user, so: no sandbox (none without privileges or in a
# container), a profile and HOME of its own, the test names resolved to
# 127.0.0.1, the test CA's certificates taken as they are, no network
# beside the test server's.
sub chromium {
    my ($url, @args) = @_;
    my @cmd = ($chromium, '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
               '--no-first-run', '--no-default-browser-check', '--disable-extensions', '--disable-sync',
               '--disable-background-networking', '--disable-component-update', '--disable-crash-reporter',
               '--hide-scrollbars', '--mute-audio', "--user-data-dir=$tmp/profile",
               '--host-resolver-rules=MAP *.test 127.0.0.1', '--ignore-certificate-errors', @args, $url);
    local $ENV{HOME} = "$tmp/home";
    return scalar `timeout 60 @{[ join ' ', map { quote($_) } @cmd ]} 2>>$tmp/chromium.log`;
}
sub dom { chromium(shift, '--dump-dom', '--virtual-time-budget=2000') }
sub screenshot {
    my ($url, $file, $w, $h) = @_;
    unlink $file;
    chromium($url, "--window-size=$w,$h", "--screenshot=$file");
    return -s $file ? $file : undef;
}
# Width and height of a PNG, from its IHDR chunk.
sub png_size {
    my $file = shift // return '';
    open my $fh, '<:raw', $file or return '';
    read $fh, my $head, 24;
    return '' unless length $head == 24 && substr($head, 0, 8) eq "\x89PNG\r\n\x1a\n";
    return join 'x', unpack 'NN', substr $head, 16, 8;
}
sub qr_text {
    my $file = shift // return '';
    my $out = `@{[ quote($zbarimg) ]} --raw -q @{[ quote($file) ]} 2>/dev/null`;
    chomp $out;
    return $out;
}

# --------------------------------------------- the rendered page (all.test)
my $page = "http://all.test:$http/mail-setup?emailaddress=jane%40example.test";
my $sent = page_xpath(setup_page('all.test', 'jane@example.test'));
my $dump = dom($page);
my $xc = page_xpath($dump);
is $xc->findvalue('//h2[@id="settings"]'), 'Settings for jane@example.test', 'Chromium renders the page: its heading';
is_deeply [ map { "$_->{proto} $_->{host}:$_->{port} $_->{tls} " . ($_->{login} // '-') } page_servers($xc) ],
    [ map { "$_->{proto} $_->{host}:$_->{port} $_->{tls} " . ($_->{login} // '-') } page_servers($sent) ],
    'the servers in the DOM are those the server sent';
like $xc->findvalue('//section[@id="outlook"]'), qr/Outlook finds these settings by itself/, 'the Outlook section';
is_deeply page_links($xc), page_links($sent), 'the profile links and the QR code\'s URL';
like $dump, qr{<figure class="qr" id="qr" data-url="[^"]*"><svg [^>]*viewBox="0 0 (\d+) \1"[^>]*><title id="qr-title">[^<]+</title><rect [^>]*/?>(?:</rect>)?<path [^>]*d="M[^"]+"[^>]*/?>(?:</path>)?</svg><figcaption>}s,
    'the browser parses the inline SVG as SVG inside the figure';
unlike $dump, qr/<script/i, 'no script in the DOM';

# Screenshots at a phone's and a desktop's width.
is png_size(screenshot($page, "$shots/all-phone.png", 390, 844)), '390x844', 'screenshot at a phone\'s width (390x844)';
is png_size(screenshot($page, "$shots/all-desktop.png", 1280, 800)), '1280x800', 'screenshot at a desktop\'s width (1280x800)';

# The QR code, as Chromium draws it, read back by zbarimg.
my $qr = page_links($sent)->{qr};
is qr_text(screenshot($page, "$shots/all-phone-whole.png", 390, 2600)), $qr,
    'the QR code, rasterised at a phone\'s width, decodes to the iPhone profile link';
is qr_text(screenshot($page, "$shots/all-desktop-whole.png", 1280, 1600)), $qr, 'and at a desktop\'s';
like $qr, qr{^http://all\.test:\d+/mobileconfig\?emailaddress=jane%40example\.test&platform=ios$}, 'the link';
my $r = http_get('all.test', ($qr =~ s{^http://[^/]+}{}r));
is $r->code . ' ' . $r->header('Content-Type'), '200 application/x-apple-aspen-config', 'which answers the profile';

# --------------------------------------------- over https (layout 1)
my $tls_page = "https://mail.example.test:$l1/mail-setup?emailaddress=jane%40example.test";
$xc = page_xpath(dom($tls_page));
my $link = "https://mail.example.test:$l1/mobileconfig?emailaddress=jane%40example.test";
is $xc->findvalue('//a[@id="profile"]/@href'), $link, 'over https: one link for every Apple device, https';
is qr_text(screenshot($tls_page, "$shots/tls-phone-whole.png", 390, 2600)), $link, 'its QR code decodes to it';
is png_size(screenshot($tls_page, "$shots/tls-phone.png", 390, 844)), '390x844', 'phone screenshot';

# --------------------------------------------- calendars and contacts
my $dav_page = "http://dav.test:$http/mail-setup?emailaddress=jane%40dav.test";
$xc = page_xpath(dom($dav_page));
is page_dav($xc, 'caldav')->{url}, 'https://dav.dav.test/caldav/', 'dav.test: the CalDAV URL rendered';
is page_dav($xc, 'carddav')->{port}, 8443, 'the CardDAV port';
is png_size(screenshot($dav_page, "$shots/dav-phone.png", 390, 844)), '390x844', 'phone screenshot';
is png_size(screenshot($dav_page, "$shots/dav-desktop.png", 1280, 800)), '1280x800', 'desktop screenshot';
is qr_text(screenshot($dav_page, "$shots/dav-desktop-whole.png", 1280, 1800)), page_links($xc)->{qr}, 'its QR code';

# --------------------------------------------- the operator's page, the form
my $form = "http://setup.test:$http/mail-setup";
$xc = page_xpath(dom($form));
is $xc->findvalue('//h1') . ' | ' . $xc->findvalue('//img[@id="logo"]/@alt'), 'E-Mail einrichten | Beispiel Logo',
    'the form with the operator\'s title and logo';
is png_size(screenshot($form, "$shots/form-phone.png", 390, 844)), '390x844', 'phone screenshot';
is png_size(screenshot($form, "$shots/form-desktop.png", 1280, 800)), '1280x800', 'desktop screenshot';

# --------------------------------------------- the demo's users
# jane's own settings behind the password (the URL carries her
# credentials), and old@, whom the directory has moved.
my $owner = "http://jane%40example.test:secret\@sql-auth.test:$http/mail-setup?emailaddress=jane%40example.test";
$xc = page_xpath(dom($owner));
is join(' ', map { "$_->{host} $_->{login}" } page_servers($xc)), 'imap2.example.test EXAMPLE\jane smtp2.example.test EXAMPLE\jane',
    'signed in, the owner sees her directory answer';
is png_size(screenshot($owner, "$shots/owner-phone.png", 390, 844)), '390x844', 'phone screenshot';
is png_size(screenshot($owner, "$shots/owner-desktop.png", 1280, 800)), '1280x800', 'desktop screenshot';
my $moved = "http://sql.test:$http/mail-setup?emailaddress=old%40example.test";
$xc = page_xpath(dom($moved));
is $xc->findvalue('//a[@id="moved"]'), 'new@example.net', 'a moved user: the new address';
is png_size(screenshot($moved, "$shots/moved-phone.png", 390, 844)), '390x844', 'phone screenshot';

# --------------------------------------------- hostile input
my $evil = q{"><img src=x onerror=alert(1)><script>alert(2)</script>@x.test};
$xc = page_xpath(dom("http://all.test:$http/mail-setup?emailaddress=" . qenc($evil)));
is $xc->findvalue('//input[@id="emailaddress"]/@value'), $evil, 'a hostile address stays the input\'s value';
is $xc->findnodes('//img | //script')->size, 0, 'and makes no element';

done_testing;
