# redirectAddr, redirectUrl (XML and 302), the "*" redirect of a root-domain
# vhost, and the HTTP redirect vhost.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

# redirectAddr: the domain moved; the local part is kept.
{
    my $r = post_pox('hosting.test', pox_request('jane@old.test'));
    is $r->code, 200, 'redirectAddr: 200';
    my $xc = answer_xpath($r);
    my $a = '/a:Autodiscover/o:Response/o:Account';
    is $xc->findvalue("$a/o:AccountType"), 'email', 'redirectAddr: AccountType';
    is $xc->findvalue("$a/o:Action"), 'redirectAddr', 'redirectAddr: Action';
    is $xc->findvalue("$a/o:RedirectAddr"), 'jane@example.test', 'redirectAddr: new address';
    is $xc->findnodes("$a/o:Protocol")->size, 0, 'redirectAddr: no settings';
    $r = post_pox('hosting.test', mobile_request('jane@old.test'));
    $xc = answer_xpath($r);
    is $xc->findvalue('/a:Autodiscover/m:Response/m:Action/m:Redirect'), 'jane@example.test',
        'MobileSync: Action/Redirect with the new address';
    is $xc->findvalue('/a:Autodiscover/m:Response/m:User/m:EMailAddress'), 'jane@old.test',
        'MobileSync redirect: the asked address';
    is $xc->findvalue('/a:Autodiscover/m:Response/m:Culture'), 'en:gb', 'MobileSync redirect: the configured (inherited) culture';
}

# redirectUrl in XML, to a configured URL and to the service URI.
{
    my $r = post_pox('hosting.test', pox_request('jane@elsewhere.test'));
    my $xc = answer_xpath($r);
    my $a = '/a:Autodiscover/o:Response/o:Account';
    is $r->code, 200, 'redirectUrl: 200';
    is $xc->findvalue("$a/o:Action"), 'redirectUrl', 'redirectUrl: Action';
    is $xc->findvalue("$a/o:RedirectUrl"), 'https://autodiscover.elsewhere.test/autodiscover/autodiscover.xml',
        'redirectUrl: the configured URL';
    $xc = answer_xpath(post_pox('hosting.test', pox_request('jane@sister.test')));
    is $xc->findvalue("$a/o:RedirectUrl"), 'https://autodiscover.example.test/autodiscover/autodiscover.xml',
        'redirectUrl without URL: the AutodiscoverServiceURI';
    # MobileSync has no URL redirect element: 302.
    $r = post_pox('hosting.test', mobile_request('jane@elsewhere.test'));
    is $r->code, 302, 'MobileSync redirectUrl: 302';
    is $r->header('Location'), 'https://autodiscover.elsewhere.test/autodiscover/autodiscover.xml', 'MobileSync: Location';
}

# redirectUrl as HTTP 302.
{
    my $r = post_pox('hosting.test', pox_request('jane@moved.test'));
    is $r->code, 302, 'redirectUrl 302: status';
    is $r->header('Location'), 'https://autodiscover.moved.test/autodiscover/autodiscover.xml', 'redirectUrl 302: Location';
}

# A root-domain vhost that sends every accepted domain to the service URI.
{
    my $r = post_pox('root.test', pox_request('jane@any.example'));
    is $r->code, 302, '"*" redirect: 302';
    is $r->header('Location'), 'https://autodiscover.example.test/autodiscover/autodiscover.xml', '"*" redirect: service URI';
}

# The HTTP redirect vhost: any method GET/POST, any case, any endpoint under
# /autodiscover/, always to https with a lower-case path.
{
    my $to = 'https://autodiscover.example.net:8443';
    my @cases = (
        ['GET',  '/autodiscover/autodiscover.xml', "$to/autodiscover/autodiscover.xml"],
        ['GET',  '/Autodiscover/Autodiscover.xml', "$to/autodiscover/autodiscover.xml"],
        ['POST', '/AutoDiscover/AutoDiscover.xml', "$to/autodiscover/autodiscover.xml"],
        ['POST', '/autodiscover/autodiscover.svc', "$to/autodiscover/autodiscover.svc"],
        ['GET',  '/autodiscover/autodiscover.json?Email=jane%40example.test&Protocol=ActiveSync',
                 "$to/autodiscover/autodiscover.json?Email=jane%40example.test&Protocol=ActiveSync"],
    );
    for my $c (@cases) {
        my ($m, $path, $loc) = @$c;
        my $r = http_exchange(method => $m, host => 'redirect.test', path => $path,
                              body => $m eq 'POST' ? pox_request('jane@example.test') : '');
        is $r->code, 302, "$m $path: 302";
        is $r->header('Location'), $loc, "$m $path: Location $loc";
    }
    my $r = http_get('redirect.test', '/nothing-here.html');
    is $r->code, 404, 'paths outside /autodiscover/ are left alone';
    $r = http_exchange(method => 'PUT', host => 'redirect.test', path => '/autodiscover/autodiscover.xml', body => 'x');
    is $r->code, 405, 'PUT on the redirect vhost: 405';
}

done_testing;
