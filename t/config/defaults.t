# One table of defaults: each row of AD_DIR_FIELDS (include/ad_config.h)
# and AD_PROFILE_DEFAULTS (include/ad_profile.h) states its directive's
# default as the directive reference does, and the code's default is
# that value; the per-scope struct is made from the rows alone.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);

my $top = Apache::Test::vars()->{serverroot} . '/..';
sub slurp { local (@ARGV, $/) = @_; <> }

my $config = slurp("$top/include/ad_config.h");
my $profile = slurp("$top/include/ad_profile.h");
my %names = slurp("$top/include/ad_directives.h") =~ /#define (AD_D_\w+)\s+"(\w+)"/g;
my $reference = -f "$top/docs/directives.md" ? slurp("$top/docs/directives.md")
                                             : slurp("$top/README");
# Numeric constants the rows may name.
my %constants = map { /#define (\w+)\s+(\d+)/ ? ($1 => $2) : () }
    split /\n/, slurp("$top/include/ad_config.h");
my %enums;
for my $h ($config) {
    while ($h =~ /typedef enum \{([^}]*)\}/g) {
        my ($i, $body) = (0, $1);
        for (split /,/, $body) {
            my ($name, $value) = /(\w+)(?:\s*=\s*(\d+))?/ or next;
            $i = $value if defined $value;
            $enums{$name} = $i++;
        }
    }
}

# The rows: X(kind, type, field, default, merge, directive, "stated")
my ($fields) = $config =~ /#define AD_DIR_FIELDS\(X\)((?:.*\\\n)+.*\n)/;
my @rows = $fields =~ /X\((\w+), ([^,]+), (\w+), ([^,]+), (\w+), (\w+), (NULL|"[^"]*")\)/g;
my @dir;
push @dir, [splice @rows, 0, 7] while @rows;
my ($pfields) = $profile =~ /#define AD_PROFILE_DEFAULTS\(X\)((?:.*\\\n)+.*\n)/;
my @prof = map { [split /, /] } $pfields =~ /X\((\w+, \w+, "[^"]*")\)/g;

sub stated_default {
    my ($directive) = @_;
    my ($entry) = $reference =~ /^### \Q$directive\E\n(.*?)(?=^#{1,3} |\z)/ms or return;
    my ($default) = $entry =~ /Default:\s+(`[^`]*`|none)/ or return;
    $default =~ s/`//g;
    return $default;
}

# What a row's C default means, spelled as the reference would.
sub code_value {
    my ($kind, $dflt) = @_;
    return $dflt if $dflt =~ /^\d+$/;
    return $constants{$dflt} if exists $constants{$dflt};
    return $enums{$dflt} if exists $enums{$dflt};
    return 'NULL' if $dflt eq 'NULL';
    return;
}
sub stated_value {
    my ($kind, $stated, $dflt) = @_;
    return 'NULL' if $kind eq 'PTR' && $stated =~ /^(none|Off|any)$/;
    return 0 if $stated eq 'Off';
    return 1 if $stated eq 'On';
    return $stated if $stated =~ /^\d+$/;
    # A word names the enum constant that ends with it: error is
    # AD_FOREIGN_ERROR.
    return $enums{$dflt} if exists $enums{$dflt} && $dflt =~ /_\U$stated\E$/;
    return "'$stated'";
}

cmp_ok scalar(@dir), '>=', 15, 'AD_DIR_FIELDS rows read';
cmp_ok scalar(@prof), '>=', 2, 'AD_PROFILE_DEFAULTS rows read';
like $config, qr/typedef struct \{\s*AD_DIR_FIELDS\(AD_FIELD_MEMBER\)\s*\} ad_dir_conf_t;/,
    'the per-scope struct is made from the rows alone';
my %seen;
for my $row (@dir) {
    my ($kind, $type, $field, $dflt, $merge, $directive, $stated) = @$row;
    ok !$seen{$field}++, "$field: one row";
    like "$kind $merge", qr/^(NUM|PTR) (INNER|OVERLAY|PROFILE|SETUP)$/, "$field: a known kind and merge rule";
    next if $directive eq 'NULL';
    $stated =~ s/"//g;
    my $name = $names{$directive};
    ok $name, "$field: $directive is a directive";
    is stated_default($name // '?'), $stated, "$field: the reference states $name\'s default as the row does";
    is code_value($kind, $dflt), stated_value($kind, $stated, $dflt),
        "$field: the code's default ($dflt) is the stated $stated";
}
for my $row (@prof) {
    my ($field, $directive, $stated) = @$row;
    $stated =~ s/"//g;
    is stated_default($names{$directive}), $stated, "$field: the reference states $names{$directive}\'s default as the row does";
}
# AutodiscoverServer's options: the setter's table against the
# reference's option table (| `name=` | values | `default` |).
my $setters = slurp("$top/ad_config_cmds.c");
my @flags = $setters =~ /\{ "(\w+)",\s+offsetof\(ad_server_t, \w+\),\s+\d, (\d) \}/g;
my ($options) = $reference =~ /^### AutodiscoverServer\n(.*?)(?=^#{1,3} |\z)/ms;
my %stated = ($options // '') =~ /^\| `(\w+)=` \|.*\| `(\w+)` \|$/mg;
cmp_ok scalar(@flags), '>=', 12, "AutodiscoverServer's option table read";
while (my ($name, $dflt) = splice @flags, 0, 2) {
    is $stated{$name}, $dflt ? 'on' : 'off', "AutodiscoverServer $name=: the reference states the setter's default";
}
my ($tls) = $setters =~ /#define AD_SERVER_DEFAULT_TLS AD_TLS_(\w+)/;
is $stated{tls}, lc($tls // ''), "AutodiscoverServer tls=: the reference states the setter's default";

done_testing;
