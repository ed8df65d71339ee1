# The shipped conf.d files pass "apache2 -t" with the test certificates
# substituted for the /etc/ssl paths and the module loaded from the build,
# with their commented-out AutodiscoverProfileSigner example switched on.
# Each https vhost carries the commented-out password blocks that
# t/config/layouts_auth.t switches on and tests in a running server.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test qw(:DEFAULT slurp spew);

my $vars = Apache::Test::vars();
my $top = "$vars->{serverroot}/..";
my @layouts = qw(layout1-san layout2-two-ip layout3-http-redirect);
my %cert = ('mail.example.com-san' => 'san', 'mail.example.com' => 'mail',
            'autodiscover.example.com' => 'autodiscover', 'chain' => 'ca');

my $dir = scratch_dir('confd');

# apache2 -t on a minimal server with the module, autodiscover.conf and the
# given extra files; returns the output, $? set.
sub configtest_with {
    my ($name, @extra) = @_;
    spew("$dir/$name", join "\n",
        qq{ServerRoot "$dir"}, 'ServerName localhost', qq{PidFile "$dir/httpd.pid"},
        qq{ErrorLog "$dir/error_log"}, qq{Include "$vars->{t_conf}/inherit.conf"},
        qq{Include "$dir/autodiscover.load"}, qq{Include "$dir/autodiscover.conf"},
        (map { qq{Include "$_"} } @extra), '');
    return `$vars->{httpd} -t -f $dir/$name 2>&1`;
}
my $certs = certs_dir();
(my $load = slurp("$top/conf.d/autodiscover.load"))
    =~ s{/usr/lib/apache2/modules/mod_autodiscover\.so}{$top/.libs/mod_autodiscover.so};
like $load, qr/^LoadModule autodiscover_module \S+\.libs\/mod_autodiscover\.so$/m, 'autodiscover.load loads the module';
spew("$dir/autodiscover.load", $load);
spew("$dir/autodiscover.conf", slurp("$top/conf.d/autodiscover.conf"));

# Basic auth for /autodiscover/ and /mobileconfig, autodiscover.json left
# open after them, and the owner line.
my $auth_block = qr{
    ^[ ]+\#<Location[ ]/autodiscover/>\n (?:[ ]+\#[ ]+.*\n)*? [ ]+\#[ ]+AuthUserFile[ ]/etc/apache2/mail-users\n
    [ ]+\#[ ]+Require[ ]valid-user\n [ ]+\#</Location>\n
    [ ]+\#<Location[ ]/mobileconfig>\n (?:[ ]+\#[ ]+.*\n)*? [ ]+\#[ ]+AuthUserFile[ ]/etc/apache2/mail-users\n
    [ ]+\#[ ]+Require[ ]valid-user\n [ ]+\#</Location>\n
    [ ]+\#<Location[ ]/autodiscover/autodiscover\.json>\n [ ]+\#[ ]+Require[ ]all[ ]granted\n [ ]+\#</Location>\n
    (?:[ ]+\#[ ].*\n)* [ ]+\#AutodiscoverOwner[ ]%EMAILADDRESS%\n
}mx;

for my $layout (@layouts) {
    my $conf = slurp("$top/conf.d/$layout.conf");
    my $https = () = $conf =~ /^\s+SSLEngine on$/mg;
    my $blocks = () = $conf =~ /$auth_block/g;
    is $blocks, $https, "$layout: each https vhost has the commented password blocks, autodiscover.json open";
    like $conf, qr/^\s+RequestReadTimeout body=5,MinRate=500$/m, "$layout: body read timeout for slow senders";
    ok $conf =~ s{^(\s*)#(AutodiscoverProfileSigner .*\\\n)\s*#}{$1$2 }m,
        "$layout: an AutodiscoverProfileSigner example, switched on";
    my $n = ($conf =~ s{/etc/ssl/(?:certs|private)/([\w.-]+)\.(pem|key)}
                       {"$certs/" . ($cert{$1} // die "no test cert for $1") . ($2 eq 'pem' ? '.crt' : '.key')}ge);
    ok $n >= 2, "$layout: certificate paths substituted ($n)";
    spew("$dir/$layout.conf", $conf);
    my $out = configtest_with("$layout.httpd.conf", "$dir/$layout.conf");
    is $? >> 8, 0, "$layout: apache2 -t passes";
    like $out, qr/Syntax OK/, "$layout: Syntax OK";
}

# autodiscover.conf alone enables nothing.
my $out = configtest_with('none.httpd.conf');
like $out, qr/Syntax OK/, 'module defaults alone: Syntax OK';

done_testing;
