# The documentation against the code: every directive in the command table
# has an entry in docs/directives.md whose Context line says what the
# table allows, and is used in at least one test; the README stays short,
# and every document and link it or the documents give leads somewhere.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $top = Apache::Test::vars()->{serverroot} . '/..';
sub slurp { local (@ARGV, $/) = @_; <> }

# The directive table: the rows of AD_DIRECTIVES (include/ad_directives.h),
# X(kind, name, setter, data, where, help), where is ANY (directory
# sections too) or SERVER.
my $header = slurp("$top/include/ad_directives.h");
my %names = $header =~ /#define (AD_D_\w+)\s+"(\w+)"/g;
my %flags;
while ($header =~ /^\s*X\((\w+), (AD_D_\w+), (\w+), ([^,]+), (\w+),/mg) {
    my ($define, $where) = ($2, $5);
    $flags{$names{$define} // die "no name for $define"} = $where;
}
my @directives = sort keys %flags;
my ($rows) = $header =~ /#define AD_DIRECTIVES\(X\)(.*?)end of the directive table/s;
my $lines_in_table = () = $rows =~ /^\s*X\(/mg;
my $table = slurp("$top/mod_autodiscover.c");
cmp_ok scalar(@directives), '>=', 37, 'directives found in the directive table';
is scalar(@directives), $lines_in_table, 'every row of the directive table was read';
like $table, qr/AD_DIRECTIVES\(AD_COMMAND\)/, 'the command table is made from the rows';
cmp_ok scalar(grep { $flags{$_} eq 'ANY' } @directives), '>=', 30,
    'the rows were read: most directives are allowed in directory sections';

# Entries: "### Name" up to the next heading.
my $ref = slurp("$top/docs/directives.md");
my %entry;
while ($ref =~ /^### (\S+)\n(.*?)(?=^#{1,3} |\z)/msg) {
    $entry{$1} = $2;
}
my $tests = join "\n", map { slurp($_) } grep { !/docs\.t$/ }
    glob("$top/t/*/*.t $top/t/conf/vhosts/*.conf");

for my $d (@directives) {
    my $body = $entry{$d};
    ok defined $body, "$d has an entry in docs/directives.md";
    $body //= '';
    like $body, qr/^Syntax: `\Q$d\E[^`]*`\. Default: (?:`[^`]+`|none)\.$/m,
        "$d: a Syntax line with the default in backticks, or none";
    my ($context) = $body =~ /^Context: (.+)$/m;
    ok defined $context, "$d: a Context line";
    $context //= '';
    like $context, qr/\bserver config\b/, "$d: Context names server config";
    if ($flags{$d} eq 'ANY') {
        like $context, qr/\bdirectory\b/, "$d: allowed in directory sections, and Context says so";
    }
    else {
        unlike $context, qr/\bdirectory\b/, "$d: not allowed in directory sections, and Context says so";
    }
    like $tests, qr/\b\Q$d\E\b/, "$d is used in a test";
}
my @stale = grep { !exists $flags{$_} } grep { /^Autodiscover/ } sort keys %entry;
is "@stale", '', 'docs/directives.md documents no directive the table lacks';

# The README: short, and every document it names exists.
my $readme = slurp("$top/README");
my $lines = () = $readme =~ /\n/g;
cmp_ok $lines, '<', 400, "README is under 400 lines ($lines)";
my %named = map { $_ => 1 } $readme =~ m{\b(docs/[\w.-]+\.md)\b}g;
cmp_ok scalar(keys %named), '>=', 6, 'README names the documents';
for my $doc (sort keys %named) {
    ok -f "$top/$doc", "README names $doc, which exists";
}
my @unnamed = grep { !$named{$_} } map { s{^\Q$top\E/}{}r } glob("$top/docs/*.md");
is "@unnamed", '', 'README names every document in docs/';

# Links: every relative link of the README (plain paths) and of the
# documents (Markdown) leads to a file, and an anchor to a heading there.
sub slugs {
    my ($text) = @_;
    my (%slug, %seen);
    $text =~ s/^(?:```|~~~).*?^(?:```|~~~)//msg;
    for my $h ($text =~ /^#{1,6} (.+?)\s*#*\s*$/mg) {
        my $s = lc $h;
        $s =~ s/[^\w\- ]//g;
        $s =~ tr/ /-/;
        my $n = $seen{$s}++;
        $slug{$n ? "$s-$n" : $s} = 1;
    }
    return \%slug;
}
for my $path (map { "docs/$_" } $readme =~ m{\bdocs/([\w.-]+)}g) {
    $path =~ s/[.]$//;
    ok -e "$top/$path", "README: $path exists";
}
my $links = 0;
for my $file (sort glob("$top/docs/*.md")) {
    my $name = $file =~ s{^\Q$top\E/}{}r;
    my $text = slurp($file);
    (my $prose = $text) =~ s/^(?: {4}|\t).*$//mg;    # not in code blocks
    while ($prose =~ /\[[^\]]*\]\(([^)\s]+)\)/g) {
        my $link = $1;
        next if $link =~ m{^[a-z]+:};
        $links++;
        my ($target, $anchor) = split /#/, $link, 2;
        my $path = $target eq '' ? $file : "$top/docs/$target";
        my $rel = $target eq '' ? $name : "docs/$target";
        1 while $rel =~ s{[^/]+/\.\./}{};
        ok -e $path, "$name: $link: $rel exists" or next;
        next unless defined $anchor && $path =~ /\.md$/;
        ok slugs(slurp($path))->{$anchor}, "$name: $link: a heading there";
    }
}
cmp_ok $links, '>=', 50, "the documents' links were found ($links)";

done_testing;
