# What names a directory cache entry (a server of its own, shmcb): the
# query's text and parameters, and the virtual host that answers, since
# mod_dbd's database is one per virtual host: two virtual hosts with the
# same query on two databases each get their own answers. An address of
# 254 bytes (the longest the module takes), found or unknown, is cached
# under its digest like any other.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Directory;
use AD::SharedCache qw(long_address);

my $tmp = scratch_dir('cache-keys');
sub sql { my ($db, $sql) = @_; sqlite("$tmp/$db.db", $sql) }
my ($long, $ghost) = map { long_address($_) } qw(long ghost);
unlink "$tmp/one.db", "$tmp/two.db";
for my $db (qw(one two)) {
    sql($db, 'CREATE TABLE users (address TEXT PRIMARY KEY, display_name TEXT)');
    sql($db, "INSERT INTO users VALUES ('jane\@example.test', 'Jane \u$db')");
}
sql('one', "INSERT INTO users VALUES ('$long', 'Long One')");

my $vhosts = join '', map { "<VirtualHost *>\nServerName $_.test\n" . sqlite_scope("$tmp/$_.db") . "</VirtualHost>\n" }
    qw(one two);
my ($port, $why) = own_server($tmp, $vhosts);
ok $port, 'a server of its own answers' or diag $why;

sub name {
    my ($host, $address) = @_;
    return display_name($host, $address, port => $port);
}

is name('one.test', 'jane@example.test'), 'Jane One', 'one.test: jane from its database, now cached';
is name('two.test', 'jane@example.test'), 'Jane Two',
    "two.test, the same query on another database: its own answer, not one.test's entry";

is name('one.test', $long), 'Long One', 'a 254-byte address: from the directory, now cached';
sql('one', "UPDATE users SET display_name = 'Long Changed' WHERE address = '$long'");
is name('one.test', $long), 'Long One', 'a 254-byte address: the cached answer after the directory changed';

is name('one.test', $ghost), '', 'an unknown 254-byte address: the configured answer, now cached';
sql('one', "INSERT INTO users VALUES ('$ghost', 'Ghost Found')");
is name('one.test', $ghost), '', 'an unknown 254-byte address: still unknown from the cache';

done_testing;
