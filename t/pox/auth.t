# Authentication by Apache (Basic here) and the optional owner check.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my %alice = (user => 'alice@example.test', password => 'secret');

my $r = post_pox('auth.test', pox_request('alice@example.test'));
is $r->code, 401, 'no credentials: 401';
like $r->header('WWW-Authenticate') // '', qr/^Basic realm="Autodiscover"/, 'Basic challenge';
unlike $r->content, qr/<Protocol>/, '401 carries no settings';

$r = post_pox('auth.test', pox_request('alice@example.test'), %alice);
is $r->code, 200, 'owner asks for her own address: 200';
is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', 'owner gets settings';

$r = post_pox('auth.test', pox_request('ALICE@Example.Test'), %alice);
is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', 'owner check ignores letter case';

$r = post_pox('auth.test', pox_request('bob@example.test'), %alice);
my $xc = answer_xpath($r);
is $r->code, 200, 'someone else\'s address: 200';
is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:ErrorCode'), '500', 'someone else\'s address: error 500';
is $xc->findvalue('/a:Autodiscover/a:Response/a:Error/a:DebugData'), 'NotOwner', 'DebugData NotOwner';
unlike $r->content, qr/<Protocol>/, 'no settings for someone else\'s address';

$r = post_pox('auth.test', mobile_request('bob@example.test'), %alice);
$xc = answer_xpath($r);
is $xc->findvalue('/a:Autodiscover/m:Response/m:Action/m:Error/m:Status'), '2', 'MobileSync not owner: Status 2';
is $xc->findvalue('/a:Autodiscover/m:Response/m:Action/m:Error/m:ErrorCode'), '500', 'MobileSync not owner: 500';

# Mapping: the user name is the address's local part.
$r = post_pox('localpart.test', pox_request('carol@example.test'), user => 'carol', password => 'secret');
is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', 'local-part mapping: carol@example.test';
$r = post_pox('localpart.test', pox_request('carol@example.net'), user => 'carol', password => 'secret');
is answer_xpath($r)->findvalue('//o:Account/o:Action'), 'settings', 'local-part mapping: carol@example.net';
$r = post_pox('localpart.test', pox_request('alice@example.test'), %alice);
is answer_xpath($r)->findvalue('//a:Response/a:Error/a:DebugData'), 'NotOwner',
    'local-part mapping: user alice@example.test is not "alice"';

# Without the owner check, an existing and an unknown user get the same
# answer (no enumeration): identical once the address is taken out.
my $known = post_pox('open-auth.test', pox_request('bob@example.test'), %alice);
my $unknown = post_pox('open-auth.test', pox_request('nobody-here@example.test'), %alice);
is $known->code, 200, 'known user: 200';
is $unknown->code, 200, 'unknown user: 200';
(my $k = $known->content) =~ s/bob\@example\.test/ADDRESS/g;
(my $u = $unknown->content) =~ s/nobody-here\@example\.test/ADDRESS/g;
is $u, $k, 'answers for known and unknown users are identical';
is $unknown->header('Content-Type'), $known->header('Content-Type'), 'same content type';
like $k, qr/<Type>IMAP<\/Type>/, 'and both are settings';

done_testing;
