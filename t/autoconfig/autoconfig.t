# Thunderbird autoconfig (config-v1.1.xml) from the same configuration as
# the POX answers: hosting.test serves example.test and example.net with
# IMAP (implicit TLS), POP3 (STARTTLS, login = local part), SMTP
# (STARTTLS) and a relay on port 25 without TLS or authentication, which
# the document leaves out (t/autoconfig/groupware.t has the rest).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath;

my @paths = ('/mail/config-v1.1.xml', '/.well-known/autoconfig/mail/config-v1.1.xml',
             '/v1.1/mail/config-v1.1.xml', '/Mail/Config-v1.1.XML');

sub get {
    my ($path, %o) = @_;
    return http_exchange(method => $o{method} // 'GET', host => $o{host} // 'hosting.test', path => $path);
}

for my $p (@paths) {
    my $r = get("$p?emailaddress=jane%40example.test");
    is $r->code, 200, "$p: 200";
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', "$p: text/xml";
    is eval { xml_doc($r)->findvalue('/clientConfig/emailProvider/@id') } // '', 'example.test', "$p: provider";
}

# With an address: every value for that address.
{
    my $r = get('/mail/config-v1.1.xml?emailaddress=jane%40Example.NET&emailmd5=x');
    my $d = xml_doc($r);
    is $d->findvalue('/clientConfig/@version'), '1.2', 'version 1.2 (draft-ietf-mailmaint-autoconfig-06)';
    is $d->findvalue('/clientConfig/emailProvider/domain'), 'example.net', 'domain, lower case';
    my @in = $d->findnodes('/clientConfig/emailProvider/incomingServer');
    my @out = $d->findnodes('/clientConfig/emailProvider/outgoingServer');
    is scalar(@in), 2, 'two incoming servers';
    is scalar(@out), 1, 'one outgoing server: the relay without TLS is left out';
    my $s = sub { my ($n, $f) = @_; $n->findvalue($f) };
    is join('|', map { $s->($in[0], $_) } qw(@type hostname port socketType authentication username)),
        'imap|imap.example.net|993|SSL|password-cleartext|jane@example.net', 'IMAP first, implicit TLS';
    is join('|', map { $s->($in[1], $_) } qw(@type hostname port socketType authentication username)),
        'pop3|pop.example.net|110|STARTTLS|password-cleartext|jane', 'POP3, STARTTLS, login from the local part';
    is join('|', map { $s->($out[0], $_) } qw(@type hostname port socketType authentication username)),
        'smtp|smtp.example.net|587|STARTTLS|password-cleartext|jane@example.net', 'SMTP submission first';
    is $d->findnodes('//socketType[. != "SSL" and . != "STARTTLS"]')->size, 0,
        'no socketType but SSL and STARTTLS (no plain)';
    is $d->findnodes('//hostname[starts-with(., "relay.")]')->size, 0, 'the relay is named nowhere';
}

# Without an address: the domain from the host name asked (autoconfig.D or
# D), the user's parts left as placeholders for the client to fill in.
{
    my $r = get('/mail/config-v1.1.xml', host => 'autoconfig.example.test');
    is $r->code, 200, 'no address, autoconfig.example.test: 200';
    my $d = xml_doc($r);
    is $d->findvalue('/clientConfig/emailProvider/domain'), 'example.test', 'domain from the host name';
    is $d->findvalue('//incomingServer[1]/hostname'), 'imap.example.test', 'host names for that domain';
    is $d->findvalue('//incomingServer[1]/username'), '%EMAILADDRESS%', 'username left as %EMAILADDRESS%';
    is $d->findvalue('//incomingServer[2]/username'), '%EMAILLOCALPART%', 'login left as %EMAILLOCALPART%';
    $r = get('/.well-known/autoconfig/mail/config-v1.1.xml', host => 'example.net');
    is xml_doc($r)->findvalue('/clientConfig/emailProvider/@id'), 'example.net', 'no address, Host example.net';
    is get('/mail/config-v1.1.xml', host => 'autoconfig.other.test')->code, 404,
        'no address, a domain not served: 404';
    # A Host that is none of the vhost's names (it reached the port's
    # default vhost) is not taken as the domain: the ServerName is.
    is get('/mail/config-v1.1.xml', host => 'autoconfig.example.net')->code, 404,
        'no address, a Host the vhost does not name: its ServerName (not served), 404';
    $r = get('/mail/config-v1.1.xml', host => 'example.net:6666');
    is xml_doc($r)->findvalue('/clientConfig/emailProvider/@id'), 'example.net', 'no address, a port in Host';
}

# Refusals: each client moves on to its next source.
{
    is get('/mail/config-v1.1.xml?emailaddress=jane%40other.test')->code, 404, 'foreign domain: 404';
    is get('/mail/config-v1.1.xml?emailaddress=jane', )->code, 400, 'address without @: 400';
    my $r = get('/mail/config-v1.1.xml?emailaddress=%3Cscript%3E%40example.test');
    is $r->code, 400, '<script> in the address: 400';
    unlike $r->content, qr/<script/, '... not reflected';
    is get('/mail/config-v1.1.xml?emailaddress=ja%0D%0Ane%40example.test')->code, 400, 'CR/LF: 400';
    is get('/mail/config-v1.1.xml?emailaddress=ja%00ne%40example.test')->code, 400, 'NUL: 400';
    is get('/mail/config-v1.1.xml?emailaddress=%zz')->code, 400, 'bad percent-encoding: 400';
    is get('/mail/config-v1.1.xml?emailaddress=' . ('a' x 800) . '%40example.test')->code, 400, 'overlong: 400';
    is get('/mail/config-v1.1.xml', method => 'POST')->code, 405, 'POST: 405';
    is get('/mail/config-v1.1.xml', method => 'DELETE')->code, 405, 'DELETE: 405';
    is get('/mail/config-v1.1.xml?emailaddress=jane%40example.test', host => 'off.test')->code, 404,
        'where Autodiscover is off: not answered';
    is get('/mail/config-v1.1.xml?emailaddress=jane%40example.test', host => 'exchange.test')->code, 404,
        'no IMAP/POP3/SMTP configured: 404';
}

# Escaping, HEAD, and the address forms a client may send.
{
    my $r = get("/mail/config-v1.1.xml?emailaddress=o'neil%26co%2Btag%40example.test");
    is $r->code, 200, "apostrophe, '&' and '+' in the address: 200";
    is xml_doc($r)->findvalue('//incomingServer[1]/username'), "o'neil&co+tag\@example.test",
        'the address comes back as sent';
    like $r->content, qr{<username>o&apos;neil&amp;co\+tag\@example\.test</username>}, '... escaped in the markup';
    $r = get('/mail/config-v1.1.xml?EmailAddress=jane%40example.test');
    is xml_doc($r)->findvalue('//incomingServer[1]/username'), 'jane@example.test', 'parameter name in any case';
    $r = get('/mail/config-v1.1.xml?emailaddress=jane%40example.test', method => 'HEAD');
    is $r->code, 200, 'HEAD: 200';
    is $r->header('Content-Type'), 'text/xml; charset=utf-8', 'HEAD: text/xml';
    is $r->header('Content-Length'), length(get('/mail/config-v1.1.xml?emailaddress=jane%40example.test')->content),
        'HEAD: the length of the GET answer';
}

done_testing;
