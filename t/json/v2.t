# Autodiscover v2 (autodiscover.json): both URL forms, Protocol in any case,
# each protocol's URL from the configuration, and every error in the JSON
# shape clients parse. exchange.test has EWS and ActiveSync URLs;
# hosting.test has only IMAP/POP3/SMTP and an AutodiscoverServiceURI.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath;

my $J = '/autodiscover/autodiscover.json';
sub get {
    my ($path, %o) = @_;
    return http_exchange(method => $o{method} // 'GET', host => $o{host} // 'exchange.test',
                         path => $path);
}

# One request: status, content type, exact members.
sub answers {
    my ($path, $status, $want, $name, %o) = @_;
    local $Test::Builder::Level = $Test::Builder::Level + 1;
    my $r = get($path, %o);
    is $r->code, $status, "$name: $status";
    is $r->header('Content-Type'), 'application/json; charset=utf-8', "$name: JSON";
    is_deeply json_of($r), $want, "$name: body";
}

my $eas = 'https://eas.example.test/Microsoft-Server-ActiveSync';
my $ews = 'https://mail.example.test/EWS/Exchange.asmx';

answers("$J?Email=jane%40example.test&Protocol=ActiveSync", 200,
        { Protocol => 'ActiveSync', Url => $eas }, 'query form, ActiveSync');
answers("$J?Email=jane%40example.test&Protocol=activesync&RedirectCount=3", 200,
        { Protocol => 'ActiveSync', Url => $eas }, 'Protocol in lower case, canonical echo');
answers("$J/v1.0/jane\@example.test?Protocol=EWS", 200,
        { Protocol => 'EWS', Url => $ews }, 'path form, EWS');
answers("$J/v1.0/jane%40Example.Test?Protocol=Ews&ServerLocation=true", 200,
        { Protocol => 'EWS', Url => $ews }, 'path form, %40, domain case folded');
answers("/AutoDiscover/AutoDiscover.json?email=jane%40example.test&protocol=AUTODISCOVERV1", 200,
        { Protocol => 'AutodiscoverV1', Url => 'https://exchange.test/autodiscover/autodiscover.xml' },
        'any case in path and names; AutodiscoverV1 from the host name');
answers("$J?Email=jane%40example.test&Protocol=AutodiscoverV1", 200,
        { Protocol => 'AutodiscoverV1', Url => 'https://autodiscover.example.test/autodiscover/autodiscover.xml' },
        'AutodiscoverV1 is AutodiscoverServiceURI', host => 'hosting.test');

# Protocols not served here.
answers("$J?Email=jane%40example.test&Protocol=Rest", 400,
        { ErrorCode => 'InvalidProtocol',
          ErrorMessage => "The given protocol value 'Rest' is invalid. Supported values are 'AutodiscoverV1,ActiveSync,EWS'" },
        'unknown protocol');
answers("$J?Email=jane%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidProtocol',
          ErrorMessage => "The given protocol value 'ActiveSync' is invalid. Supported values are 'AutodiscoverV1'" },
        'ActiveSync where none is configured', host => 'hosting.test');
answers("$J?Email=jane%40example.test&Protocol=%3Cscript%3E%22", 400,
        { ErrorCode => 'InvalidProtocol',
          ErrorMessage => "The given protocol value is invalid. Supported values are 'AutodiscoverV1,ActiveSync,EWS'" },
        'a protocol value that is not a word is not echoed');

# Missing and malformed parameters.
answers("$J?Protocol=ActiveSync", 400,
        { ErrorCode => 'MandatoryParameterMissing',
          ErrorMessage => "A valid value must be provided for the query parameter 'Email'." }, 'no Email');
answers("$J/v1.0/?Protocol=ActiveSync", 400,
        { ErrorCode => 'MandatoryParameterMissing',
          ErrorMessage => "A valid value must be provided for the query parameter 'Email'." }, 'empty path address');
answers("$J?Email=jane%40example.test", 400,
        { ErrorCode => 'MandatoryParameterMissing',
          ErrorMessage => "A valid value must be provided for the query parameter 'Protocol'." }, 'no Protocol');
answers("$J?Email=jane%40example.test&Protocol=", 400,
        { ErrorCode => 'MandatoryParameterMissing',
          ErrorMessage => "A valid value must be provided for the query parameter 'Protocol'." }, 'empty Protocol');
