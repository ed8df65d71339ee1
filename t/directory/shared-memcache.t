# Two Apache nodes share the directory cache on memcached (mod_socache_
# memcache): node 2 answers node 1's users from it, long addresses too, by
# keys that do not depend on the order of the configuration; with memcached
# stopped both answer from their directories with one warning each, and
# use it again once it is back, without a restart (t/lib/AD/SharedCache.pm).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::CacheServer;
use AD::SharedCache;

plan skip_all => 'heavy test (HEAVY=0)' unless heavy();
plan skip_all => 'memcached is missing: sh scripts/install-deps'
    unless AD::CacheServer->new('memcache', '/tmp')->program;
plan skip_all => 'mod_socache_memcache is missing'
    unless -e '/usr/lib/apache2/modules/mod_socache_memcache.so';
shared_cache_tests('memcache');
