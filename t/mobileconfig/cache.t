# The signed-profile cache (AutodiscoverProfileCache, shmcb by default):
# asking again for an address is answered with the signature already made.
# ECDSA signatures are randomised (and carry a signingTime), so two fresh
# signatures of the same profile differ: identical bytes mean no second
# signature. A second server with AutodiscoverProfileCache Off signs
# every time. Scopes with other settings or another chain (profiles.conf)
# get their own signatures.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use lib 't/lib';
use AD::Test;
use AD::Plist;

my $tmp = File::Temp->newdir;

sub get {
    my ($host, $address, %o) = @_;
    (my $q = $address) =~ s/@/%40/;
    return http_get($host, "/mobileconfig?emailaddress=$q", %o);
}
sub verify {           # (exit status, embedded content, signer certificates)
    my $v = verify_profile(shift);
    return ($v->{status}, $v->{content}, scalar @{ $v->{subjects} });
}

# CMS_sign adds a signingTime attribute: the cache, not the clock, keeps
# the bytes equal.
{
    my $v = verify_profile(get('signed.test', 'cache-probe@example.test')->content);
    my $attrs = `openssl cms -cmsout -print -inform DER -in $v->{der} 2>&1`;
    like $attrs, qr/signingTime/, 'the signature carries a signingTime attribute';
}

# The same address twice: the same bytes.
my $first = get('signed.test', 'jane@example.test');
my $second = get('signed.test', 'jane@example.test');
is $first->code, 200, 'signed profile: 200';
is $second->code, 200, 'asked again: 200';
ok length($first->content) > 500 && $first->content eq $second->content,
    'asked again: the identical DER (not signed again)';
my ($rc, $content, $ncerts) = verify($second->content);
is $rc, 0, 'the cached profile verifies against the test CA';
like $content, qr{<string>imap\.example\.test</string>}, 'and holds the address\'s servers';
is $ncerts, 2, 'with the signer and its chain';

# Another address: its own profile, signed.
my $john = get('signed.test', 'john@example.test');
isnt $john->content, $first->content, 'another address: another signed profile';
($rc, $content) = verify($john->content);
is $rc, 0, 'which verifies';
like $content, qr{<string>john\@example\.test</string>}, 'and is john\'s';
ok get('signed.test', 'john@example.test')->content eq $john->content, 'and is cached in turn';

# The same address where other servers are configured: not jane's profile
# from signed.test.
my $other = get('signed-other.test', 'jane@example.test');
($rc, $content) = verify($other->content);
is $rc, 0, 'other settings, same signer: a valid signed profile';
like $content, qr{<string>imap\.other\.example\.test</string>}, 'with this scope\'s servers';
unlike $content, qr{<string>imap\.example\.test</string>}, 'not the other scope\'s';

# The same settings signed without the chain: a signature of its own.
my $nochain = get('signed-nochain.test', 'jane@example.test');
($rc, $content, $ncerts) = verify($nochain->content);
is $rc, 0, 'same settings, signer without its chain: a valid profile';
is $ncerts, 1, 'carrying the signer only, not the chained signature cached for signed.test';

# AutodiscoverProfileCache Off: a server of its own, every GET signed anew.
{
    my $certs = certs_dir();
    my ($port, $why) = own_server($tmp, <<"CONF");
AutodiscoverProfileCache Off
Autodiscover On
AutodiscoverServer IMAP imap.%EMAILDOMAIN% tls=implicit
AutodiscoverServer SMTP smtp.%EMAILDOMAIN% tls=starttls
AutodiscoverProfileSigner "$certs/san.crt" "$certs/san.key" "$certs/ca.crt"
CONF
    ok $port, 'AutodiscoverProfileCache Off: the second server answers' or diag $why;
    my @r = map { get('localhost', 'jane@example.test', port => $port // 1) } 1 .. 2;
    is join(' ', map { $_->code } @r), '200 200', 'two signed profiles';
    isnt $r[0]->content, $r[1]->content, 'different bytes: each one signed anew';
    is((verify($r[1]->content))[0], 0, 'both valid');
}

done_testing;
