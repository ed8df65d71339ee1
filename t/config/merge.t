# The configuration as data (t/unit/config_test.c): every row of
# AD_DIR_FIELDS created unset, merged by its rule, read through its
# accessor, and every row of AD_PROFILE_FIELDS merged pointer by pointer;
# the rows are the whole per-scope struct.
use strict;
use warnings FATAL => 'all';

exec 'build/config-test' or die "build/config-test: $!";
