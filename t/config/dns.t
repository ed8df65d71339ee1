# "apache2 -t -D AUTODISCOVER_DNS": the DNS records a deployment needs, in
# zone-file form, from the suite's own configuration.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

plan tests => 11;

my $vars = Apache::Test::vars();
my $out = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
is $? >> 8, 0, 'configtest passes';
like $out, qr/^; DNS records for mod_autodiscover, from this configuration$/m, 'a header';

# all.test: AutodiscoverDomains example.test example.net; IMAP 993 implicit,
# POP3 110 STARTTLS, SMTP 465 implicit, and a relay on 25 without
# authentication (no submission record).
my ($net) = $out =~ /^(; example\.net: served by all\.test \(\S+:\d+\)\n(?:[^;\n].*\n)+)/m;
$net =~ s/\(\S+:\d+\)/(CONF:LINE)/ if $net;
is $net // '', <<'ZONE', 'all.test, example.net: every record';
; example.net: served by all.test (CONF:LINE)
autodiscover.example.net. 3600 IN CNAME all.test.
autoconfig.example.net. 3600 IN CNAME all.test.
_autodiscover._tcp.example.net. 3600 IN SRV 0 0 443 all.test.
_imaps._tcp.example.net. 3600 IN SRV 0 1 993 imap.example.net.
_imap._tcp.example.net. 3600 IN SRV 0 0 0 .
_pop3s._tcp.example.net. 3600 IN SRV 0 0 0 .
_pop3._tcp.example.net. 3600 IN SRV 0 1 110 pop.example.net.
_submissions._tcp.example.net. 3600 IN SRV 0 1 465 smtp.example.net.
_submission._tcp.example.net. 3600 IN SRV 0 0 0 .
ZONE
like $out, qr/^; example\.test: served by all\.test /m, 'all.test: its other domain too';
cmp_ok index($out, '; example.net: served by all.test'), '<', index($out, '; example.test: served by all.test'),
    'domains in name order';

# hosting.test: two SMTP servers, the relay without authentication left out.
like $out, qr/^_submission\._tcp\.example\.test\. 3600 IN SRV 0 1 587 smtp\.example\.test\.$/m,
    'hosting.test: submission on 587';
like $out, qr/^_pop3\._tcp\.example\.test\. 3600 IN SRV 0 1 110 pop\.example\.test\.$/m, 'hosting.test: POP3 STARTTLS';

# Layout 1 answers any domain; its autodiscover.example.test name gives the domain.
like $out, qr/^; example\.test: served by mail\.example\.test \(\S+layouts\.conf:\d+\)\nautodiscover\.example\.test\. 3600 IN CNAME mail\.example\.test\.$/m,
    'layout 1: the domain from its autodiscover. name';
like $out, qr/^; mail\.example\.test \(\S+layouts\.conf:\d+\) answers any domain: list them in AutodiscoverDomains to see their records$/m,
    'layout 2\'s mail vhost: no domain to name, said so';
# An autodiscover name that is the server's own name.
like $out, qr/^; autodiscover\.example\.test\. is this server's own name: give it its A and AAAA records$/m,
    'layout 2\'s autodiscover vhost: its own name';
unlike $out, qr/^; [^\n]*: served by off\.test/m, 'a vhost with Autodiscover Off: nothing';
