# Addresses that do not exist cannot push a real user out of the directory
# cache: unknown users live in a budget of their own. A server of its own
# with a small cache for found users (AutodiscoverDirectoryCache
# shmcb(16384)) and AutodiscoverPublicDirectory On, so that every request
# may look its address up: jane is cached, the directory changes, 400
# random unknown addresses are asked, and jane's answer still comes from
# the cache. Found and unknown users share one lifetime.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Copy qw(copy);
use lib 't/lib';
use AD::Test;
use AD::Directory;

my $tmp = scratch_dir('eviction');
my $db = "$tmp/directory.db";
copy(Apache::Test::vars()->{serverroot} . '/data/directory.db', $db) or die "copy: $!";

my ($port, $why) = own_server($tmp, qq{AutodiscoverDirectoryCache "shmcb:$tmp/found(16384)"\n}
                                    . sqlite_scope($db));
ok $port, 'a server of its own answers' or diag $why;

sub name { display_name('localhost', shift, port => $port) }

is name('jane@example.test'), 'Jane <Doe> & "Co"', 'jane: from the directory, now cached';
sqlite($db, q{UPDATE users SET display_name = 'Jane Changed' WHERE address = 'jane@example.test'});
my @strangers = map { name(sprintf 'nobody%d-%d@example.test', $$, $_) } 1 .. 400;
is scalar(grep { $_ eq '' } @strangers), 400, '400 unknown addresses: the configured answer (no display name)';
is name('jane@example.test'), 'Jane <Doe> & "Co"', 'jane: still the cached answer after 400 unknown addresses';

done_testing;
