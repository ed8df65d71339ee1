package AD::Setup;
# The setup page (SetHandler autodiscover-setup, t/conf/vhosts/setup.conf)
# for the tests: fetch it, read it with XPath, and take out what it says
# in the shape the other formats are compared in.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use XML::LibXML ();
use XML::LibXML::XPathContext ();
use AD::Test;

our @EXPORT = qw(setup_page page_xpath page_servers page_dav page_links qenc);

# The address as a query value: every byte but RFC 3986's unreserved ones
# percent-encoded.
sub qenc { my $s = shift; $s =~ s/([^A-Za-z0-9\-._~])/sprintf '%%%02X', ord $1/ge; $s }

# GET the page on $host for $address (undef: none); %o: path (default
# /mail-setup), and anything http_exchange takes (user, password, method).
sub setup_page {
    my ($host, $address, %o) = @_;
    my $path = delete $o{path} // '/mail-setup';
    $path .= '?emailaddress=' . qenc($address) if defined $address;
    return http_get($host, $path, %o);
}

# The page's HTML (a response or a string) as an XPath context.
sub page_xpath {
    my $in = shift;
    my $html = ref $in ? $in->content : $in;
    my $doc = XML::LibXML->load_html(string => $html, recover => 2, suppress_errors => 1,
                                     no_network => 1, encoding => 'UTF-8');
    return XML::LibXML::XPathContext->new($doc);
}

sub field {
    my ($xc, $node, $name, $attr) = @_;
    my ($dd) = $xc->findnodes(qq{.//dd[\@data-field="$name"]}, $node);
    return undef unless $dd;
    return $attr ? $dd->getAttribute($attr) : $dd->textContent;
}

# The mail servers the page lists, in its order: hashes of proto, host,
# port, tls (implicit, starttls, none), login (undef: none), auth
# (password, encrypted, oauth2, none) and left_out (the note that
# autoconfig does not carry it).
sub page_servers {
    my $xc = shift;
    return map {
        +{ proto => $_->getAttribute('data-protocol'), host => field($xc, $_, 'host'),
           port => field($xc, $_, 'port'), tls => field($xc, $_, 'security', 'data-tls'),
           login => field($xc, $_, 'login'), auth => field($xc, $_, 'auth', 'data-auth'),
           left_out => scalar $xc->findnodes('./p[@class="note"]', $_)->size }
    } $xc->findnodes('//div[@class="server"][@data-protocol]');
}

# A section without a protocol (caldav, carddav, activesync): its fields,
# or undef when the page has none.
sub page_dav {
    my ($xc, $id) = @_;
    my ($n) = $xc->findnodes(qq{//div[\@id="$id"]}) or return undef;
    return { map { $_ => field($xc, $n, $_) } qw(url host port login) };
}

# The profile links: { any, ios, macos, qr } (the QR code's data-url).
sub page_links {
    my $xc = shift;
    my %l = (any => '//a[@id="profile"]/@href', ios => '//a[@id="profile-ios"]/@href',
             macos => '//a[@id="profile-macos"]/@href', qr => '//figure[@id="qr"]/@data-url');
    return { map { my $v = $xc->findvalue($l{$_}); $v eq '' ? () : ($_ => $v) } keys %l };
}

1;
