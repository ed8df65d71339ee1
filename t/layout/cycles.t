# The source's layers: no cycle between headers (#include), none between
# object files (a file that calls another's function, transitively,
# never called back), and the httpd-free core includes no httpd header.
# The module record (autodiscover_module), which every file names for its
# configuration and log tag, is the one symbol left out: it is the root
# httpd holds, not a call.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $top = Apache::Test::vars()->{serverroot} . '/..';
sub slurp { local (@ARGV, $/) = @_; <> }
sub base { my ($f) = @_; $f =~ s{.*/}{}; $f }

# One strongly connected component of more than one node (or a node that
# reaches itself) is a cycle: Tarjan's algorithm, iterative enough for
# a few hundred nodes.
sub cycles {
    my ($graph) = @_;
    my ($index, @stack, %on, %idx, %low, @found) = (0);
    my $visit;
    $visit = sub {
        my ($v) = @_;
        $idx{$v} = $low{$v} = $index++;
        push @stack, $v;
        $on{$v} = 1;
        for my $w (sort keys %{ $graph->{$v} || {} }) {
            if (!exists $idx{$w}) {
                $visit->($w);
                $low{$v} = $low{$w} if $low{$w} < $low{$v};
            }
            elsif ($on{$w}) {
                $low{$v} = $idx{$w} if $idx{$w} < $low{$v};
            }
        }
        if ($low{$v} == $idx{$v}) {
            my @scc;
            my $w;
            do { $w = pop @stack; $on{$w} = 0; push @scc, $w } while ($w ne $v);
            push @found, join(' ', sort @scc)
                if @scc > 1 || $graph->{$v}{$v};
        }
    };
    $visit->($_) for grep { !exists $idx{$_} } sort keys %$graph;
    return @found;
}

# Headers: the project's own, by #include "...".
my %includes;
for my $f (glob("$top/*.c $top/include/*.h $top/check/*.[ch]")) {
    my $text = slurp($f);
    $includes{ base($f) }{$1} = 1 while $text =~ /^\s*#\s*include\s+"([^"]+)"/mg;
}
my %own = map { base($_) => 1 } glob("$top/include/*.h $top/check/*.h");
my %header_graph;
for my $h (grep { /\.h$/ } keys %includes) {
    $header_graph{$h}{$_} = 1 for grep { $own{$_} } keys %{ $includes{$h} };
}

# Objects: who defines and who uses each global symbol.
my (%defined_in, %uses);
my @objects = glob("$top/.libs/*.o");
for my $o (@objects) {
    my $name = base($o);
    $name =~ s/\.o$/.c/;
    for (split /\n/, `nm -P $o`) {
        my ($sym, $type) = split ' ';
        next if !defined $type || $sym eq 'autodiscover_module';
        if ($type eq 'U') { $uses{$name}{$sym} = 1 }
        elsif ($type =~ /^[TDBRCGS]$/) { $defined_in{$sym} = $name }
    }
}
my %link_graph;
for my $f (keys %uses) {
    for my $sym (keys %{ $uses{$f} }) {
        my $d = $defined_in{$sym};
        $link_graph{$f}{$d} = 1 if $d && $d ne $f;
    }
}

# The core: what apxs.mk's CORE_SRCS lists, and every header they reach.
my $mk = slurp("$top/apxs.mk");
my ($core_list) = $mk =~ /^CORE_SRCS\s*:=\s*((?:.*\\\n)*.*)$/m;
my @core = split ' ', ($core_list =~ s/\\\n/ /gr);
my %reach;
my @todo = @core;
while (defined(my $f = shift @todo)) {
    next if $reach{$f}++;
    push @todo, grep { $own{$_} } keys %{ $includes{$f} || {} };
}
my @httpd_in_core = sort grep {
    my $f = $_;
    grep { /^(httpd|http_\w+|ap_\w+|util_\w+|mod_\w+)\.h$/ } keys %{ $includes{$f} || {} }
} keys %reach;

cmp_ok scalar(keys %includes), '>', 60, 'source files read';
cmp_ok scalar(@objects), '>', 40, 'object files read (.libs/*.o)';
cmp_ok scalar(@core), '>', 15, 'CORE_SRCS read from apxs.mk';
is_deeply [cycles(\%header_graph)], [], 'no #include cycle between headers';
is_deeply [cycles(\%link_graph)], [], 'no call cycle between object files';
is_deeply \@httpd_in_core, [], 'the core and its headers include no httpd header';
# The cycle finder itself finds a cycle.
is_deeply [cycles({ a => { b => 1 }, b => { c => 1 }, c => { a => 1 }, d => { a => 1 } })],
    ['a b c'], 'a three-file cycle is found';
done_testing;
