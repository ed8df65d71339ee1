package AD::SharedCache;
# The shared directory cache between two Apache nodes (t/directory/
# shared-memcache.t, shared-redis.t): a cache server of the test's own
# (AD::CacheServer), two servers of their own (own_server) with
# AutodiscoverDirectoryCache on it, each with an SQLite directory of its
# own. Node 2's directory says otherwise than node 1's (jane) or lacks the
# user (solo, a 254-byte address), so an answer of node 1's from node 2
# comes from the cache. Node 2 configures another query first: its query is
# not the first of its configuration, as node 1's is.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Test::More;
use Digest::SHA ();
use Time::HiRes ();
use AD::Test;
use AD::CacheServer;
use AD::Directory;

our @EXPORT = qw(shared_cache_tests long_address directory_key);

# A valid address of 254 bytes (the module's limit): a 64-byte local part
# (the most a local part may have) and three long labels.
sub long_address {
    my $tag = shift;
    my $local = $tag . ('x' x (64 - length $tag));
    return "$local@" . join('.', 'a' x 63, 'b' x 63, 'c' x 56, 'test');
}

# The key an entry of DISPLAY_NAME_QUERY has in memcached or redis: the
# namespace, then the socache id in hex (lower case), which is an FNV-1a
# of the rest, the directory's name (16 bytes of SHA-256 over what it asks,
# a NUL, and the ServerName) and the address (up to 98 bytes), or a NUL and
# the address's SHA-256.
sub directory_key {
    my ($address, $server_name) = @_;
    my $dir = substr Digest::SHA::sha256("sql\naddress\n" . DISPLAY_NAME_QUERY . "\0" . $server_name), 0, 16;
    my $rest = $dir . (length $address <= 98 ? $address : "\0" . Digest::SHA::sha256($address));
    my $h = 2166136261;
    $h = (($h ^ ord $_) * 16777619) & 0xffffffff for split //, $rest;
    return 'autodiscover:' . unpack 'H*', pack('V', $h) . $rest;
}

sub node_conf {
    my ($kind, $dir, $port, $other_query_first) = @_;
    my $other = $other_query_first ? <<'OTHER' : '';
<Location /elsewhere/>
    AutodiscoverSQLQuery "SELECT display_name FROM users WHERE address = lower(%s)"
</Location>
OTHER
    return <<"CONF" . sqlite_scope("$dir/directory.db", before_query => $other);
LoadModule socache_${kind}_module /usr/lib/apache2/modules/mod_socache_${kind}.so
# One child: a line per process is a line.
<IfModule mpm_prefork_module>
    StartServers 1
    MinSpareServers 1
    MaxSpareServers 1
    ServerLimit 1
    MaxRequestWorkers 1
</IfModule>
<IfModule !mpm_prefork_module>
    StartServers 1
    ServerLimit 1
    ThreadsPerChild 4
    MaxRequestWorkers 4
    MinSpareThreads 1
    MaxSpareThreads 8
</IfModule>
AutodiscoverDirectoryCache $kind:127.0.0.1:$port
CONF
}

sub lines_since {
    my ($log, $offset, $re) = @_;
    open my $fh, '<', $log or die "$log: $!";
    seek $fh, $offset, 0;
    return grep { /$re/ } <$fh>;
}

