# One configuration, five formats: for the same address, in two domains,
# POX (Outlook and MobileSync), Autodiscover v2, SOAP, Thunderbird
# autoconfig and the Apple profile name the same hosts, ports and TLS
# modes (all.test in t/conf/vhosts/functional.conf); autoconfig leaves out
# the server without TLS (Thunderbird for Android refuses a document that
# names one).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use JSON::PP ();
use XML::LibXML ();
use lib 't/lib';
use AD::Test;

my @addresses = ('jane@example.test', 'joe@example.net');
plan tests => 9 * @addresses;

my $tmp = File::Temp->newdir;
sub get { http_exchange(method => 'GET', host => 'all.test', path => shift) }
sub xml { XML::LibXML->load_xml(string => shift, no_network => 1, load_ext_dtd => 0) }

for my $address (@addresses) {
    my ($domain) = $address =~ /@(.*)/;
    (my $q = $address) =~ s/@/%40/;
    # The servers as PROTO host:port TLS-mode, in configured order.
    my @want = ("IMAP imap.$domain:993 implicit", "POP3 pop.$domain:110 starttls",
                "SMTP smtp.$domain:465 implicit", "SMTP mx.$domain:25 none");
    my $ews = "https://ews.$domain/EWS/Exchange.asmx";
    my $eas = "https://eas.$domain:8443/Microsoft-Server-ActiveSync";

    # POX, Outlook schema.
    my $xc = answer_xpath(post_pox('all.test', pox_request($address)));
    my %tls = (SSL => 'implicit', TLS => 'starttls', None => 'none');
    my @pox = map { join ' ', $xc->findvalue('o:Type', $_),
                    $xc->findvalue('o:Server', $_) . ':' . $xc->findvalue('o:Port', $_),
                    $tls{ $xc->findvalue('o:Encryption', $_) } // '?' }
        $xc->findnodes('//o:Account/o:Protocol[o:Type="IMAP" or o:Type="POP3" or o:Type="SMTP"]');
    is_deeply \@pox, \@want, "$address: POX servers";
    my $pox_ews = $xc->findvalue('//o:Protocol[o:Type="EXPR"]/o:EwsUrl');

    # POX, MobileSync schema.
    my $mx = answer_xpath(post_pox('all.test', mobile_request($address)));
    my $pox_eas = $mx->findvalue('//m:Action/m:Settings/m:Server/m:Url');

    # Autodiscover v2.
    my $v2 = sub { my $r = get("/autodiscover/autodiscover.json?Email=$q&Protocol=$_[0]");
                   (eval { JSON::PP->new->decode($r->content) } // {})->{Url} // '' };

    # SOAP.
    my $sx = soap_xpath(http_exchange(host => 'all.test', path => '/autodiscover/autodiscover.svc',
        body => soap_request(users => [$address],
                             settings => [qw(ExternalImap4Connections ExternalPop3Connections
                                             ExternalSmtpConnections ExternalEwsUrl)])));
    my @soap;
    for my $s (qw(Imap4 Pop3 Smtp)) {
        my $type = { Imap4 => 'IMAP', Pop3 => 'POP3', Smtp => 'SMTP' }->{$s};
        push @soap, map { join ' ', $type, $sx->findvalue('d:Hostname', $_) . ':' . $sx->findvalue('d:Port', $_),
                          $tls{ $sx->findvalue('d:EncryptionMethod', $_) } // '?' }
            $sx->findnodes("//d:UserSetting[d:Name='External${s}Connections']//d:ProtocolConnection");
    }
    is_deeply \@soap, \@want, "$address: SOAP protocol connections";

    # Thunderbird autoconfig: the same, less the server without TLS.
    my $ac = xml(get("/mail/config-v1.1.xml?emailaddress=$q")->content);
    my %sock = (SSL => 'implicit', STARTTLS => 'starttls');
    my @auto = map { join ' ', uc($_->findvalue('@type')),
                     $_->findvalue('hostname') . ':' . $_->findvalue('port'),
                     $sock{ $_->findvalue('socketType') } // '?' }
        $ac->findnodes('//incomingServer | //outgoingServer');
    is_deeply \@auto, [grep { !/ none$/ } @want], "$address: autoconfig servers, the one without TLS left out";

    # Apple profile (signed): its first IMAP and first SMTP server; the
    # format has one flag for both kinds of TLS.
    my $der = get("/mobileconfig?emailaddress=$q")->content;
    open my $fh, '>:raw', "$tmp/p.der" or die $!;
    print $fh $der;
    close $fh;
    my $plist = `openssl smime -verify -inform DER -in $tmp/p.der -CAfile @{[certs_dir()]}/ca.crt -purpose any 2>/dev/null`;
    my %k;
    my $doc = eval { xml($plist) };
    if ($doc) {
        for my $d ($doc->findnodes('//array/dict')) {
            my @c = grep { $_->nodeType == 1 } $d->childNodes;
            while (my ($key, $v) = splice @c, 0, 2) { $k{ $key->textContent } = $v->nodeName eq 'string' || $v->nodeName eq 'integer' ? $v->textContent : $v->nodeName }
        }
    }
    my $ssl = sub { $_[0] eq 'true' ? 'tls' : 'none' };
    my @apple = ("IMAP $k{IncomingMailServerHostName}:$k{IncomingMailServerPortNumber} "
                     . $ssl->($k{IncomingMailServerUseSSL} // ''),
                 "SMTP $k{OutgoingMailServerHostName}:$k{OutgoingMailServerPortNumber} "
                     . $ssl->($k{OutgoingMailServerUseSSL} // '')) if $doc;
    my @first = map { s/ (implicit|starttls)$/ tls/r } grep { /^IMAP/ } @want;
    push @first, map { s/ (implicit|starttls)$/ tls/r } (grep { /^SMTP/ } @want)[0];
    is_deeply \@apple, \@first, "$address: Apple profile, first IMAP and SMTP server";

    # The URLs.
    is $pox_ews, $ews, "$address: POX EwsUrl";
    is $v2->('EWS'), $pox_ews, "$address: v2 EWS = POX EwsUrl";
    is $sx->findvalue("//d:UserSetting[d:Name='ExternalEwsUrl']/d:Value"), $pox_ews, "$address: SOAP ExternalEwsUrl = POX EwsUrl";
    is $v2->('ActiveSync'), $pox_eas, "$address: v2 ActiveSync = MobileSync Url";
    is "https://$k{Host}/Microsoft-Server-ActiveSync", $pox_eas, "$address: Apple EAS host = MobileSync Url host";
}
