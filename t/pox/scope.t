# Where the module answers: only where enabled; <Location> scopes merge with
# their vhost field by field.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $r = post_pox('off.test', pox_request('jane@example.test'));
is $r->code, 404, 'not enabled: Apache answers 404';
unlike $r->content, qr/Autodiscover/, 'not enabled: no autodiscover document';

$r = post_pox('scoped.test', pox_request('jane@example.test'));
is $r->code, 200, 'enabled in <LocationMatch>: 200';
my $xc = answer_xpath($r);
is $xc->findvalue('//o:User/o:DisplayName'), 'From the location', 'location value overrides the vhost value';
is $xc->findvalue('//o:Protocol/o:Server'), 'imap.example.test', 'vhost servers are inherited';
$r = post_pox('scoped.test', pox_request('jane@example.test'), path => '/AutoDiscover/AutoDiscover.XML');
is $r->code, 200, 'case-insensitive LocationMatch and endpoint';
$r = post_pox('scoped.test', pox_request('jane@example.test'), path => '/elsewhere/autodiscover.xml');
is $r->code, 404, 'outside the location: 404';

$r = post_pox('dir.test', pox_request('jane@example.test'));
is $r->code, 200, 'enabled in <Directory>: 200';
is answer_xpath($r)->findvalue('//o:Protocol/o:Server'), 'imap.dir.example', '<Directory> settings';

# A vhost the module answers nothing in keeps every path as it is: another
# application at Exchange's /Autodiscover/ spelling is still reached.
$r = http_get('off.test', '/Autodiscover/readme.txt');
is $r->code, 200, 'Autodiscover Off: /Autodiscover/ of another application: 200';
is $r->content, "another application\n", 'its own file';

done_testing;