sub shared_cache_tests {
    my $kind = shift;
    my $tmp = scratch_dir("shared-$kind");
    my @dir = map { scratch_dir("shared-$kind/node$_") } 1, 2;
    scratch_dir("shared-$kind/cache");
    my $schema = "CREATE TABLE users (address TEXT PRIMARY KEY, display_name TEXT);\n";
    my ($long1, $long2, $long3) = map { long_address($_) } qw(one two three);
    unlink map { "$_/directory.db" } @dir;
    sqlite("$dir[0]/directory.db", $schema . <<"SQL");
INSERT INTO users VALUES ('jane\@example.test', 'Jane One');
INSERT INTO users VALUES ('solo\@example.test', 'Solo One');
INSERT INTO users VALUES ('$long1', 'Long One');
SQL
    sqlite("$dir[1]/directory.db", $schema . "INSERT INTO users VALUES ('jane\@example.test', 'Jane Two');\n");

    my $cache = AD::CacheServer->new($kind, "$tmp/cache");
    ok $cache->start, "$kind: the cache server runs" or die "no $kind server: see $tmp/cache/$kind.log\n";
    my @port;
    for my $n (0, 1) {
        my ($port, $why) = own_server($dir[$n], node_conf($kind, $dir[$n], $cache->port, $n == 1));
        ok $port, "node " . ($n + 1) . ": a server of its own answers" or diag $why;
        $port[$n] = $port;
    }
    my $name = sub {
        my ($n, $address) = @_;
        return display_name('localhost', $address, port => $port[$n - 1]);
    };

    # Shared: node 2 answers what node 1 found.
    is $name->(1, 'jane@example.test'), 'Jane One', 'jane at node 1: from its directory';
    is $name->(2, 'jane@example.test'), 'Jane One',
        "jane at node 2: node 1's answer from the cache (its own directory says Jane Two)";
    is $name->(1, 'solo@example.test'), 'Solo One', 'solo at node 1: from its directory';
    is $name->(2, 'solo@example.test'), 'Solo One', "solo at node 2: from the cache (not in its directory)";
    is $name->(1, $long1), 'Long One', 'a 254-byte address at node 1: from its directory';
    is $name->(2, $long1), 'Long One', 'a 254-byte address at node 2: from the cache';

    # The keys, as docs/security.md gives them ("Several nodes: one directory cache").
    is $cache->get(directory_key('jane@example.test', 'localhost')), "F\x01Jane One\0",
        'jane: the entry under autodiscover: and the key in hex (display_name is field 1)';
    is $cache->get(directory_key($long1, 'localhost')), "F\x01Long One\0\xff$long1\0",
        'the long address: under its digest, the entry carries the address';

    # A hashed key's entry is taken for its own address only.
    $cache->set(directory_key($long2, 'localhost'), "F\x01Forged\0\xff$long3\0", 600);
    is $name->(2, $long2), '', "an entry under the address's key but stored for another is not taken";
    $cache->set(directory_key($long3, 'localhost'), "F\x01Planted\0\xff$long3\0", 600);
    is $name->(2, $long3), 'Planted', 'the same entry stored for its own address is taken';

    # The cache server stops: each node answers from its own directory.
    my @log = map { "$_/error_log" } @dir;
    my @from = map { -s $_ } @log;
    $cache->stop;
    my @one = map { $name->(1, 'jane@example.test') } 1 .. 10;
    my @two = map { $name->(2, 'jane@example.test') } 1 .. 10;
    is_deeply \@one, [('Jane One') x 10], 'cache down: node 1 answers from its directory';
    is_deeply \@two, [('Jane Two') x 10], 'cache down: node 2 answers from its directory';
    is $name->(2, 'solo@example.test'), '', 'cache down: solo is not in node 2\'s directory';
    my $failed = qr/AH77240: AutodiscoverDirectoryCache: the $kind cache failed to (?:look up|store) an entry/;
    for my $n (0, 1) {
        my @lines = lines_since($log[$n], $from[$n], qr/AH77240/);
        is scalar(@lines), 1, 'cache down: node ' . ($n + 1) . ' logs one line for 10 failing requests'
            or diag @lines;
        like $lines[0] // '', qr/\[autodiscover:warn\].*$failed/, 'cache down: node ' . ($n + 1)
            . ': a warning that names the provider';
    }
    my @provider = map { lines_since($log[$_], $from[$_], qr/scache_(?:mc|rd):|AH0079[01]|AH0347[89]/) } 0, 1;
    is scalar(@provider), 0, "cache down: no line of mod_socache_$kind\'s own per request" or diag @provider;

    # It starts again, empty: the nodes use it again without a restart.
    @from = map { -s $_ } @log;
    ok $cache->start, "$kind: the cache server runs again";
    my $t0 = Time::HiRes::time();
    # The nodes try the cache again some seconds after it failed (about 5 s
    # here); the bound protects against never, not a speed.
    my $back = poll(sub { $name->(1, 'jane@example.test');
                          $name->(2, 'jane@example.test') eq 'Jane One' }, 30);
    ok $back, "cache back: node 2 answers node 1's entry again, without a restart";
    diag sprintf "%s: shared again after %.1f s", $kind, Time::HiRes::time() - $t0;
    my @works = map { lines_since($log[$_], $from[$_], qr/AH77241: AutodiscoverDirectoryCache: the $kind cache works again/) } 0, 1;
    is scalar(@works), 2, 'cache back: each node says once that the cache works again' or diag @works;
    done_testing;
}

1;
