# The setup page says what the clients are told: every value it shows for
# an address equals what the matching endpoint answers for it, for two
# domains each: the mail servers (host, port, TLS mode, login) against POX
# and autoconfig (less the servers autoconfig leaves out, in its order),
# the Apple profile behind the page's own links (its mail, ActiveSync and
# DAV payloads; the Mac's without ActiveSync), MobileSync's ActiveSync URL,
# calendars and contacts against POX, autoconfig and the profile
# (all.test, dav.test); and for the owner and another user behind a
# password, with their credentials (sql-auth.test). The QR code holds the
# link the page offers.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Plist;
use AD::Setup;
use AD::XPath;

my @mail = ('jane@example.test', 'joe@example.net');
my @dav = ('jane@dav.test', 'joe@cal.test');

my %tls = (SSL => 'implicit', TLS => 'starttls', None => 'none', STARTTLS => 'starttls');
sub path_of { my $url = shift; $url =~ s{^https?://[^/]+}{}; $url }

# "PROTO host:port tls [login]" of each server on the page, in its order.
sub page_lines {
    my ($xc, %o) = @_;
    my @s = page_servers($xc);
    @s = grep { !$_->{left_out} } @s if $o{listed};
    # Autoconfig's order: incoming as configured, then SMTP with
    # authentication, then SMTP without.
    @s = ((grep { $_->{proto} ne 'SMTP' } @s), (grep { $_->{proto} eq 'SMTP' && $_->{auth} ne 'none' } @s),
          (grep { $_->{proto} eq 'SMTP' && $_->{auth} eq 'none' } @s)) if $o{listed};
    return [ map { "$_->{proto} $_->{host}:$_->{port} $_->{tls}" . (defined $_->{login} ? " $_->{login}" : '') } @s ];
}

# The same from POX (LoginName where the server authenticates).
sub pox_lines {
    my $xc = shift;
    return [ map { my $auth = $xc->findvalue('o:AuthRequired', $_);
                   join(' ', $xc->findvalue('o:Type', $_), $xc->findvalue('o:Server', $_) . ':' . $xc->findvalue('o:Port', $_),
                        $tls{ $xc->findvalue('o:Encryption', $_) } // '?')
                   . ($auth eq 'off' ? '' : ' ' . $xc->findvalue('o:LoginName', $_)) }
             $xc->findnodes('//o:Account/o:Protocol[o:Type="IMAP" or o:Type="POP3" or o:Type="SMTP"]') ];
}

# The same from autoconfig.
sub autoconfig_lines {
    my $doc = xml_doc(shift);
    return [ map { my $none = $_->findvalue('authentication[1]') eq 'none';
                   join(' ', uc $_->findvalue('@type'), $_->findvalue('hostname') . ':' . $_->findvalue('port'),
                        $tls{ $_->findvalue('socketType') } // '?') . ($none ? '' : ' ' . $_->findvalue('username')) }
             $doc->findnodes('//incomingServer | //outgoingServer') ];
}

# The payloads of a signed profile, verified against the test CA.
sub profile_payloads { plist_payloads(verify_profile(shift->content)->{content}) }

# The page's first incoming (IMAP, else POP3) and first SMTP server, as
# the profile carries them ("host:port ssl login"; one flag for both TLS modes).
sub page_first {
    my $xc = shift;
    my @s = page_servers($xc);
    my ($in) = (grep({ $_->{proto} eq 'IMAP' } @s), grep({ $_->{proto} eq 'POP3' } @s));
    my ($out) = grep { $_->{proto} eq 'SMTP' } @s;
    return [ map { "$_->{host}:$_->{port} " . ($_->{tls} eq 'none' ? 'false' : 'true') . ' ' . ($_->{login} // '-') } $in, $out ];
}
sub profile_first {
    my $m = shift->{'com.apple.mail.managed'} // {};
    return [ map { "$m->{\"${_}MailServerHostName\"}:$m->{\"${_}MailServerPortNumber\"} $m->{\"${_}MailServerUseSSL\"} "
                   . ($m->{"${_}MailServerUsername"} // '-') } qw(Incoming Outgoing) ];
}

# ------------------------------------------------ mail servers, ActiveSync
for my $address (@mail) {
    my $xc = page_xpath(setup_page('all.test', $address));
    my $page = page_lines($xc);

    is_deeply pox_lines(answer_xpath(post_pox('all.test', pox_request($address)))), $page,
        "$address: the servers, ports, TLS modes and logins POX answers";
    is_deeply autoconfig_lines(http_get('all.test', '/mail/config-v1.1.xml?emailaddress=' . qenc($address))),
        page_lines($xc, listed => 1), "$address: autoconfig's, less those the page marks left out";

    my $links = page_links($xc);
    my $ios = profile_payloads(http_get('all.test', path_of($links->{ios})));
    is_deeply profile_first($ios), page_first($xc), "$address: the iPhone link's profile: its first incoming and SMTP server";
    my $eas = page_dav($xc, 'activesync');
    is join(' ', map { $ios->{'com.apple.eas.account'}{$_} // '-' } qw(Host UserName)), "$eas->{host} $eas->{login}",
        "$address: its ActiveSync host and user name";
    my $mac = profile_payloads(http_get('all.test', path_of($links->{macos})));
    ok !$mac->{'com.apple.eas.account'} && join('|', @{ profile_first($mac) }) eq join('|', @{ page_first($xc) }),
        "$address: the Mac link's profile: the same mail, no ActiveSync";
    my $mx = answer_xpath(post_pox('all.test', mobile_request($address)));
    is $eas->{url}, $mx->findvalue('//m:Action/m:Settings/m:Server/m:Url'), "$address: the ActiveSync URL MobileSync answers";
    is $links->{qr}, $links->{ios}, "$address: the QR code holds the iPhone link";
}

# ------------------------------------------------ calendars and contacts
for my $address (@dav) {
    my $xc = page_xpath(setup_page('dav.test', $address));
    my %page = map { my $d = page_dav($xc, lc $_); ($_ => "$d->{url} $d->{host}:$d->{port} $d->{login}") } qw(CalDAV CardDAV);
    my $url_parts = sub { my ($url, $login) = @_; my ($h, $p) = $url =~ m{^https://([^/:]+)(?::(\d+))?}; "$url $h:" . ($p // 443) . " $login" };

    my $px = answer_xpath(post_pox('dav.test', pox_request($address)));
    is_deeply { map { $_ => $url_parts->($px->findvalue("//o:Protocol[o:Type='$_']/o:Server"), $px->findvalue("//o:Protocol[o:Type='$_']/o:LoginName")) } qw(CalDAV CardDAV) },
        \%page, "$address: POX's CalDAV and CardDAV blocks";
    my $ac = xml_doc(http_get('dav.test', '/mail/config-v1.1.xml?emailaddress=' . qenc($address)));
    is_deeply { CalDAV => $url_parts->($ac->findvalue('/clientConfig/calendar/url'), $ac->findvalue('/clientConfig/calendar/username')),
                CardDAV => $url_parts->($ac->findvalue('/clientConfig/addressbook/url'), $ac->findvalue('/clientConfig/addressbook/username')) },
        \%page, "$address: autoconfig's calendar and address book";
    my $p = profile_payloads(http_get('dav.test', path_of(page_links($xc)->{ios})));
    is_deeply { map { my $k = $p->{'com.apple.' . lc($_) . '.account'} // {};
                      ($_ => "$k->{\"${_}PrincipalURL\"} $k->{\"${_}HostName\"}:$k->{\"${_}Port\"} $k->{\"${_}Username\"}") } qw(CalDAV CardDAV) },
        \%page, "$address: the profile's CalDAV and CardDAV payloads";
    is_deeply pox_lines($px), page_lines($xc), "$address: and the mail servers, as POX";
}

# ------------------------------------------------ the owner, another user
{
    my %jane = (user => 'jane@example.test', password => 'secret');
    my %alice = (user => 'alice@example.test', password => 'secret');
    my $address = 'jane@example.test';
    my $q = qenc($address);

    my $xc = page_xpath(setup_page('sql-auth.test', $address, %jane));
    is_deeply pox_lines(answer_xpath(post_pox('sql-auth.test', pox_request($address), %jane))), page_lines($xc),
        'the owner: the directory answer, as POX gives her';
    is_deeply autoconfig_lines(http_get('sql-auth.test', "/mail/config-v1.1.xml?emailaddress=$q", %jane)), page_lines($xc, listed => 1),
        'as autoconfig gives her';
    my $r = http_get('sql-auth.test', path_of(page_links($xc)->{ios}), %jane);
    my ($h) = $r->content =~ m{<key>IncomingMailServerHostName</key>\s*<string>([^<]+)};
    is $h // '', (page_servers($xc))[0]{host}, 'and the profile behind her link';

    $xc = page_xpath(setup_page('sql-auth.test', $address, %alice));
    is_deeply autoconfig_lines(http_get('sql-auth.test', "/mail/config-v1.1.xml?emailaddress=$q", %alice)), page_lines($xc, listed => 1),
        'another user: the plain answer, as autoconfig gives it';
    $r = http_get('sql-auth.test', path_of(page_links($xc)->{ios}), %alice);
    ($h) = $r->content =~ m{<key>IncomingMailServerHostName</key>\s*<string>([^<]+)};
    is $h // '', (page_servers($xc))[0]{host}, 'and the profile';
}

done_testing;
