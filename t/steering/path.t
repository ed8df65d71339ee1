# One format left out of the steering, and no answer for some clients
# (docs/client-steering.md), on path.steer.test
# (t/conf/vhosts/steering.conf): an <If> on %{REQUEST_URI} sees the
# module's one spelling of its URLs, whatever the client wrote, so the
# PACC document (pinned by a DNS record) stays the vhost's while every
# other format is steered; Autodiscover Off inside an <If> leaves the URLs
# to httpd for the clients it holds for.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Steering;


my $D = 'path.steer.test';
my $XML = 'text/xml; charset=utf-8';
my @steer = (headers => ['User-Agent: Steer/1.0']);
my $pacc = [200, 'application/json',
            qq({"protocols":{"imap":{"host":"imap.$D"},"smtp":{"host":"smtp.$D"},"submit":{"host":"smtp.$D"}},)
            . qq("authentication":{"password":true},"info":{"provider":{"name":"$D"}}})];

is_deeply one_format('pacc', domain => $D, @steer), $pacc, 'Steer: PACC, the vhost\'s document';
is_deeply one_format('pacc', domain => $D), $pacc, 'another client: the same document';
is_deeply one_format('autoconfig', domain => $D, @steer),
    [200, $XML, "imap imap-steered.$D:993, smtp smtp-steered.$D:465"], 'Steer: autoconfig steered';
is_deeply one_format('pox', domain => $D, @steer),
    [200, $XML, "IMAP imap-steered.$D:993, SMTP smtp-steered.$D:465"], 'Steer: POX steered';

# Another spelling of the path: the same scope, the same answers.
my $r = post_pox($D, pox_request("jane\@$D"), @steer, path => '/AutoDiscover/AutoDiscover.XML');
is_deeply [ $r->code, format_says('pox', $r) ], [200, "IMAP imap-steered.$D:993, SMTP smtp-steered.$D:465"],
    'Steer, /AutoDiscover/AutoDiscover.XML: POX steered';
$r = http_exchange(method => 'GET', host => "ua-auto-config.$D", @steer,
                   path => '/.Well-Known/User-Agent-Configuration.JSON');
is_deeply [ $r->code, $r->content ], [200, $pacc->[2]], 'Steer, PACC in another spelling: the vhost\'s document';

# Autodiscover Off for NoAnswer: httpd's 404, not the module's.
$r = post_pox($D, pox_request("jane\@$D"), headers => ['User-Agent: NoAnswer/1.0']);
is_deeply [ $r->code, $r->header('Content-Type') ], [404, 'text/html; charset=iso-8859-1'], 'NoAnswer: POX 404';
$r = http_exchange(method => 'GET', host => "autoconfig.$D", path => '/mail/config-v1.1.xml',
                   headers => ['User-Agent: NoAnswer/1.0']);
is $r->code, 404, 'NoAnswer: autoconfig 404';

done_testing;
