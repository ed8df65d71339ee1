package AD::Plist;
# Apple profiles in tests: a property list as Perl data, its payloads'
# dictionaries, a signed profile verified as "openssl smime -verify" does,
# and the UUIDs the module derives (docs/formats.md, Apple profiles: version 5 of "KIND:address in
# lower case" in the namespace 6f3a1c52-9e47-4b0d-a815-27c483e95d61).
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Digest::SHA ();
use File::Temp ();
use AD::Test qw(certs_dir);
use AD::XPath qw(xml_doc);

our @EXPORT = qw(plist plist_dicts plist_payloads verify_profile uuid5);

# Integers as numbers, or with typed => 1 as "integer N", so that a test
# can tell <integer>443</integer> from <string>443</string>.
sub plist_value {
    my ($n, $typed) = @_;
    my $name = $n->nodeName;
    return $n->textContent if $name eq 'string';
    return $typed ? 'integer ' . $n->textContent : 0 + $n->textContent if $name eq 'integer';
    return 'true' if $name eq 'true';
    return 'false' if $name eq 'false';
    return [ map { plist_value($_, $typed) } grep { $_->nodeType == 1 } $n->childNodes ]
        if $name eq 'array';
    if ($name eq 'dict') {
        my @c = grep { $_->nodeType == 1 } $n->childNodes;
        my %h;
        while (my ($k, $v) = splice @c, 0, 2) { $h{ $k->textContent } = plist_value($v, $typed) }
        return \%h;
    }
    die "unexpected plist element $name";
}

sub plist {
    my ($xml, %o) = @_;
    my $doc = xml_doc($xml);
    return plist_value(($doc->documentElement->findnodes('*'))[0], $o{typed});
}

# Each dictionary of the property list's top-level array (a profile's
# payloads), in order, as key => value: strings and integers as their
# text, anything else as its element name (true, false, array, dict).
# None when the text is not XML.
sub plist_dicts {
    my $xml = shift;
    my $doc = eval { xml_doc($xml) } or return ();
    my @out;
    for my $d ($doc->findnodes('//array/dict')) {
        my %k;
        my @c = grep { $_->nodeType == 1 } $d->childNodes;
        while (my ($key, $v) = splice @c, 0, 2) {
            $k{ $key->textContent } = $v->nodeName =~ /^(?:string|integer)$/ ? $v->textContent : $v->nodeName;
        }
        push @out, \%k;
    }
    return @out;
}

# The same dictionaries by their PayloadType: { type => { key => value } }.
sub plist_payloads {
    return { map { ($_->{PayloadType} // '') => $_ } plist_dicts(shift) };
}

# A signed profile (CMS SignedData in DER) checked with "openssl smime
# -verify" against the test CA, or the CA file $o{ca}. The signer is a TLS
# server certificate, as deployments use: -purpose any. Returns
#   { status => openssl's exit status, output => what it printed,
#     content => the profile it carries ('' when none),
#     subjects => [ the subject of each certificate the signature carries ],
#     der => the file holding the DER, there as long as the result is }
sub verify_profile {
    my ($der, %o) = @_;
    my $ca = $o{ca} // certs_dir() . '/ca.crt';
    my $dir = File::Temp->newdir;
    open my $fh, '>:raw', "$dir/p.der" or die "$dir/p.der: $!";
    print $fh $der;
    close $fh;
    my $output = `openssl smime -verify -inform DER -in $dir/p.der -CAfile $ca -purpose any -out $dir/out 2>&1`;
    my $status = $? >> 8;
    my $content = -e "$dir/out" ? do { local (@ARGV, $/) = "$dir/out"; <> } : '';
    my @subjects = `openssl pkcs7 -inform DER -in $dir/p.der -print_certs -noout 2>&1` =~ /^subject=(.*)$/mg;
    return { status => $status, output => $output, content => $content, subjects => \@subjects,
             der => "$dir/p.der", dir => $dir };
}

sub uuid5 {
    my $ns = pack 'H*', '6f3a1c529e474b0da81527c483e95d61';
    my @b = unpack 'C16', Digest::SHA::sha1($ns . shift);
    $b[6] = ($b[6] & 0x0f) | 0x50;
    $b[8] = ($b[8] & 0x3f) | 0x80;
    return uc sprintf '%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x', @b;
}

1;
