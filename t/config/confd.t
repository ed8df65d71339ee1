# The shipped conf.d files pass "apache2 -t" with the test certificates
# substituted for the /etc/ssl paths and the module loaded from the build.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Path qw(make_path);
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my @layouts = qw(layout1-san layout2-two-ip layout3-http-redirect);
my %cert = ('mail.example.com-san' => 'san', 'mail.example.com' => 'mail',
            'autodiscover.example.com' => 'autodiscover');

plan tests => 3 * @layouts + 2;

sub slurp { local (@ARGV, $/) = @_; <> }
sub spew { my $f = shift; open my $fh, '>', $f or die "$f: $!"; print $fh @_; close $fh }

my $dir = "$vars->{t_logs}/confd";
make_path($dir);
my $certs = certs_dir();
(my $load = slurp("$top/conf.d/autodiscover.load"))
    =~ s{/usr/lib/apache2/modules/mod_autodiscover\.so}{$top/.libs/mod_autodiscover.so};
like $load, qr/^LoadModule autodiscover_module \S+\.libs\/mod_autodiscover\.so$/m, 'autodiscover.load loads the module';
spew("$dir/autodiscover.load", $load);
spew("$dir/autodiscover.conf", slurp("$top/conf.d/autodiscover.conf"));

for my $layout (@layouts) {
    my $conf = slurp("$top/conf.d/$layout.conf");
    my $n = ($conf =~ s{/etc/ssl/(?:certs|private)/([\w.-]+)\.(pem|key)}
                       {"$certs/" . ($cert{$1} // die "no test cert for $1") . ($2 eq 'pem' ? '.crt' : '.key')}ge);
    ok $n >= 2, "$layout: certificate paths substituted ($n)";
    spew("$dir/$layout.conf", $conf);
    spew("$dir/$layout.httpd.conf", <<"EOT");
ServerRoot "$dir"
ServerName localhost
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error_log"
Include "$vars->{t_conf}/inherit.conf"
Include "$dir/autodiscover.load"
Include "$dir/autodiscover.conf"
Include "$dir/$layout.conf"
EOT
    my $out = `$vars->{httpd} -t -f $dir/$layout.httpd.conf 2>&1`;
    is $? >> 8, 0, "$layout: apache2 -t passes";
    like $out, qr/Syntax OK/, "$layout: Syntax OK";
}

# autodiscover.conf alone enables nothing.
spew("$dir/none.httpd.conf", <<"EOT");
ServerRoot "$dir"
ServerName localhost
PidFile "$dir/httpd.pid"
ErrorLog "$dir/error_log"
Include "$vars->{t_conf}/inherit.conf"
Include "$dir/autodiscover.load"
Include "$dir/autodiscover.conf"
EOT
my $out = `$vars->{httpd} -t -f $dir/none.httpd.conf 2>&1`;
like $out, qr/Syntax OK/, 'module defaults alone: Syntax OK';
