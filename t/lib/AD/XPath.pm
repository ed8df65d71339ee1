package AD::XPath;
# Answers as data for the tests: an XML document parsed as a client would
# (no network, no external DTD), an XPath context with the prefixes a
# test names, and the JSON of an answer. Each takes an HTTP::Response or
# the text itself.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use JSON::PP ();
use XML::LibXML ();
use XML::LibXML::XPathContext ();

our @EXPORT = qw(xml_doc xpath_of json_of);

sub text_of { my $in = shift; ref $in ? $in->content : $in }

# The document; dies when it is not XML.
sub xml_doc {
    return XML::LibXML->load_xml(string => text_of(shift), no_network => 1, load_ext_dtd => 0);
}

# An XPath context on the document with prefix => namespace pairs.
sub xpath_of {
    my ($in, %ns) = @_;
    my $xc = XML::LibXML::XPathContext->new(xml_doc($in));
    $xc->registerNs($_ => $ns{$_}) for sort keys %ns;
    return $xc;
}

# The decoded JSON, or {} when it is none.
sub json_of {
    my $in = shift;
    return eval { JSON::PP->new->decode(text_of($in)) } // {};
}

1;
