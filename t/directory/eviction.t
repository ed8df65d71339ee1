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
use File::Path qw(make_path);
use File::Copy qw(copy);
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $tmp = "$vars->{t_logs}/eviction";
make_path($tmp);
copy("$vars->{serverroot}/data/directory.db", "$tmp/directory.db") or die "copy: $!";
sub sql { system('sqlite3', "$tmp/directory.db", shift) == 0 or die "sqlite3 failed\n" }

my ($port, $why) = own_server($tmp, <<"CONF");
AutodiscoverDirectoryCache "shmcb:$tmp/found(16384)"
DBDriver sqlite3
DBDParams "$tmp/directory.db"
Autodiscover On
AutodiscoverServer IMAP imap.%EMAILDOMAIN% tls=implicit
AutodiscoverSQLQuery "SELECT display_name FROM users WHERE address = %s"
AutodiscoverPublicDirectory On
AutodiscoverDirectoryCacheTime 600
CONF
ok $port, 'a server of its own answers' or diag $why;

sub name {
    my $r = post_pox('localhost', pox_request(shift), port => $port);
    return answer_xpath($r)->findvalue('//o:Response/o:User/o:DisplayName');
}

is name('jane@example.test'), 'Jane <Doe> & "Co"', 'jane: from the directory, now cached';
sql(q{UPDATE users SET display_name = 'Jane Changed' WHERE address = 'jane@example.test'});
my @strangers = map { name(sprintf 'nobody%d-%d@example.test', $$, $_) } 1 .. 400;
is scalar(grep { $_ eq '' } @strangers), 400, '400 unknown addresses: the configured answer (no display name)';
is name('jane@example.test'), 'Jane <Doe> & "Co"', 'jane: still the cached answer after 400 unknown addresses';

done_testing;
