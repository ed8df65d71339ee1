# The shared directory cache (socache shmcb, the default; sql-cache.test in
# t/conf/vhosts/sql.conf): a found user is answered from the cache after
# the directory changed, until AutodiscoverDirectoryCacheTime (3 s) has
# passed; an unknown user stays unknown just as long: one lifetime for both,
# so that answer times do not tell which addresses exist.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Time::HiRes ();
use lib 't/lib';
use AD::Test;
use AD::Directory;

my $db = Apache::Test::vars()->{serverroot} . '/data/cache.db';
sub sql { sqlite($db, shift) }
sub answer {
    my $xc = answer_xpath(post_pox('sql-cache.test', pox_request(shift)));
    return $xc->findvalue('//o:Response/o:User/o:DisplayName')
        || 'error ' . $xc->findvalue('//a:Response/a:Error/a:ErrorCode');
}
sub until_past { my $t = shift; my $d = $t - Time::HiRes::time(); Time::HiRes::sleep($d) if $d > 0 }

# Found: cached for 3 s.
my $t0 = Time::HiRes::time();
is answer('joe@example.test'), 'Joe Bloggs', 'found: from the directory';
sql(q{UPDATE users SET display_name = 'Joe Changed' WHERE address = 'joe@example.test'});
my @names = map { answer('joe@example.test') } 1 .. 12;
SKIP: {
    skip 'the machine was too slow to ask within the lifetime', 1 if Time::HiRes::time() - $t0 > 2.5;
    is_deeply \@names, [('Joe Bloggs') x 12], 'found: the cached answer after the directory changed';
}
until_past($t0 + 3.3);
is answer('joe@example.test'), 'Joe Changed', 'found: the directory again once the lifetime passed';

# Unknown: cached for 3 s too.
$t0 = Time::HiRes::time();
is answer('newbie@example.test'), 'error 500', 'unknown: error 500 (AutodiscoverUnknownUser error)';
sql(q{INSERT INTO users (address, local, domain, display_name) VALUES ('newbie@example.test', 'newbie', 'example.test', 'New Bie')});
my $again = answer('newbie@example.test');
SKIP: {
    skip 'the machine was too slow to ask within the lifetime', 1 if Time::HiRes::time() - $t0 > 2.5;
    is $again, 'error 500', 'unknown: still unknown from the cache';
}
until_past($t0 + 3.3);
is answer('newbie@example.test'), 'New Bie', 'unknown: found once its lifetime passed';

# Each address has its own entry: a user never asked is read fresh.
sql(q{UPDATE users SET display_name = 'Pat Fresh' WHERE address = 'pat@example.test'});
is answer('pat@example.test'), 'Pat Fresh', 'another address: not answered from joe\'s entry';
# Markup and quotes survive the cache (the second answer comes from it).
my @jane = map { answer('jane@example.test') } 1 .. 2;
is_deeply \@jane, [('Jane <Doe> & "Co"') x 2], 'a value with markup survives the cache';

done_testing;
