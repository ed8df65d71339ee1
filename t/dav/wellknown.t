# RFC 6764: /.well-known/caldav and /.well-known/carddav redirect to the
# configured context for the domain asked (dav.test serves dav.test and
# cal.test, t/conf/vhosts/groupware.conf), for any method: clients PROPFIND
# them. Where the URL names the user, or no DAV service is configured, the
# module leaves them alone.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

sub ask {
    my ($host, $path, %o) = @_;
    return http_exchange(method => $o{method} // 'GET', host => $host, path => $path,
                         $o{body} ? (body => $o{body}) : (),
                         $o{headers} ? (headers => $o{headers}) : ());
}

my %want = (
    'dav.test'              => ['https://dav.dav.test/caldav/', 'https://contacts.dav.test:8443/carddav/'],
    'cal.test'              => ['https://dav.cal.test/caldav/', 'https://contacts.cal.test:8443/carddav/'],
    'autoconfig.cal.test'   => ['https://dav.cal.test/caldav/', 'https://contacts.cal.test:8443/carddav/'],
);
for my $host (sort keys %want) {
    my $r = ask($host, '/.well-known/caldav');
    is $r->code, 301, "$host: caldav, 301 (RFC 6764 section 5)";
    is $r->header('Location'), $want{$host}[0], "$host: to the CalDAV context of its domain";
    $r = ask($host, '/.well-known/carddav');
    is $r->code, 301, "$host: carddav, 301";
    is $r->header('Location'), $want{$host}[1], "$host: to the CardDAV context, port kept";
}

my $r = ask('dav.test', '/.well-known/caldav');
is $r->header('Cache-Control'), 'private, no-store', 'not kept by caches (as every answer)';

# What clients send: PROPFIND with a body, HEAD, another spelling.
my $propfind = qq{<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop>}
             . qq{<d:current-user-principal/></d:prop></d:propfind>};
$r = ask('dav.test', '/.well-known/caldav', method => 'PROPFIND', body => $propfind,
         headers => ['Depth: 0', 'Content-Type: application/xml']);
is $r->code, 301, 'PROPFIND: 301 as well';
is $r->header('Location'), 'https://dav.dav.test/caldav/', 'PROPFIND: same target';
$r = ask('dav.test', '/.well-known/carddav', method => 'HEAD');
is $r->code, 301, 'HEAD: 301';
is $r->header('Location'), 'https://contacts.dav.test:8443/carddav/', 'HEAD: same target';
$r = ask('dav.test', '/.well-known/CalDAV');
is $r->code, 301, 'another letter case: 301';
is $r->header('Location'), 'https://dav.dav.test/caldav/', 'another letter case: same target';
$r = ask('dav.test', '/.well-known/caldav?x=1');
is $r->header('Location'), 'https://dav.dav.test/caldav/', 'a query string is not carried over';
$r = ask('dav.test', '/.well-known/caldav/');
is $r->code, 404, 'a path below it is not the well-known URL: 404';

# A name of the vhost whose domain it does not serve.
$r = ask('elsewhere.test', '/.well-known/caldav');
is $r->code, 404, 'a domain not served: 404';
is $r->header('Location'), undef, '... no Location';

# davuser.test: a CalDAV URL per user cannot serve a whole domain; no CardDAV.
my $since = -s Apache::Test::vars()->{t_logs} . '/error_log';
$r = ask('davuser.test', '/.well-known/caldav');
is $r->code, 404, 'a CalDAV URL naming the user: 404';
is $r->header('Location'), undef, '... no Location';
like error_log_since($since), qr/AH77088: CalDAV: the configured URL names the user; no redirect for a whole domain/,
    '... and the log says why';
$r = ask('davuser.test', '/.well-known/carddav');
is $r->code, 404, 'no CardDAV configured: not answered (404 from httpd)';
unlike $r->content, qr/carddav/i, '... nothing about it';

# nodav.test: the module has no DAV URL there, so a DAV server of its own
# (here a static file) answers.
$r = ask('nodav.test', '/.well-known/caldav');
is $r->code, 200, 'no CalDAV configured: the module leaves the URL to others';
is $r->content, "a DAV server's own answer\n", '... whose answer comes through';
is $r->header('Cache-Control'), undef, '... without the module\'s headers';

done_testing;
