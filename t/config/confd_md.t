# The shipped mod_md layouts (conf.d/layout*-md.conf): an MDomain for each
# certificate, no SSLCertificateFile, and "apache2 -t" with mod_ssl and
# mod_md passes. The start-up certificate check reads mod_md's store and
# gives each https vhost one line, whatever its state: no certificate yet,
# one obtained and waiting for a restart, or the active one with the names
# it covers, the days left and when mod_md renews it; a certificate that
# misses a name or expires soon gets the warnings any certificate gets.
# (t/md/pebble.t has mod_md obtain a real one from an ACME server.)
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Path qw(make_path);
use lib 't/lib';
use AD::Test qw(:DEFAULT slurp spew);

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my $md_so = '/usr/lib/apache2/modules/mod_md.so';
plan skip_all => "$md_so is missing" unless -e $md_so;

my @L1 = qw(mail.example.com autodiscover.example.com autoconfig.example.com ua-auto-config.example.com);
my @AD = qw(autodiscover.example.com autoconfig.example.com ua-auto-config.example.com);
# Each layout: its MDomains (name => names), its https vhosts (ServerName
# => the MDomain and the names the vhost has).
my %layouts = (
    'layout1-san-md' => {
        mds => { 'mail.example.com' => \@L1 },
        https => { 'mail.example.com' => ['mail.example.com', \@L1] },
    },
    'layout2-two-ip-md' => {
        mds => { 'mail.example.com' => ['mail.example.com'], 'autodiscover.example.com' => \@AD },
        https => { 'mail.example.com' => ['mail.example.com', ['mail.example.com']],
                   'autodiscover.example.com' => ['autodiscover.example.com', \@AD] },
    },
    'layout3-http-redirect-md' => {
        mds => { 'mail.example.com' => ['mail.example.com'] },
        https => { 'mail.example.com' => ['mail.example.com', ['mail.example.com']] },
    },
);
my @layouts = sort keys %layouts;
my $https_vhosts = 0;
$https_vhosts += keys %{ $layouts{$_}{https} } for @layouts;

