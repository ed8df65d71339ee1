package AD::Plist;
# Apple profiles in tests: a property list as Perl data, and the UUIDs the
# module derives (README: version 5 of "KIND:address in lower case" in the
# namespace 6f3a1c52-9e47-4b0d-a815-27c483e95d61).
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Digest::SHA ();
use XML::LibXML ();

our @EXPORT = qw(plist uuid5);

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
    my $doc = XML::LibXML->load_xml(string => $xml, no_network => 1, load_ext_dtd => 0);
    return plist_value(($doc->documentElement->findnodes('*'))[0], $o{typed});
}

sub uuid5 {
    my $ns = pack 'H*', '6f3a1c529e474b0da81527c483e95d61';
    my @b = unpack 'C16', Digest::SHA::sha1($ns . shift);
    $b[6] = ($b[6] & 0x0f) | 0x50;
    $b[8] = ($b[8] & 0x3f) | 0x80;
    return uc sprintf '%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x', @b;
}

1;
