# PACC (draft-ietf-mailmaint-pacc): /.well-known/user-agent-configuration.json
# per domain, byte for byte, and the TXT record that pins those bytes.
# dav.test serves dav.test and cal.test (groupware.conf): implicit-TLS IMAP
# and SMTP, CalDAV on 443 and OAuth2 go in; IMAP and SMTP with STARTTLS and
# CardDAV on 8443 with another login stay out. davuser.test has no
# implicit-TLS submission, so no document. compressed.test (pacc.conf)
# compresses every answer but this one.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use Digest::SHA ();
use MIME::Base64 ();
use lib 't/lib';
use AD::Test;

my $path = '/.well-known/user-agent-configuration.json';
sub get {
    my ($host, %o) = @_;
    return http_exchange(method => $o{method} // 'GET', host => $host,
                         path => $o{path} // $path, headers => $o{headers} // []);
}
sub digest { 'v=UAAC1; a=sha256; d=' . MIME::Base64::encode_base64(Digest::SHA::sha256(shift), '') }

sub doc {
    my $d = shift;
    return qq({"protocols":{"imap":{"host":"imap.$d"},"smtp":{"host":"smtp.$d"},)
         . qq("submit":{"host":"smtp.$d"},"caldav":{"url":"https://dav.$d/caldav/"}},)
         . qq("authentication":{"oauth-public":{"issuer":"https://login.dav.test"},"password":true},)
         . qq("info":{"provider":{"name":"Example Mail & Calendars","shortName":"Example"},)
         . qq("help":{"documentation":"https://help.dav.test/mail-setup"}}});
}

# --- the documents, byte for byte
my %body;
for my $d (qw(dav.test cal.test)) {
    my $r = get("ua-auto-config.$d");
    is $r->code, 200, "ua-auto-config.$d: 200";
    is $r->content, doc($d), "ua-auto-config.$d: the document, byte for byte";
    is $r->header('Content-Type'), 'application/json', "ua-auto-config.$d: application/json, no parameter";
    is $r->header('Access-Control-Allow-Origin'), '*', "ua-auto-config.$d: any origin may read it";
    $body{$d} = $r->content;
}
{
    my $r = get('dav.test');
    is $r->code, 200, 'the domain\'s own name: 200';
    is $r->content, $body{'dav.test'}, 'the domain\'s own name: the same bytes';
    $r = get('ua-auto-config.dav.test', path => "$path?emailaddress=jane%40dav.test&x=1");
    is $r->content, $body{'dav.test'}, 'a query string changes nothing';
    $r = get('UA-Auto-Config.DAV.test', path => '/.Well-Known/User-Agent-Configuration.JSON');
    is $r->code, 200, 'path and host name in any letter case: 200';
    is $r->content, $body{'dav.test'}, 'in any letter case: the same bytes';
    $r = get('ua-auto-config.dav.test', headers => ['Authorization: Basic ' . MIME::Base64::encode_base64('jane@dav.test:x', '')]);
    is $r->content, $body{'dav.test'}, 'credentials change nothing';
    $r = get('ua-auto-config.dav.test', method => 'HEAD');
    is $r->code, 200, 'HEAD: 200';
    is $r->header('Content-Length'), length $body{'dav.test'}, 'HEAD: the length of the document';
}

# --- what it does not answer
{
    my $r = get('ua-auto-config.dav.test', method => 'POST');
    is $r->code, 405, 'POST: 405';
    like $r->header('Allow') // '', qr/\bGET\b/, 'POST: Allow names GET';
    $r = get('ua-auto-config.davuser.test');
    is $r->code, 404, 'davuser.test (no implicit-TLS submission): 404';
    unlike $r->content, qr/"protocols"/, 'davuser.test: no document in the 404';
    $r = get('ua-auto-config.foreign.test');
    is $r->code, 404, 'a name of the vhost for a domain it does not serve: 404';
    $r = get('ua-auto-config.compressed.test');
    is $r->code, 200, '... while its own domain is served';
}

# --- nothing compresses it (compressed.test: SetOutputFilter BROTLI_COMPRESS;DEFLATE)
{
    my $want = '{"protocols":{"pop3":{"host":"pop.compressed.test"},"smtp":{"host":"smtp.compressed.test"},'
             . '"submit":{"host":"smtp.compressed.test"}},"authentication":{"password":true},'
             . '"info":{"provider":{"name":"compressed.test"}}}';
    for my $enc (qw(gzip br)) {
        my $ac = get('autoconfig.compressed.test', path => '/mail/config-v1.1.xml',
                     headers => ["Accept-Encoding: $enc"]);
        is $ac->header('Content-Encoding') // '', $enc, "$enc: the vhost compresses autoconfig";
        my $r = get('ua-auto-config.compressed.test', headers => ["Accept-Encoding: $enc"]);
        is $r->header('Content-Encoding') // '', '', "$enc: PACC goes uncompressed";
        is $r->content, $want, "$enc: PACC's bytes as they are (POP3, no provider: the domain's name)";
    }
}

# --- start-up: what is left out, and why
my ($rc, $out) = configtest();
is $rc, 0, 'configtest passes';
my @left = grep { /AH77090: dav\.test / } split /\n/, $out;
is scalar(@left), 1, 'dav.test: one line for what PACC leaves out of both its domains';
like $left[0] // '', qr{\[autodiscover:warn\] .*AH77090: dav\.test \(\S+/groupware\.conf:\d+\): left out of the PACC document \(/\.well-known/user-agent-configuration\.json\), which cannot describe them: IMAP imap\.%EMAILDOMAIN%:143 \(STARTTLS\); SMTP smtp\.%EMAILDOMAIN%:587 \(STARTTLS\); CardDAV https://contacts\.%EMAILDOMAIN%:8443/carddav/ \(port 8443; login %EMAILLOCALPART%\)$},
    'dav.test: each server and service left out, as configured, and why';
my @none = grep { /AH77091: davuser\.test / } split /\n/, $out;
is scalar(@none), 1, 'davuser.test: one line';
like $none[0] // '', qr{AH77091: davuser\.test \(\S+/groupware\.conf:\d+\): no PACC document \(/\.well-known/user-agent-configuration\.json answers 404\): no SMTP server it can describe; PACC describes only servers with implicit TLS on the default port \(IMAP 993, POP3 995, SMTP 465, with authentication\) whose login is the address; left out: IMAP imap\.davuser\.test:143 \(no TLS\); SMTP relay\.davuser\.test:25 \(STARTTLS; no authentication\); SMTP smtp\.davuser\.test:587 \(STARTTLS\); CalDAV https://dav\.davuser\.test/calendars/%EMAILADDRESS%/ \(the URL names the user\)$}m,
    'davuser.test: why there is no document, and what is left out';
unlike $out, qr/AH7709[01]: (?:nodav|compressed)\.test /, 'a scope PACC describes whole: no line';

# --- the TXT record printed is the digest of the bytes served
my $vars = Apache::Test::vars();
my $dns = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
for my $d (qw(dav.test cal.test)) {
    my ($txt) = $dns =~ /^_ua-auto-config\.\Q$d\E\. 3600 IN TXT "([^"]*)"$/m;
    is $txt // '', digest($body{$d}), "$d: the TXT record is the SHA-256 of the bytes served";
    like $txt // '', qr{^v=UAAC1; a=sha256; d=[A-Za-z0-9+/]{43}=$}, "$d: standard base64 with padding";
}
isnt digest($body{'dav.test'}), digest($body{'cal.test'}), 'each domain its own digest';
like $dns, qr/^; ua-auto-config\.davuser\.test\.: no PACC document \(no SMTP server it can describe\)$/m,
    'davuser.test: no TXT record, and why';
unlike $dns, qr/^_ua-auto-config\.davuser\.test\./m, 'davuser.test: no record';

# --- the request is logged at info when there is no document
{
    my $log = -s "$vars->{t_logs}/error_log";
    get('ua-auto-config.davuser.test');
    my $since = error_log_since($log);
    like $since, qr/AH77101: PACC: no document for davuser\.test: no SMTP server it can describe/,
        'no document: logged, with the reason';
}

done_testing;