sub names_text { my @n = @_; @n == 1 ? $n[0] : join(', ', @n[0 .. $#n - 1]) . " and $n[-1]" }

# A self-signed certificate for the names, valid for $days, at $file.
sub cert {
    my ($file, $days, @names) = @_;
    my ($dir) = $file =~ m{^(.*)/};
    make_path($dir);
    my $san = join ',', map { "DNS:$_" } @names;
    system('openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
           '-nodes', '-keyout', "$dir/privkey.pem", '-out', $file, '-days', $days,
           '-subj', "/CN=$names[0]", '-addext', "subjectAltName=$san") == 0
        or die "openssl: $?";
}

my $base = scratch_dir('confd_md', fresh => 1);

# apache2 -t with the module, mod_md and the layout in a ServerRoot of its
# own (the store is md/ there); returns the output.
sub configtest_in {
    my ($dir, @extra) = @_;
    my $load = "$top/.libs/mod_autodiscover.so";
    spew("$dir/httpd.conf", join "\n",
        qq{ServerRoot "$dir"}, 'ServerName localhost', qq{PidFile "$dir/httpd.pid"},
        qq{ErrorLog "$dir/error_log"}, qq{Include "$vars->{t_conf}/inherit.conf"},
        "LoadModule md_module $md_so", qq{LoadModule autodiscover_module "$load"},
        qq{Include "$top/conf.d/autodiscover.conf"}, @extra, '');
    return `$vars->{httpd} -t -f $dir/httpd.conf 2>&1`;
}

for my $layout (@layouts) {
    my $l = $layouts{$layout};
    my $conf = slurp("$top/conf.d/$layout.conf");
    my @mds = $conf =~ /^MDomain (.+)$/mg;
    is_deeply [sort @mds], [sort map { join ' ', @{ $l->{mds}{$_} } } keys %{ $l->{mds} }],
        "$layout: an MDomain for each certificate, every name the clients ask";
    like $conf, qr/^MDCertificateAgreement accepted$/m, "$layout: the CA's terms accepted";
    like $conf, qr/^MDContactEmail \S+\@\S+$/m, "$layout: the contact the ACME account needs";
    unlike $conf, qr/^\s*SSLCertificate(?:Key)?File/m, "$layout: no certificate files of its own";
    is scalar(() = $conf =~ /^\s+SSLEngine on$/mg), scalar(keys %{ $l->{https} }),
        "$layout: each https vhost has SSLEngine on";

    my $dir = "$base/$layout";
    make_path($dir);
    my $out = configtest_in($dir, qq{Include "$top/conf.d/$layout.conf"});
    is $? >> 8, 0, "$layout: apache2 -t passes";
    like $out, qr/^Syntax OK$/m, "$layout: Syntax OK";
    for my $sn (sort keys %{ $l->{https} }) {
        my ($md) = @{ $l->{https}{$sn} };
        like $out, qr/\[autodiscover:warn\] .*AH77201: virtual host \Q$sn\E \(\S+\/\Q$layout\E\.conf:\d+\): no certificate yet for MDomain \Q$md\E: mod_md will obtain it; until then, and until a graceful restart after it has, clients get mod_md's fallback certificate and refuse it$/m,
            "$layout, $sn: no certificate yet, and what clients get meanwhile";
    }

    # The certificates mod_md would have obtained, in its store.
    cert("$dir/md/domains/$_/pubcert.pem", 90, @{ $l->{mds}{$_} }) for keys %{ $l->{mds} };
    $out = configtest_in($dir, qq{Include "$top/conf.d/$layout.conf"});
    for my $sn (sort keys %{ $l->{https} }) {
        my ($md, $names) = @{ $l->{https}{$sn} };
        my $covers = names_text(@$names);
        like $out, qr/\[autodiscover:notice\] .*AH77200: virtual host \Q$sn\E \(\S+\.conf:\d+\): its certificate \Q$dir\E\/md\/domains\/\Q$md\E\/pubcert\.pem is managed by mod_md \(MDomain \Q$md\E\), covers \Q$covers\E, (?:89|90) days left; renewal due in (?:59|60) days \(MDRenewWindow 33%\)$/m,
            "$layout, $sn: the certificate, the names it covers, days left and the renewal";
    }
}

# Layout 1's other states.
my $dir = "$base/layout1-san-md";
my $site = qq{Include "$top/conf.d/layout1-san-md.conf"};
my $active = "$dir/md/domains/mail.example.com/pubcert.pem";
my $staged = "$dir/md/staging/mail.example.com/pubcert.pem";
my $out = configtest_in($dir, $site);
unlike $out, qr/AH7720[12]|AH7707[78]/, 'layout 1, active certificate: no warning';

# Obtained, not yet activated: a graceful restart serves it.
cert($staged, 90, @L1);
$out = configtest_in($dir, $site);
like $out, qr/AH77200: .*renewal due in (?:59|60) days \(MDRenewWindow 33%\); a renewed certificate is waiting for a graceful restart$/m,
    'layout 1, renewed and staged: waiting for a restart';
unlink $active;
$out = configtest_in($dir, $site);
like $out, qr/AH77201: virtual host mail\.example\.com \(\S+\): no certificate yet for MDomain mail\.example\.com: mod_md has obtained one, which a graceful restart serves; until then clients get mod_md's fallback certificate and refuse it$/m,
    'layout 1, first certificate staged: a graceful restart serves it';
unlink $staged;

# MDRenewMode manual: mod_md obtains nothing.
spew("$dir/manual.conf", "MDRenewMode manual\n");
$out = configtest_in($dir, $site, qq{Include "$dir/manual.conf"});
like $out, qr/AH77201: virtual host mail\.example\.com \(\S+\): no certificate yet for MDomain mail\.example\.com: MDRenewMode manual: mod_md does not obtain one; clients get mod_md's fallback certificate and refuse it$/m,
    'MDRenewMode manual, no certificate: none will come';
cert($active, 90, @L1);
$out = configtest_in($dir, $site, qq{Include "$dir/manual.conf"});
like $out, qr/AH77200: .*, (?:89|90) days left; MDRenewMode manual: mod_md does not renew it$/m,
    'MDRenewMode manual, a certificate: not renewed';

# Ten days left, a name missing, an MDRenewWindow of 20 days: the same
# warnings as any certificate, and the renewal is due.
cert($active, 10, grep { !/^ua-auto-config/ } @L1);
spew("$dir/window.conf", "MDRenewWindow 20d\n");
$out = configtest_in($dir, $site, qq{Include "$dir/window.conf"});
is $? >> 8, 0, 'warnings do not fail apache2 -t';
like $out, qr/\[autodiscover:warn\] .*AH77078: virtual host mail\.example\.com \(\S+\): its certificate does not cover ua-auto-config\.example\.com, so clients asking that name will refuse it/m,
    'a name the certificate lacks: the warning any certificate gets';
like $out, qr/\[autodiscover:warn\] .*AH77077: virtual host mail\.example\.com \(\S+\): its certificate \Q$active\E expires in (?:9|10) days; renew it/m,
    'ten days left: the expiry warning any certificate gets';
like $out, qr/AH77200: .*managed by mod_md \(MDomain mail\.example\.com\), covers mail\.example\.com, autodiscover\.example\.com and autoconfig\.example\.com, (?:9|10) days left; renewal is due \(MDRenewWindow 20d\): mod_md renews it now, and a graceful restart serves the new one$/m,
    'inside the renewal window: due now, and what to do';
spew("$dir/window.conf", "MDRenewWindow 50%\n");
$out = configtest_in($dir, $site, qq{Include "$dir/window.conf"});
like $out, qr/AH77200: .*, (?:9|10) days left; renewal due in [45] days \(MDRenewWindow 50%\)$/m,
    'MDRenewWindow as a share of the lifetime';

# An MDomain section with MDCertificateFile: mod_md serves files it does
# not renew.
cert("$dir/static/pubcert.pem", 90, @L1);
(my $sectioned = slurp("$top/conf.d/layout1-san-md.conf"))
    =~ s{^MDomain (.+)$}{<MDomain $1>\n    MDCertificateFile $dir/static/pubcert.pem\n    MDCertificateKeyFile $dir/static/privkey.pem\n</MDomain>}m;
spew("$dir/sectioned.conf", $sectioned);
$out = configtest_in($dir, qq{Include "$dir/sectioned.conf"});
like $out, qr/AH77200: virtual host mail\.example\.com \(\S+\/sectioned\.conf:\d+\): its certificate \Q$dir\E\/static\/pubcert\.pem is managed by mod_md \(MDomain mail\.example\.com\), covers .*; its files are given by MDCertificateFile: mod_md does not renew them$/m,
    '<MDomain> with MDCertificateFile: its files, not renewed';

# A vhost no MDomain names, without SSLCertificateFile: nothing to say
# about mod_md (mod_ssl says what it lacks).
(my $other = slurp("$top/conf.d/layout1-san-md.conf")) =~ s/^MDomain .*$/MDomain unrelated.example.org/m;
spew("$dir/other.conf", $other);
$out = configtest_in($dir, qq{Include "$dir/other.conf"});
unlike $out, qr/AH7720\d/, 'no MDomain for the vhost: no mod_md line';

# The store is where MDStoreDir says, relative to ServerRoot.
make_path("$dir/elsewhere/domains");
rename("$dir/md/domains/mail.example.com", "$dir/elsewhere/domains/mail.example.com") or die $!;
cert("$dir/elsewhere/domains/mail.example.com/pubcert.pem", 90, @L1);
spew("$dir/store.conf", "MDStoreDir elsewhere\n");
$out = configtest_in($dir, $site, qq{Include "$dir/store.conf"});
like $out, qr/AH77200: .*its certificate \Q$dir\E\/elsewhere\/domains\/mail\.example\.com\/pubcert\.pem is managed by mod_md/m,
    'MDStoreDir: the store named there';
$out = configtest_in($dir, $site);
like $out, qr/AH77201: virtual host mail\.example\.com .*no certificate yet/m,
    'without MDStoreDir, the default store (empty now)';

done_testing;