answers("$J?Email=jane&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidUser', ErrorMessage => 'The e-mail address is not valid.' }, 'no @');
answers("$J?Email=a%40b%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidUser', ErrorMessage => 'The e-mail address is not valid.' }, 'two @');
answers("$J?Email=" . ('a' x 1000) . "%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidRequest', ErrorMessage => 'The query string is malformed.' }, 'overlong Email');
answers("$J?Email=jane%zz%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidRequest', ErrorMessage => 'The query string is malformed.' }, 'bad escape');
answers("$J?Email=jane%00x%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidRequest', ErrorMessage => 'The query string is malformed.' }, 'NUL by escape');
answers("$J?Email=jane%40example.test&Protocol=" . ('A' x 65), 400,
        { ErrorCode => 'InvalidRequest', ErrorMessage => 'The query string is malformed.' }, 'overlong Protocol');
answers("$J?Email=jane%0d%0aX-Injected:%201%40example.test&Protocol=ActiveSync", 400,
        { ErrorCode => 'InvalidRequest', ErrorMessage => 'The query string is malformed.' }, 'CR LF in Email');

# Domains and redirects, as the POX answer has them.
answers("$J?Email=jane%40foreign.test&Protocol=AutodiscoverV1", 404,
        { ErrorCode => 'InvalidUser', ErrorMessage => 'The domain of the address is not served here.' },
        'domain not served', host => 'hosting.test');
answers("$J?Email=jane%40elsewhere.test&Protocol=AutodiscoverV1", 200,
        { Protocol => 'AutodiscoverV1', Url => 'https://autodiscover.elsewhere.test/autodiscover/autodiscover.xml' },
        'AutodiscoverRedirectURL domain: its POX URL', host => 'hosting.test');
answers("$J?Email=jane%40old.test&Protocol=AutodiscoverV1", 200,
        { Protocol => 'AutodiscoverV1', Url => 'https://autodiscover.example.test/autodiscover/autodiscover.xml' },
        'AutodiscoverRedirectAddr domain: the POX URL, which redirects the address', host => 'hosting.test');
{
    my $r = get("$J?Email=jane%40moved.test&Protocol=ActiveSync");
    is $r->code, 302, 'ActiveSync for a moved domain: 302';
    is $r->header('Location'),
        'https://autodiscover.moved.test/autodiscover/autodiscover.json/v1.0/jane@moved.test?Protocol=ActiveSync',
        'to the v2 endpoint of the other server';
    $r = get("$J/v1.0/jane\@old.test?Protocol=activesync");
    is $r->code, 302, 'ActiveSync for an address that moved: 302';
    is $r->header('Location'),
        'https://exchange.test/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=ActiveSync',
        'to this endpoint for the new address';
}

# The Host header picks the vhost, but no port or name of the client's
# choosing goes into an answer: the vhost's own names and port do.
answers("$J?Email=jane%40example.test&Protocol=AutodiscoverV1", 200,
        { Protocol => 'AutodiscoverV1', Url => 'https://exchange.test/autodiscover/autodiscover.xml' },
        'a port in Host is not put into the URL', host => 'exchange.test:6666');
{
    my $r = get("$J/v1.0/jane\@old.test?Protocol=activesync", host => 'exchange.test:6666');
    is $r->header('Location'),
        'https://exchange.test/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=ActiveSync',
        'a port in Host is not put into a redirect';
}

# The parameters are data: the ProxyNotShell request shape fetches nothing.
answers("$J?\@evil.test/owa/&Email=autodiscover/autodiscover.json%3f\@evil.test&Protocol=ActiveSync", 200,
        { Protocol => 'ActiveSync', Url => 'https://eas.evil.test/Microsoft-Server-ActiveSync' },
        'SSRF shape: the Email value is only an address');
answers("$J?\@evil.test/owa/&Email=autodiscover/autodiscover.json%3f\@evil.test&Protocol=Powershell", 400,
        { ErrorCode => 'InvalidProtocol',
          ErrorMessage => "The given protocol value 'Powershell' is invalid. Supported values are 'AutodiscoverV1,ActiveSync,EWS'" },
        'SSRF shape with Protocol=Powershell');

# Methods and paths.
{
    my $r = get("$J?Email=jane%40example.test&Protocol=EWS", method => 'HEAD');
    is $r->code, 200, 'HEAD: 200';
    is $r->header('Content-Length'), length('{"Protocol":"EWS","Url":"' . $ews . '"}'), 'HEAD: the length of the GET answer';
    $r = http_exchange(host => 'exchange.test', path => "$J?Email=jane%40example.test&Protocol=EWS",
                       body => '{}');
    is $r->code, 405, 'POST: 405';
    my $allow = $r->header('Allow') // '';
    ok $allow =~ /\bGET\b/ && $allow !~ /\bPOST\b/, "Allow names GET, not POST ($allow)";
    $r = get("$J/v2.0/jane\@example.test?Protocol=EWS");
    is $r->code, 404, 'unknown path version: 404';
    $r = get("$J?Email=jane%40example.test&Protocol=EWS", host => 'off.test');
    is $r->code, 404, 'Autodiscover Off: 404';
}

done_testing;
