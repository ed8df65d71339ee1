# Apple profiles with calendars and contacts (t/conf/vhosts/groupware.conf):
# com.apple.caldav.account and com.apple.carddav.account payloads for the
# two domains of dav.test, signed; the macOS profile (no ActiveSync, no
# CardDAVPrincipalURL) chosen by &platform= or by Safari's "Macintosh";
# a profile of DAV payloads alone (davonly.test); a Mac asking where only
# ActiveSync is configured (exchange.test) gets 404.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Plist;

use constant MAC_UA    => 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 '
                        . '(KHTML, like Gecko) Version/17.4 Safari/605.1.15';
use constant IPHONE_UA => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 '
                        . '(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

sub get {
    my ($host, $query, $ua) = @_;
    return http_get($host, "/mobileconfig?$query", headers => [ defined $ua ? "User-Agent: $ua" : () ]);
}

# dav.test signs: (response, plist, the status of its verification against the test CA).
sub signed_profile {
    my $r = get(@_);
    my $v = verify_profile($r->content);
    return ($r, $v->{content} ? plist($v->{content}, typed => 1) : {}, $v->{status});
}

# What the profile of $address holds, by payload type.
sub payloads { return { map { ($_->{PayloadType} => $_) } @{ shift->{PayloadContent} // [] } } }
sub types { return join ',', map { $_->{PayloadType} } @{ shift->{PayloadContent} // [] } }

# The expected DAV payloads of jane@dav.test and joe@cal.test.
sub caldav {
    my ($address, $domain) = @_;
    return {
        CalDAVAccountDescription => $address,
        CalDAVHostName => "dav.$domain",
        CalDAVPort => 'integer 443',
        CalDAVPrincipalURL => "https://dav.$domain/caldav/",
        CalDAVUseSSL => 'true',
        CalDAVUsername => $address,
        PayloadDisplayName => 'Calendars',
        PayloadIdentifier => 'autodiscover.' . uuid5("profile:$address") . '.caldav',
        PayloadType => 'com.apple.caldav.account',
        PayloadUUID => uuid5("caldav:$address"),
        PayloadVersion => 'integer 1',
    };
}
sub carddav {
    my ($address, $domain, $os) = @_;
    my ($local) = $address =~ /^([^@]+)/;
    return {
        CardDAVAccountDescription => $address,
        CardDAVHostName => "contacts.$domain",
        CardDAVPort => 'integer 8443',
        ($os eq 'ios' ? (CardDAVPrincipalURL => "https://contacts.$domain:8443/carddav/") : ()),
        CardDAVUseSSL => 'true',
        CardDAVUsername => $local,
        PayloadDisplayName => 'Contacts',
        PayloadIdentifier => 'autodiscover.' . uuid5("profile:$address") . '.carddav',
        PayloadType => 'com.apple.carddav.account',
        PayloadUUID => uuid5("carddav:$address"),
        PayloadVersion => 'integer 1',
    };
}

# iOS (no User-Agent, an iPhone's, or &platform=ios): every payload, for
# both domains, with the provider as the profile's organisation.
for my $c (['jane@dav.test', 'dav.test'], ['joe@cal.test', 'cal.test']) {
    my ($address, $domain) = @$c;
    (my $q = $address) =~ s/@/%40/;
    my ($r, $p, $rc) = signed_profile('dav.test', "emailaddress=$q", IPHONE_UA);
    is $r->code, 200, "$address, iPhone: 200";
    is $rc, 0, "$address, iPhone: openssl smime -verify against the test CA succeeds";
    is types($p), 'com.apple.mail.managed,com.apple.eas.account,com.apple.caldav.account,com.apple.carddav.account',
        "$address, iPhone: mail, ActiveSync, CalDAV, CardDAV in that order";
    my $by = payloads($p);
    is_deeply $by->{'com.apple.caldav.account'}, caldav($address, $domain),
        "$address: the CalDAV payload (host and port from the URL, the full URL as principal URL)";
    is_deeply $by->{'com.apple.carddav.account'}, carddav($address, $domain, 'ios'),
        "$address: the CardDAV payload (its port 8443, its login the local part)";
    is $by->{'com.apple.eas.account'}{Host}, "mail.$domain", "$address: the ActiveSync payload for the domain";
    is $by->{'com.apple.mail.managed'}{IncomingMailServerHostName}, "imap.$domain", "$address: the mail payload";
    my $id = uuid5("profile:$address");
    is_deeply { map { ($_ => $p->{$_}) } grep { $_ ne 'PayloadContent' } keys %$p }, {
        PayloadDescription => "Mail, calendar and contacts settings for $address",
        PayloadDisplayName => $address,
        PayloadIdentifier => "autodiscover.$id",
        PayloadOrganization => 'Example Mail & Calendars',
        PayloadType => 'Configuration',
        PayloadUUID => $id,
        PayloadVersion => 'integer 1',
    }, "$address: the profile's own keys, PayloadOrganization from AutodiscoverProvider";
    my %uuids = map { ($_->{PayloadUUID} => 1) } @{ $p->{PayloadContent} };
    $uuids{$id} = 1;
    is scalar(keys %uuids), 5, "$address: five distinct UUIDs (profile and four payloads)";
}

# The same address again (other case): the same UUIDs, so that installing
# again replaces; a signature of the same bytes.
{
    my (undef, $p1) = signed_profile('dav.test', 'emailaddress=jane%40dav.test');
    my (undef, $p2) = signed_profile('dav.test', 'emailaddress=JANE%40Dav.Test');
    is join(',', map { $_->{PayloadUUID} } @{ $p2->{PayloadContent} }),
       join(',', map { $_->{PayloadUUID} } @{ $p1->{PayloadContent} }),
       'the same address in another case: the same payload UUIDs';
    is $p2->{PayloadUUID}, $p1->{PayloadUUID}, 'and the same profile UUID';
    is types($p1), 'com.apple.mail.managed,com.apple.eas.account,com.apple.caldav.account,com.apple.carddav.account',
        'no User-Agent: the iOS profile';
}

# macOS: by Safari's Macintosh token, or by &platform=macos in any case.
{
    my ($r, $p, $rc) = signed_profile('dav.test', 'emailaddress=jane%40dav.test', MAC_UA);
    is $r->code, 200, 'Mac: 200';
    is $rc, 0, 'Mac: the signature verifies';
    is $r->header('Content-Type'), 'application/x-apple-aspen-config', 'Mac: the profile content type';
    is $r->header('Vary'), 'User-Agent', 'Mac by User-Agent: Vary: User-Agent';
    is types($p), 'com.apple.mail.managed,com.apple.caldav.account,com.apple.carddav.account',
        'Mac: no com.apple.eas.account';
    my $by = payloads($p);
    is_deeply $by->{'com.apple.carddav.account'}, carddav('jane@dav.test', 'dav.test', 'macos'),
        'Mac: the CardDAV payload without CardDAVPrincipalURL';
    is_deeply $by->{'com.apple.caldav.account'}, caldav('jane@dav.test', 'dav.test'),
        'Mac: the CalDAV payload as on iOS';
    is $p->{PayloadUUID}, uuid5('profile:jane@dav.test'), 'Mac: the same profile UUID as on iOS';
    is $p->{PayloadDescription}, 'Mail, calendar and contacts settings for jane@dav.test', 'Mac: the description';

    ($r, $p) = signed_profile('dav.test', 'emailaddress=jane%40dav.test&platform=MacOS', IPHONE_UA);
    is $r->code, 200, '&platform=MacOS from an iPhone: 200';
    is types($p), 'com.apple.mail.managed,com.apple.caldav.account,com.apple.carddav.account',
        '&platform=MacOS: the macOS profile whatever the User-Agent';
    is $r->header('Vary'), undef, 'the parameter decided: no Vary';

    # An iPad's Safari says Macintosh: the link with &platform=ios gives it ActiveSync.
    ($r, $p) = signed_profile('dav.test', 'emailaddress=jane%40dav.test&platform=ios', MAC_UA);
    is $r->code, 200, '&platform=ios from a Macintosh User-Agent (an iPad): 200';
    is types($p), 'com.apple.mail.managed,com.apple.eas.account,com.apple.caldav.account,com.apple.carddav.account',
        '&platform=ios: the iOS profile, ActiveSync included';
    is $r->header('Vary'), undef, '&platform=ios: no Vary';
    ($r, $p) = signed_profile('dav.test', 'emailaddress=jane%40dav.test', IPHONE_UA);
    is $r->header('Vary'), 'User-Agent', 'iPhone by User-Agent: Vary: User-Agent';
    is types($p), 'com.apple.mail.managed,com.apple.eas.account,com.apple.caldav.account,com.apple.carddav.account',
        'an iPhone ("like Mac OS X", not Macintosh): iOS';
}

# A platform that is neither: 400, no profile.
for my $bad ('android', '', 'ios%20', 'mac') {
    my $r = get('dav.test', "emailaddress=jane%40dav.test&platform=$bad", MAC_UA);
    is $r->code, 400, "platform=$bad: 400";
    isnt $r->header('Content-Type') // '', 'application/x-apple-aspen-config', "platform=$bad: no profile";
}

# A redirect keeps the platform asked for.
{
    my $r = get('hosting.test', 'emailaddress=jane%40old.test&platform=ios', MAC_UA);
    is $r->code, 302, 'AutodiscoverRedirectAddr with &platform=ios: 302';
    is $r->header('Location'),
        'https://autodiscover.example.test/mobileconfig?emailaddress=jane%40example.test&platform=ios',
        'the new address\'s profile, for the same platform';
    $r = get('hosting.test', 'emailaddress=jane%40old.test', MAC_UA);
    is $r->header('Location'), 'https://autodiscover.example.test/mobileconfig?emailaddress=jane%40example.test',
        'without the parameter the redirect adds none';
}

# Calendars and contacts only (davonly.test, unsigned): a profile of two
# payloads, the root context, no PayloadOrganization.
{
    my $r = get('davonly.test', 'emailaddress=ann%40davonly.test');
    is $r->code, 200, 'DAV only: 200';
    my $p = plist($r->content, typed => 1);
    is types($p), 'com.apple.caldav.account,com.apple.carddav.account', 'DAV only: CalDAV and CardDAV payloads';
    my $by = payloads($p);
    is join('|', map { $by->{'com.apple.caldav.account'}{$_} // '-' }
                 qw(CalDAVHostName CalDAVPort CalDAVPrincipalURL CalDAVUsername)),
       'dav.davonly.test|integer 443|https://dav.davonly.test/|ann@davonly.test', 'DAV only: the CalDAV keys';
    is join('|', map { $by->{'com.apple.carddav.account'}{$_} // '-' }
                 qw(CardDAVHostName CardDAVPort CardDAVPrincipalURL CardDAVUsername)),
       'dav.davonly.test|integer 443|https://dav.davonly.test/|ann', 'DAV only: the CardDAV keys';
    is $p->{PayloadDescription}, 'Calendar and contacts settings for ann@davonly.test', 'DAV only: the description';
    ok !exists $p->{PayloadOrganization}, 'no AutodiscoverProvider: no PayloadOrganization';
    $r = get('davonly.test', 'emailaddress=ann%40davonly.test', MAC_UA);
    is $r->code, 200, 'DAV only, Mac: 200';
    is types(plist($r->content, typed => 1)), 'com.apple.caldav.account,com.apple.carddav.account', 'DAV only, Mac: both payloads';
}

# A CalDAV URL per user (davuser.test): the address in the principal URL.
{
    my $p = plist(get('davuser.test', 'emailaddress=Jo%2Bx%40davuser.test')->content, typed => 1);
    my $by = payloads($p);
    is $by->{'com.apple.caldav.account'}{CalDAVPrincipalURL}, 'https://dav.davuser.test/calendars/Jo+x@davuser.test/',
        'a per-user CalDAV URL: the address in it';
    is $p->{PayloadDescription}, 'Mail and calendar settings for Jo+x@davuser.test', 'mail and calendar: the description';
}

# ActiveSync only (exchange.test): nothing for a Mac.
{
    my $log = Apache::Test::vars()->{t_logs} . '/error_log';
    my $from = -s $log;
    my $r = get('exchange.test', 'emailaddress=jane%40example.test', MAC_UA);
    is $r->code, 404, 'ActiveSync only, Mac: 404';
    isnt $r->header('Content-Type') // '', 'application/x-apple-aspen-config', 'ActiveSync only, Mac: no profile';
    is $r->header('Vary'), 'User-Agent', 'ActiveSync only, Mac: the 404 varies by User-Agent too';
    like error_log_since($from), qr/\[autodiscover:info\] .*AH77132: mobileconfig: nothing for macOS here/,
        'ActiveSync only, Mac: said at info';
    $r = get('exchange.test', 'emailaddress=jane%40example.test&platform=ios', MAC_UA);
    is $r->code, 200, 'ActiveSync only, &platform=ios: 200';
    is types(plist($r->content, typed => 1)), 'com.apple.eas.account', 'ActiveSync only, &platform=ios: the EAS payload';
}

done_testing;
