# The pure core without httpd (t/unit/core_test.c): unit checks, then the
# fuzz seed corpus and every input the fuzzer found, through the parser and
# all renderers, each answer checked for well-formedness and escaping.
use strict;
use warnings FATAL => 'all';

my @inputs = sort(glob('fuzz/corpus/*'), glob('fuzz/regressions/*'));
die "no fuzz corpus found\n" unless @inputs >= 10;
exec 'build/core-test', @inputs or die "build/core-test: $!";
