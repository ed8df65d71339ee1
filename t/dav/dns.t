# "apache2 -t -D AUTODISCOVER_DNS" names the RFC 6764 records of each
# domain's CalDAV and CardDAV contexts (t/conf/vhosts/groupware.conf).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $out = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
is $? >> 8, 0, 'configtest passes';

for my $d ('dav.test', 'cal.test') {
    my ($block) = $out =~ /^(; \Q$d\E: served by dav\.test \(\S+:\d+\)\n(?:[^;\n].*\n|; [^\n]*own name[^\n]*\n)+)/m;
    my @dav = grep /_(?:cal|card)davs?\._tcp/, split /\n/, $block // '';
    is join("\n", @dav, ''), <<"ZONE", "$d: SRV and TXT path= for CalDAV and CardDAV, plain variants not offered";
_caldavs._tcp.$d. 3600 IN SRV 0 1 443 dav.$d.
_caldavs._tcp.$d. 3600 IN TXT "path=/caldav/"
_caldav._tcp.$d. 3600 IN SRV 0 0 0 .
_carddavs._tcp.$d. 3600 IN SRV 0 1 8443 contacts.$d.
_carddavs._tcp.$d. 3600 IN TXT "path=/carddav/"
_carddav._tcp.$d. 3600 IN SRV 0 0 0 .
ZONE
}
like $out, qr/^_imaps\._tcp\.cal\.test\. 3600 IN SRV 0 1 993 imap\.cal\.test\.$/m,
    'cal.test: its mail records beside them';

# davuser.test: its CalDAV URL names the user.
my ($user) = $out =~ /^(; davuser\.test: served by davuser\.test \(\S+:\d+\)\n(?:[^\n]+\n)+?)(?:\n|\z)/m;
$user //= '';
like $user, qr/^; _caldavs\._tcp\.davuser\.test\.: the CalDAV URL names the user; no record can point a whole domain to it$/m,
    'davuser.test: a per-user CalDAV URL gets no record, and says why';
unlike $user, qr/^_(?:cal|card)davs?\._tcp\S* 3600 IN/m, '... no DAV SRV or TXT record';
unlike $user, qr/_carddavs/, '... and nothing for CardDAV, which it does not configure';

# nodav.test: no DAV, no DAV records.
my ($nodav) = $out =~ /^(; nodav\.test: served by .*\n(?:[^\n]+\n)*)/m;
ok !$nodav || $nodav !~ /dav(s)?\._tcp/, 'nodav.test: no DAV records';
unlike $out, qr/_caldavs\._tcp\.elsewhere\.test/, 'a name whose domain is not served: no records';

done_testing;
