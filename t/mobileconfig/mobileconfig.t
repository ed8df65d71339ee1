# Apple configuration profiles at /mobileconfig?emailaddress=: the plist an
# iPhone or a Mac installs, UUIDs derived from the address, and the CMS
# signature (signed.test), verified with "openssl smime -verify".
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use lib 't/lib';
use AD::Test;
use AD::Plist;

sub get {
    my ($host, $query, %o) = @_;
    return http_exchange(method => $o{method} // 'GET', host => $host,
                         path => $o{path} // "/mobileconfig?$query");
}

# Unsigned (hosting.test): IMAP, POP3, SMTP for example.test and example.net.
my $profile;
{
    my $r = get('hosting.test', 'emailaddress=jane%40example.net');
    is $r->code, 200, 'unsigned profile: 200';
    is $r->header('Content-Type'), 'application/x-apple-aspen-config', 'the profile content type';
    is $r->header('Content-Disposition'), 'attachment; filename="example.net.mobileconfig"', 'a file name';
    like $r->content, qr{^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN"},
        'an XML property list';
    $profile = plist($r->content);
    my $id = uuid5('profile:jane@example.net');
    is $profile->{PayloadType}, 'Configuration', 'PayloadType Configuration';
    is $profile->{PayloadVersion}, 1, 'PayloadVersion 1';
    is $profile->{PayloadUUID}, $id, 'profile UUID derived from the address';
    is $profile->{PayloadIdentifier}, "autodiscover.$id", 'identifier stable for the address';
    is $profile->{PayloadDisplayName}, 'jane@example.net', 'display name';
    is scalar(@{ $profile->{PayloadContent} }), 1, 'one payload: no ActiveSync here';
    is_deeply $profile->{PayloadContent}[0], {
        EmailAccountDescription => 'jane@example.net',
        EmailAccountName => 'jane <Mail & More>',
        EmailAccountType => 'EmailTypeIMAP',
        EmailAddress => 'jane@example.net',
        IncomingMailServerAuthentication => 'EmailAuthPassword',
        IncomingMailServerHostName => 'imap.example.net',
        IncomingMailServerPortNumber => 993,
        IncomingMailServerUseSSL => 'true',
        IncomingMailServerUsername => 'jane@example.net',
        OutgoingMailServerAuthentication => 'EmailAuthPassword',
        OutgoingMailServerHostName => 'smtp.example.net',
        OutgoingMailServerPortNumber => 587,
        OutgoingMailServerUseSSL => 'true',
        OutgoingMailServerUsername => 'jane@example.net',
        OutgoingPasswordSameAsIncomingPassword => 'true',
        PayloadDisplayName => 'Mail',
        PayloadIdentifier => "autodiscover.$id.mail",
        PayloadType => 'com.apple.mail.managed',
        PayloadUUID => uuid5('mail:jane@example.net'),
        PayloadVersion => 1,
    }, 'mail payload: first IMAP and first SMTP server, no password';
    unlike $r->content, qr/<key>(Incoming|Outgoing)Password</, 'no password in the profile';

    my $again = plist(get('hosting.test', 'emailaddress=Jane%40Example.NET')->content);
    is $again->{PayloadUUID}, $id, 'the same address in other case: the same profile UUID';
    is $again->{PayloadContent}[0]{PayloadUUID}, $profile->{PayloadContent}[0]{PayloadUUID},
        'and the same payload UUID, so reinstalling replaces';
    my $other = plist(get('hosting.test', 'emailaddress=john%40example.net')->content);
    isnt $other->{PayloadUUID}, $id, 'another address: another UUID';
    isnt $profile->{PayloadContent}[0]{PayloadUUID}, $id, 'payload and profile UUIDs differ';
}

# Signed (signed.test): CMS SignedData in DER with the content embedded.
my $tmp = File::Temp->newdir;
{
    my $r = get('signed.test', 'emailaddress=jane%40example.test');
    is $r->code, 200, 'signed profile: 200';
    is $r->header('Content-Type'), 'application/x-apple-aspen-config', 'same content type';
    like $r->content, qr/^\x30\x82/, 'DER, not XML';
    my $v = verify_profile($r->content);
    is $v->{status}, 0, 'openssl smime -verify against the test CA: success';
    like $v->{output}, qr/Verification successful/, 'Verification successful';
    my $p = plist($v->{content});
    is $p->{PayloadUUID}, uuid5('profile:jane@example.test'), 'the embedded profile is the address\'s';
    is scalar(@{ $p->{PayloadContent} }), 2, 'mail and ActiveSync payloads';
    is_deeply $p->{PayloadContent}[1], {
        EmailAddress => 'jane@example.test',
        Host => 'eas.example.test',
        PayloadDisplayName => 'Exchange ActiveSync',
        PayloadIdentifier => 'autodiscover.' . uuid5('profile:jane@example.test') . '.eas',
        PayloadType => 'com.apple.eas.account',
        PayloadUUID => uuid5('eas:jane@example.test'),
        PayloadVersion => 1,
        SSL => 'true',
        UserName => 'jane@example.test',
    }, 'ActiveSync payload from the configured URL';
    is join('|', map { $p->{PayloadContent}[0]{$_} } qw(IncomingMailServerHostName OutgoingMailServerHostName)),
        'imap.example.test|smtp.example.test', 'mail payload for the address';

    my @subjects = @{ $v->{subjects} };
    is scalar(@subjects), 2, 'the signer and its chain are in the signature';
    like $subjects[0] . $subjects[1], qr/CN ?= ?mail.example.test/, 'signed with the SAN certificate';

    # The check can fail: another CA, and a changed byte.
    system("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $tmp/k "
           . "-subj /CN=other -days 1 -out $tmp/other.crt >/dev/null 2>&1");
    isnt verify_profile($r->content, ca => "$tmp/other.crt")->{status}, 0, 'against another CA: verification fails';
    my $der = $r->content;
    my $at = index $der, 'imap.example.test';
    substr($der, $at, 4) = 'IMAP';
    isnt verify_profile($der)->{status}, 0, 'a changed byte in the profile: verification fails';
}

# ActiveSync only (exchange.test): an EAS payload alone.
{
    my $p = plist(get('exchange.test', 'emailaddress=jane%40example.test')->content);
    is join('|', map { $_->{PayloadType} } @{ $p->{PayloadContent} }), 'com.apple.eas.account',
        'ActiveSync only: one EAS payload';
    is $p->{PayloadContent}[0]{Host}, 'eas.example.test', 'its host';
}

# Requests that get no profile.
{
    my @cases = (
        ['hosting.test', '', 400, 'no emailaddress'],
        ['hosting.test', 'emailaddress=', 400, 'empty emailaddress'],
        ['hosting.test', 'emailaddress=jane', 400, 'not an address'],
        ['hosting.test', 'emailaddress=jane%0d%0a%40example.test', 400, 'CR LF'],
        ['hosting.test', 'emailaddress=jane%zz%40example.test', 400, 'bad escape'],
        ['hosting.test', 'emailaddress=' . ('a' x 800) . '%40example.test', 400, 'overlong'],
        ['hosting.test', 'emailaddress=jane%40foreign.test', 404, 'domain not served'],
        ['strict.test', 'emailaddress=jane%40example.test', 404, 'IMAP but no SMTP: nothing to install'],
        ['off.test', 'emailaddress=jane%40example.test', 404, 'Autodiscover Off'],
    );
    for my $c (@cases) {
        my $r = get($c->[0], $c->[1]);
        is $r->code, $c->[2], "$c->[3]: $c->[2]";
        isnt $r->header('Content-Type') // '', 'application/x-apple-aspen-config', "$c->[3]: no profile";
    }
    my $r = get('hosting.test', 'emailaddress=jane%40old.test');
    is $r->code, 302, 'AutodiscoverRedirectAddr domain: 302';
    is $r->header('Location'), 'https://autodiscover.example.test/mobileconfig?emailaddress=jane%40example.test',
        'to the profile of the new address';
    $r = get('hosting.test', 'emailaddress=jane%40elsewhere.test');
    is $r->code, 302, 'AutodiscoverRedirectURL domain: 302';
    is $r->header('Location'), 'https://autodiscover.elsewhere.test/mobileconfig?emailaddress=jane%40elsewhere.test',
        'to the other server';
    $r = http_exchange(host => 'hosting.test', path => '/mobileconfig?emailaddress=jane%40example.test', body => 'x');
    is $r->code, 405, 'POST: 405';
    $r = get('hosting.test', 'emailaddress=jane%40example.test', method => 'HEAD');
    is $r->code, 200, 'HEAD: 200';
    $r = get('hosting.test', '', path => '/MobileConfig/?EmailAddress=jane%40example.test');
    is $r->code, 200, 'automx2\'s /mobileconfig/, any case';
}

done_testing;
