# AutodiscoverProfileSigner's key warning: each new address costs one
# signature, so "apache2 -t" warns for an RSA key over 2048 bits and names
# the faster choice; RSA-2048 and ECDSA P-256 keys load without a word.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use lib 't/lib';
use AD::Test;

my $tmp = File::Temp->newdir;
sub signer {            # a self-signed certificate and key for -newkey ARG
    my ($name, $newkey) = @_;
    system("openssl req -x509 -newkey $newkey -nodes -keyout $tmp/$name.key -subj /CN=$name "
           . "-days 2 -out $tmp/$name.crt >/dev/null 2>&1") == 0 or die "openssl req $newkey failed";
    return "AutodiscoverProfileSigner $tmp/$name.crt $tmp/$name.key";
}

my ($rc, $out) = configtest(signer('rsa4096', 'rsa:4096'));
is $rc, 0, 'RSA-4096 signer: accepted';
like $out, qr{\[autodiscover:warn\] .*AH77150: AutodiscoverProfileSigner \Q$tmp\E/rsa4096\.crt \(.*, line \d+\): an RSA key of 4096 bits signs slowly, and every new address costs one signature; an ECDSA P-256 key signs about 25x faster$}m,
    'RSA-4096 signer: the warning names the directive, the size and the advice';
is scalar(() = $out =~ /AH77150/g), 1, 'one warning';

for (['rsa2048', 'rsa:2048', 'RSA-2048'], ['p256', 'ec -pkeyopt ec_paramgen_curve:P-256', 'ECDSA P-256']) {
    my ($name, $newkey, $what) = @$_;
    ($rc, $out) = configtest(signer($name, $newkey));
    is $rc, 0, "$what signer: accepted";
    unlike $out, qr/AH77150|AutodiscoverProfileSigner/, "$what signer: no warning";
}
like $out, qr/Syntax OK/, 'Syntax OK';

done_testing;
