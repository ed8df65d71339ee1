# autodiscover-check's fuzz targets without libFuzzer (fuzz/replay.c): the
# seeds and every input the fuzzer found, each through the target's checks
# (build/replay-TARGET aborts on a broken property; in "make test-asan"
# ASan and UBSan watch too). The targets: check-pox (a server's POX or
# autoconfig answer, its redirect targets, the escaping), check-dns (a DNS
# answer's SRV records), and what the module takes from each endpoint's
# URL: v2-path, v2-query, autoconfig-query, mobileconfig-query.
use strict;
use warnings FATAL => 'all';
use Test::More;

my @targets = qw(check-pox check-dns v2-path v2-query autoconfig-query mobileconfig-query);
plan tests => 2 * @targets;
for my $t (@targets) {
    my @inputs = sort(glob("fuzz/$t/corpus/*"), glob("fuzz/$t/regressions/*"));
    cmp_ok scalar @inputs, '>=', 4, "$t: seeds found";
    my $out = `build/replay-$t @inputs 2>&1`;
    my $ok = () = $out =~ /^ok /mg;
    ok $? == 0 && $ok == @inputs, "$t: all " . @inputs . " inputs pass" or diag $out;
}
