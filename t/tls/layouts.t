# The three certificate layouts over real TLS with SNI: the certificate each
# name gets is the one the layout prescribes, verified against the test CA,
# and each answers POX.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $body = pox_request('jane@example.test');

sub settings_ok {
    my ($r, $what) = @_;
    is $r->code, 200, "$what: 200";
    is answer_xpath($r)->findvalue('(//o:Account/o:Protocol)[1]/o:Server'), 'mail.example.test',
        "$what: settings";
}

# Layout 1: one SAN certificate covering both names on one address.
for my $name ('mail.example.test', 'autodiscover.example.test') {
    my ($r, $cert) = https_exchange(port => port('AD_L1_PORT'), sni => $name, body => $body);
    is $cert->{cn}, 'mail.example.test', "layout 1, $name: the SAN certificate";
    is_deeply [sort @{ $cert->{san} }], ['autodiscover.example.test', 'mail.example.test'],
        "layout 1, $name: it names both hosts";
    settings_ok($r, "layout 1, $name");
}

# Layout 2: two IP-based vhosts, each with its own single-name certificate.
{
    my ($r, $cert) = https_exchange(addr => '127.0.0.1', port => port('AD_L2_PORT'),
                                    sni => 'mail.example.test', body => $body);
    is $cert->{cn}, 'mail.example.test', 'layout 2, 127.0.0.1: mail certificate';
    is_deeply $cert->{san}, ['mail.example.test'], 'layout 2, 127.0.0.1: one name only';
    settings_ok($r, 'layout 2, mail.example.test');
    ($r, $cert) = https_exchange(addr => '127.0.0.2', port => port('AD_L2_PORT'),
                                 sni => 'autodiscover.example.test', body => $body);
    is $cert->{cn}, 'autodiscover.example.test', 'layout 2, 127.0.0.2: autodiscover certificate';
    is_deeply $cert->{san}, ['autodiscover.example.test'], 'layout 2, 127.0.0.2: one name only';
    settings_ok($r, 'layout 2, autodiscover.example.test');
    # The certificate follows the address, not the name asked for.
    eval { https_exchange(addr => '127.0.0.2', port => port('AD_L2_PORT'),
                          sni => 'mail.example.test', body => $body) };
    like $@, qr/hostname verification failed/,
        'layout 2: 127.0.0.2 never presents a certificate for mail.example.test';
}

# Layout 3: one certificate; plain-HTTP autodiscover.example.test redirects.
{
    my $https = port('AD_L3_HTTPS_PORT');
    my $target = "https://mail.example.test:$https/autodiscover/autodiscover.xml";
    for my $m ('GET', 'POST') {
        my $r = http_exchange(port => port('AD_L3_HTTP_PORT'), host => 'autodiscover.example.test',
                              method => $m, path => '/Autodiscover/Autodiscover.xml',
                              body => $m eq 'POST' ? $body : '');
        is $r->code, 302, "layout 3, unauthenticated $m on http: 302";
        is $r->header('Location'), $target, "layout 3, $m: Location is the https service URI";
    }
    my ($r, $cert) = https_exchange(port => $https, sni => 'mail.example.test', body => $body);
    is $cert->{cn}, 'mail.example.test', 'layout 3: the one certificate';
    is_deeply $cert->{san}, ['mail.example.test'], 'layout 3: it does not name autodiscover.example.test';
    settings_ok($r, 'layout 3, following the redirect');
    eval { https_exchange(port => $https, sni => 'autodiscover.example.test', body => $body) };
    like $@, qr/hostname verification failed/,
        'layout 3: https://autodiscover.example.test would fail verification, hence the redirect';
    # SOAP and v2 clients are sent on the same way.
    my $soap = soap_request(users => ['jane@example.test'], settings => ['ExternalImap4Connections']);
    $r = http_exchange(port => port('AD_L3_HTTP_PORT'), host => 'autodiscover.example.test',
                       path => '/autodiscover/autodiscover.svc', body => $soap);
    is $r->code, 302, 'layout 3: SOAP POST on http: 302';
    is $r->header('Location'), "https://mail.example.test:$https/autodiscover/autodiscover.svc",
        'layout 3: to the https SOAP endpoint';
    $r = http_exchange(port => port('AD_L3_HTTP_PORT'), host => 'autodiscover.example.test', method => 'GET',
                       path => '/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=AutodiscoverV1');
    is $r->code, 302, 'layout 3: v2 GET on http: 302';
    is $r->header('Location'),
        "https://mail.example.test:$https/autodiscover/autodiscover.json/v1.0/jane\@example.test?Protocol=AutodiscoverV1",
        'layout 3: to the https v2 endpoint, query kept';
    ($r) = https_exchange(port => $https, sni => 'mail.example.test', path => '/autodiscover/autodiscover.svc',
                          body => $soap);
    is $r->code, 200, 'layout 3: SOAP over https: 200';
    my $xc = soap_xpath($r);
    is $xc->findvalue('//d:UserSetting[d:Name="ExternalImap4Connections"]//d:Hostname'), 'mail.example.test',
        'layout 3: SOAP answers the configured IMAP host';
    ($r) = https_exchange(port => $https, sni => 'mail.example.test', method => 'GET',
                          host => "mail.example.test:$https",
                          path => '/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=AutodiscoverV1');
    is $r->code, 200, 'layout 3: v2 over https: 200';
    like $r->content, qr{"Url":"https://mail.example.test:$https/autodiscover/autodiscover.xml"},
        'layout 3: AutodiscoverV1 is the https POX URL the request was made to';
    my $get = (https_exchange(port => $https, sni => 'mail.example.test', method => 'GET'))[0];
    is $get->code, 405, 'layout 3: the https endpoint never answers GET with settings';
    unlike $get->content, qr/<Protocol>/, 'layout 3: GET carries no settings';
}

done_testing;
