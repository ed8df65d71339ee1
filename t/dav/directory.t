# Calendars and contacts from the directory follow the rule of every
# directory field (docs/security.md, "Who gets what"): the owner of an address gets the
# user's own CalDAV and CardDAV contexts and login; a stranger and another
# user get the configured answer (sql-dav.test, t/conf/vhosts/sql.conf).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Plist;
use AD::XPath;

my %jane  = (user => 'jane@example.test', password => 'secret');
my %alice = (user => 'alice@example.test', password => 'secret');

sub get {
    my ($path, %o) = @_;
    return http_get('sql-dav.test', $path, %o);
}

# POX: the CalDAV and CardDAV blocks, "Type Server LoginName" each.
sub pox_dav {
    my $r = post_pox('sql-dav.test', pox_request('jane@example.test'), @_);
    return "status " . $r->code if $r->code != 200;
    my $xc = answer_xpath($r);
    my @b = map { join ' ', $xc->findvalue('o:Type', $_), $xc->findvalue('o:Server', $_),
                  $xc->findvalue('o:LoginName', $_) }
        $xc->findnodes('//o:Account/o:Protocol[o:Type="CalDAV" or o:Type="CardDAV"]');
    return @b ? join('|', @b) : $xc->findvalue('//o:Error/o:ErrorCode | //a:Error/a:ErrorCode') || 'none';
}

# The Apple profile (unsigned here): "HOST PRINCIPAL USER" per DAV payload.
sub profile_dav {
    my $r = get('/mobileconfig?emailaddress=jane%40example.test', @_);
    return "status " . $r->code if $r->code != 200;
    my @out;
    for my $k (plist_dicts($r->content)) {
        for my $p (qw(CalDAV CardDAV)) {
            push @out, join ' ', $p, map { $k->{"$p$_"} } qw(HostName PrincipalURL Username)
                if ($k->{PayloadType} // '') eq 'com.apple.' . lc($p) . '.account';
        }
    }
    return join '|', @out;
}

# Autoconfig is open: strangers only.
sub autoconfig_dav {
    my $r = get('/mail/config-v1.1.xml?emailaddress=jane%40example.test', @_);
    my $doc = xml_doc($r);
    return join '|', map { join ' ', $_->nodeName, $_->findvalue('url'), $_->findvalue('username') }
        $doc->findnodes('/clientConfig/calendar | /clientConfig/addressbook');
}

my $plain_cal = 'https://dav.example.test/caldav/';
my $own = 'CalDAV https://cal2.example.test/dav/jane/ jane|CardDAV https://card2.example.test/dav/jane/ jane';

is pox_dav(%jane), $own, 'owner, POX: her own CalDAV and CardDAV contexts, her DAV login';
is pox_dav(%alice), 500, 'another user, POX: the not-owner error, nothing of hers';
is pox_dav(), 'status 401', 'a stranger, POX: 401';

is profile_dav(%jane), 'CalDAV cal2.example.test https://cal2.example.test/dav/jane/ jane'
                     . '|CardDAV card2.example.test https://card2.example.test/dav/jane/ jane',
    'owner, Apple profile: her own contexts and login';
is profile_dav(%alice), "CalDAV dav.example.test $plain_cal jane\@example.test",
    'another user, Apple profile: the configured CalDAV, no CardDAV, the address as login';
is profile_dav(), 'status 401', 'a stranger, Apple profile: 401';

is autoconfig_dav(), "calendar $plain_cal jane\@example.test", 'a stranger, autoconfig: the configured CalDAV only';
is autoconfig_dav(%jane), "calendar $plain_cal jane\@example.test",
    'credentials where none are asked change nothing';

# The per-domain answers never carry a user's fields.
my $r = get('/.well-known/caldav', host => 'sql-dav.test');
is $r->code, 301, 'well-known: 301';
is $r->header('Location'), 'https://dav.sql-dav.test/caldav/', '... to the configured context of the domain asked';
$r = get('/.well-known/carddav');
is $r->code, 404, 'well-known CardDAV: the scope has none (a user\'s own is no domain\'s)';

# Another address without a directory entry: the configured answer, even
# for its owner.
my $x = post_pox('sql-dav.test', pox_request('alice@example.test'), %alice);
my $xc = answer_xpath($x);
is $xc->findvalue('//o:Protocol[o:Type="CalDAV"]/o:Server'), $plain_cal, 'owner without an entry: the configured CalDAV';
is $xc->findvalue('//o:Protocol[o:Type="CalDAV"]/o:LoginName'), 'alice@example.test', '... and the address as login';
is scalar(() = $xc->findnodes('//o:Protocol[o:Type="CardDAV"]')), 0, '... and no CardDAV';

done_testing;
