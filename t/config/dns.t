# "apache2 -t -D AUTODISCOVER_DNS": the DNS records a deployment needs, in
# zone-file form, from the suite's own configuration.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA ();
use MIME::Base64 ();
use lib 't/lib';
use AD::Test;

my $vars = Apache::Test::vars();
my $out = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
is $? >> 8, 0, 'configtest passes';
like $out, qr/^; DNS records for mod_autodiscover, from this configuration$/m, 'a header';

# all.test: AutodiscoverDomains example.test example.net; IMAP 993 implicit,
# POP3 110 STARTTLS, SMTP 465 implicit, and a relay on 25 without
# authentication (no submission record).
# PACC's records too (the digest is t/pacc/pacc.t's), with a reminder:
# all.test has no name ua-auto-config.example.net.
my ($net) = $out =~ /^(; example\.net: served by all\.test \(\S+:\d+\)\n(?:.+\n)+)/m;
if ($net) {
    $net =~ s/\(\S+:\d+\)/(CONF:LINE)/;
    $net =~ s{d=[A-Za-z0-9+/]{43}=}{d=DIGEST}g;
}
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
; ua-auto-config.example.net. is no name of all.test: give it a ServerAlias, or the document is not served for example.net
ua-auto-config.example.net. 3600 IN CNAME all.test.
_ua-auto-config.example.net. 3600 IN TXT "v=UAAC1; a=sha256; d=DIGEST"
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

# dav.test serves dav.test and cal.test (groupware.conf): RFC 6764 records
# for CalDAV (443) and CardDAV (8443), and PACC's name and digest, the
# digest of the very bytes the server sends for that domain.
sub pacc_txt {
    my $body = http_get("ua-auto-config.$_[0]", '/.well-known/user-agent-configuration.json')->content;
    return 'v=UAAC1; a=sha256; d=' . MIME::Base64::encode_base64(Digest::SHA::sha256($body), '');
}
for my $d (qw(cal.test dav.test)) {
    my ($block) = $out =~ /^(; \Q$d\E: served by dav\.test \(\S+:\d+\)\n(?:.+\n)+)/m;
    $block =~ s/\(\S+:\d+\)/(CONF:LINE)/ if $block;
    my $txt = pacc_txt($d);
    is $block // '', <<"ZONE", "dav.test's vhost, $d: every record, PACC's digest that of the bytes served";
; $d: served by dav.test (CONF:LINE)
autodiscover.$d. 3600 IN CNAME dav.test.
autoconfig.$d. 3600 IN CNAME dav.test.
_autodiscover._tcp.$d. 3600 IN SRV 0 0 443 dav.test.
_imaps._tcp.$d. 3600 IN SRV 0 1 993 imap.$d.
_imap._tcp.$d. 3600 IN SRV 0 1 143 imap.$d.
_pop3s._tcp.$d. 3600 IN SRV 0 0 0 .
_pop3._tcp.$d. 3600 IN SRV 0 0 0 .
_submissions._tcp.$d. 3600 IN SRV 0 1 465 smtp.$d.
_submission._tcp.$d. 3600 IN SRV 0 1 587 smtp.$d.
_caldavs._tcp.$d. 3600 IN SRV 0 1 443 dav.$d.
_caldavs._tcp.$d. 3600 IN TXT "path=/caldav/"
_caldav._tcp.$d. 3600 IN SRV 0 0 0 .
_carddavs._tcp.$d. 3600 IN SRV 0 1 8443 contacts.$d.
_carddavs._tcp.$d. 3600 IN TXT "path=/carddav/"
_carddav._tcp.$d. 3600 IN SRV 0 0 0 .
ua-auto-config.$d. 3600 IN CNAME dav.test.
_ua-auto-config.$d. 3600 IN TXT "$txt"
ZONE
}

# davuser.test: no document, said instead of the records.
like $out, qr/^; ua-auto-config\.davuser\.test\.: no PACC document \(no SMTP server it can describe\)$/m,
    'davuser.test: no PACC document, and why';
unlike $out, qr/^(?:ua-auto-config|_ua-auto-config)\.davuser\.test\./m, 'davuser.test: instead of its records';
# autodiscover.pacc.test (pacc.conf): its ServerName is not ua-auto-config., a CNAME.
like $out, qr/^ua-auto-config\.notxt\.test\. 3600 IN CNAME autodiscover\.pacc\.test\.\n_ua-auto-config\.notxt\.test\. 3600 IN TXT "v=UAAC1; a=sha256; d=[A-Za-z0-9+\/]{43}="$/m,
    'pacc.test\'s vhost: the CNAME to its ServerName, the TXT record';

done_testing;
