# Every directive in the command table is documented in the README's
# reference and used in at least one test.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $top = Apache::Test::vars()->{serverroot} . '/..';
sub slurp { local (@ARGV, $/) = @_; <> }

my $header = join "\n", map { slurp($_) } grep { -f } ("$top/include/ad_directives.h", "$top/include/ad_config.h");
my %names = $header =~ /#define (AD_D_\w+)\s+"(\w+)"/g;
my $table = slurp("$top/mod_autodiscover.c");
my @directives = sort map { $names{$_} } grep { $table =~ /\b$_\b/ } keys %names;
my $readme = slurp("$top/README");
my $tests = join "\n", map { slurp($_) } grep { !/docs\.t$/ }
    glob("$top/t/*/*.t $top/t/conf/vhosts/*.conf");

plan tests => 1 + 2 * @directives;

cmp_ok scalar(@directives), '>=', 17, 'directives found in the command table';
for my $d (@directives) {
    like $readme, qr/^### \Q$d\E$/m, "$d has a README reference entry";
    like $tests, qr/\b\Q$d\E\b/, "$d is used in a test";
}
