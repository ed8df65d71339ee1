# Every autoconfig document of the suite's vhosts against the rules of the
# parsers that read it, each rule as the client's source has it:
#   Thunderbird for Android: feature/autodiscovery/autoconfig/.../RealAutoconfigParser.kt,
#     RealAutoconfigFetcher.kt (the first IMAP and first SMTP server) and
#     feature/account/setup/.../GetAutoDiscovery.kt (OAuth2 only for the
#     hosts it knows);
#   Thunderbird: mail/components/accountcreation/modules/readFromXML.sys.mjs;
#   FairEmail: app/src/main/java/eu/faircode/email/EmailProvider.java getISPDB();
#   Mustang: app/logic/Mail/AutoConfig/readConfig.ts;
#   Delta Chat: src/configure/auto_mozilla.rs (chatmail/core).
# The vhosts are read from t/conf/vhosts/*.conf: each one that answers
# Autodiscover is asked for an address in each of its domains and, without
# an address, under each of its names; every 200 answer must break no
# rule. Documents made to break each rule show that the rules can fail.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::XPath;

my $vars = Apache::Test::vars();

# ------------------------------------------------------------ the rules

my $label = qr/[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?/;
sub hostname_ok { my $h = shift // ''; length $h <= 253 && $h =~ /^$label(?:\.$label)*$/ }
sub text_of { my ($n, $name) = @_; my ($e) = $n->findnodes($name); $e ? $e->textContent : undef }
sub texts_of { my ($n, $name) = @_; map { $_->textContent } $n->findnodes($name) }
sub plain_auths { my $n = shift; map { $_->textContent } grep { !$_->hasAttributes } $n->findnodes('authentication') }
sub server_name {
    my $s = shift;
    uc($s->getAttribute('type') // '?') . ' ' . (text_of($s, 'hostname') // '?') . ':' . (text_of($s, 'port') // '?');
}

# The rules a document breaks, as "client: what"; $domain is the one the
# client asked for, $address the one it fills the placeholders with.
sub violations {
    my ($xml, $domain, $address) = @_;
    my ($local) = $address =~ /^(.*)@/;
    my $fill = sub { my $s = shift // return undef;
                     $s =~ s/%EMAILADDRESS%/$address/g; $s =~ s/%EMAILLOCALPART%/$local/g;
                     $s =~ s/%EMAILDOMAIN%/$domain/g; $s };
    my @v;
    my $doc = eval { xml_doc($xml) }
        or return ('all: not well-formed XML');
    my $root = $doc->documentElement;
    return ('all: the root is not clientConfig') unless $root->nodeName eq 'clientConfig';
    my ($prov) = $root->findnodes('emailProvider');
    return ('Thunderbird, Thunderbird for Android, Mustang: no emailProvider in clientConfig') unless $prov;

    # Thunderbird for Android takes text as it comes (no trimming) and
    # refuses the document for an element inside a text element.
    for my $e ($doc->findnodes('//*[not(*) and normalize-space(.) != .]')) {
        push @v, 'Thunderbird for Android: white space around the text of <' . $e->nodeName . '>';
    }
    my @in = $prov->findnodes('incomingServer');
    my @out = $prov->findnodes('outgoingServer');
    my @imap = grep { ($_->getAttribute('type') // '') eq 'imap' } @in;
    my @smtp = grep { ($_->getAttribute('type') // '') eq 'smtp' } @out;

    # Thunderbird for Android and Thunderbird: the provider's id and a domain.
    my $id = $prov->getAttribute('id');
    push @v, 'Thunderbird, Thunderbird for Android: emailProvider@id missing or not a host name'
        unless hostname_ok($id);
    my @domains = texts_of($prov, 'domain');
    push @v, 'Thunderbird, Thunderbird for Android: no <domain> with a host name'
        unless grep { hostname_ok($fill->($_)) } @domains;
    push @v, "Mustang: no <domain> that is $domain as it stands" unless grep { $_ eq $domain } @domains;

    # Thunderbird for Android: every IMAP and SMTP server parses, or the
    # whole document is refused; then it takes the first of each, and
    # drops OAuth2 for hosts it does not know.
    my %tfa_auth = map { $_ => 1 } qw(password-cleartext password-encrypted OAuth2);
    for my $s (@imap, @smtp) {
        my $n = server_name($s);
        push @v, "Thunderbird for Android: $n: no host name" unless hostname_ok($fill->(text_of($s, 'hostname')));
        my $port = text_of($s, 'port') // '';
        push @v, "Thunderbird for Android: $n: no port from 0 to 65535" unless $port =~ /^\d{1,5}$/ && $port <= 65535;
        push @v, "Thunderbird for Android: $n: no username" unless defined text_of($s, 'username');
        my @sock = texts_of($s, 'socketType');
        push @v, "Thunderbird for Android: $n: no socketType" unless @sock;
        push @v, "Thunderbird for Android: $n: socketType '$_' is neither SSL nor STARTTLS"
            for grep { $_ ne 'SSL' && $_ ne 'STARTTLS' } @sock;
        push @v, "Thunderbird for Android: $n: no authentication it knows"
            unless grep { $tfa_auth{$_} } plain_auths($s);
        push @v, "Thunderbird for Android: $n: an element inside <" . $_->nodeName . '>'
            for $s->findnodes('*[*]');
    }
    # A provider without IMAP (POP3 alone) is one neither Thunderbird for
    # Android nor FairEmail sets up from autoconfig: nothing a document can
    # fix; a document that drops the IMAP server a scope has is wrong.
    my $no_imap = !@imap && grep { ($_->getAttribute('type') // '') eq 'pop3' } @in;
    push @v, 'Thunderbird for Android: no IMAP server' unless @imap || $no_imap;
    push @v, 'Thunderbird for Android: no SMTP server' unless @smtp;
    for my $s (grep { defined } $imap[0], $smtp[0]) {
        push @v, 'Thunderbird for Android: ' . server_name($s) . ', the one it uses, has no password method'
            unless grep { /^password-(?:cleartext|encrypted)$/ } plain_auths($s);
    }

    # Thunderbird: a username on every server ("undefined" otherwise); at
    # least one incoming and one SMTP server it can use, taking the first
    # socketType and authentication it knows (OAuth2 only for its own
    # hosts, so not here).
    my %tb_sock = map { $_ => 1 } qw(plain SSL STARTTLS);
    my %tb_in = map { $_ => 1 } qw(password-cleartext plain password-encrypted secure GSSAPI NTLM);
    my %tb_out = (%tb_in, map { $_ => 1 } qw(none client-IP-address smtp-after-pop));
    my $tb_ok = sub { my ($s, $auth) = @_; (grep { $tb_sock{$_} } texts_of($s, 'socketType'))
                                           && (grep { $auth->{$_} } plain_auths($s)) };
    push @v, 'Thunderbird: ' . server_name($_) . ': no username' for grep { !defined text_of($_, 'username') } @in, @out;
    push @v, 'Thunderbird: no incoming server it can use'
        unless grep { ($_->getAttribute('type') // '') =~ /^(?:pop3|imap|nntp|exchange)$/ && $tb_ok->($_, \%tb_in) } @in;
    push @v, 'Thunderbird: no SMTP server it can use' unless grep { $tb_ok->($_, \%tb_out) } @smtp;

    # FairEmail: the first incoming server must be IMAP, the first
    # outgoing SMTP; port resets the TLS guess, so socketType comes after
    # it; the last <username> of the whole document is the one login of
    # both: it must be a mail server's, and the first IMAP server's where
    # that and the first SMTP server's are the same (where they differ,
    # FairEmail's one login cannot be both).
    push @v, 'FairEmail: the first incoming server is not IMAP'
        unless $no_imap || (@in && ($in[0]->getAttribute('type') // '') eq 'imap');
    push @v, 'FairEmail: the first outgoing server is not SMTP' unless @out && ($out[0]->getAttribute('type') // '') eq 'smtp';
    for my $s (grep { defined } $imap[0] && $in[0] == $imap[0] ? $in[0] : undef,
                                $smtp[0] && $out[0] == $smtp[0] ? $out[0] : undef) {
        my @names = map { $_->nodeName } $s->findnodes('*');
        my ($p) = grep { $names[$_] eq 'port' } 0 .. $#names;
        my ($t) = grep { $names[$_] eq 'socketType' } 0 .. $#names;
        push @v, 'FairEmail: ' . server_name($s) . ': socketType before port' if defined $p && defined $t && $t < $p;
    }
    my ($last) = reverse $doc->findnodes('//username');
    my ($iu, $ou) = map { $_ ? text_of($_, 'username') : undef } $in[0], $out[0];
    if (!$last) {}
    elsif ($last->parentNode->nodeName !~ /^(?:incoming|outgoing)Server$/) {
        push @v, 'FairEmail: the last <username> of the document is in <' . $last->parentNode->nodeName . '>, not in a mail server';
    }
    elsif (defined $iu && defined $ou && $iu eq $ou && $last->textContent ne $iu) {
        push @v, 'FairEmail: the last <username> of the document is not the first incoming server\'s';
    }

    # Mustang: the first outgoing server it can use serves every incoming
    # one; OAuth2 from <oAuth2>, a child of clientConfig; calendar and
    # addressbook (lower case) as children of clientConfig.
    my %mu_auth = map { $_ => 1 } qw(password-cleartext basic OAuth2 password-encrypted GSSAPI NTLM);
    my ($mu_out) = grep { (grep { $tb_sock{$_} } texts_of($_, 'socketType')) && (grep { $mu_auth{$_} } plain_auths($_)) } @out;
    push @v, 'Mustang: no outgoing server it can use' unless $mu_out;
    if ($doc->findnodes('//authentication[. = "OAuth2"]')->size) {
        my ($o) = $root->findnodes('oAuth2');
        push @v, 'Mustang: OAuth2 offered, but no clientConfig/oAuth2 with authURL, tokenURL and scope'
            unless $o && (text_of($o, 'authURL') // '') =~ m{^https://} && (text_of($o, 'tokenURL') // '') =~ m{^https://}
                   && length(text_of($o, 'scope') // '');
    }
    push @v, 'Mustang: <oAuth2> inside emailProvider, where it reads none' if $prov->findnodes('.//oAuth2')->size;
    push @v, 'all: a client secret in a public document' if $doc->findnodes('//clientSecret')->size;
    for my $kind (['calendar', 'caldav'], ['addressbook', 'carddav']) {
        my ($el, $type) = @$kind;
        push @v, "Mustang: <$el> inside emailProvider, where it reads none" if $prov->findnodes(".//$el")->size;
        for my $c ($root->findnodes($el)) {
            push @v, "Mustang: <$el> of type '" . ($c->getAttribute('type') // '') . "'" unless ($c->getAttribute('type') // '') eq $type;
            push @v, "Mustang: <$el> without an https <url>" unless (text_of($c, 'url') // '') =~ m{^https://};
            push @v, "Mustang: <$el> without a username" unless defined text_of($c, 'username');
            push @v, "Mustang: <$el> without an authentication it maps" unless grep { $mu_auth{$_} } plain_auths($c);
        }
    }
    push @v, 'no client: <addressBook> (camel case) is read by none' if $doc->findnodes('//addressBook')->size;

    # Delta Chat: a server without host name, port or username is dropped.
    push @v, 'Delta Chat: ' . server_name($_) . ': dropped, no host name, port or username'
        for grep { !defined text_of($_, 'hostname') || !defined text_of($_, 'port') || !defined text_of($_, 'username') } @in, @out;
    return @v;
}

# ------------------------------------------------- the suite's documents

# The vhosts of the suite: [port name, address, TLS, ServerName, names, domains].
sub vhosts {
    my @v;
    for my $file (sort glob("$vars->{t_conf}/vhosts/*.conf")) {
        open my $fh, '<', $file or die "$file: $!";
        my $cur;
        while (<$fh>) {
            next if /^\s*#/;
            if (/^<VirtualHost ([\d.]+):\$\{(\w+)\}>/) { $cur = { addr => $1, port => $2, names => [], domains => [] }; next }
            next unless $cur;
            if (m{^</VirtualHost>}) { push @v, $cur if $cur->{on} && $cur->{name}; undef $cur; next }
            $cur->{name} = $1 if /^\s*ServerName\s+(\S+)/;
            push @{ $cur->{names} }, split ' ', $1 if /^\s*ServerAlias\s+(.*)/;
            push @{ $cur->{domains} }, split ' ', $1 if /^\s*AutodiscoverDomains\s+(.*)/;
            $cur->{tls} = 1 if /^\s*SSLEngine\s+on/i;
            $cur->{on} = 1 if /^\s*Autodiscover\s+On/i;
        }
    }
    return @v;
}

sub fetch_doc {
    my ($vh, $host, $path) = @_;
    my $r = eval {
        $vh->{tls} ? (https_exchange(port => port($vh->{port}), addr => $vh->{addr}, sni => $host,
                                     method => 'GET', path => $path))[0]
                   : http_exchange(port => port($vh->{port}), addr => $vh->{addr}, host => $host,
                                   method => 'GET', path => $path) };
    return $r && $r->code == 200 && ($r->header('Content-Type') // '') =~ m{^text/xml} ? $r->content : undef;
}

my (@docs, %answered);
for my $vh (vhosts()) {
    my @domains = @{ $vh->{domains} } ? @{ $vh->{domains} } : ($vh->{name} =~ s/^autoconfig\.//r);
    for my $d (@domains) {
        my $xml = fetch_doc($vh, $vh->{name}, "/mail/config-v1.1.xml?emailaddress=jane%40$d");
        push @docs, ["$vh->{name} for jane\@$d", $xml, $d, "jane\@$d"] if defined $xml;
        $answered{ $vh->{name} }++ if defined $xml;
        # Without an address, under the names a client asks: D, autoconfig.D.
        for my $host (grep { $_ eq $d || $_ eq "autoconfig.$d" } $vh->{name}, @{ $vh->{names} }) {
            my $path = $host eq $d ? '/.well-known/autoconfig/mail/config-v1.1.xml' : '/mail/config-v1.1.xml';
            $xml = fetch_doc($vh, $host, $path);
            push @docs, ["$host$path", $xml, $d, "jane\@$d"] if defined $xml;
        }
    }
}

# --------------------------------------------------- made to break them

my $bad_servers = <<'XML';
<?xml version="1.0"?>
<clientConfig version="1.1">
  <emailProvider id="bad.test">
    <domain>%EMAILDOMAIN%</domain>
    <incomingServer type="pop3">
      <hostname>pop.bad.test</hostname><port>995</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>imap.bad.test</hostname><socketType>plain</socketType><port>143</port>
      <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>relay.bad.test</hostname><port>25</port><socketType>plain</socketType>
      <authentication>none</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
XML
my $bad_sections = <<'XML';
<?xml version="1.0"?>
<clientConfig version="1.2">
  <emailProvider>
    <domain> bad.test</domain>
    <incomingServer type="imap">
      <hostname>imap.bad.test</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>OAuth2</authentication><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.bad.test</hostname><socketType>SSL</socketType><port>465</port>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
    <oAuth2><authURL>https://login.bad.test/auth</authURL><tokenURL>https://login.bad.test/token</tokenURL></oAuth2>
  </emailProvider>
  <calendar type="CalDAV">
    <url>https://dav.bad.test/</url>
    <authentication system="http">Basic</authentication>
  </calendar>
  <addressBook type="carddav">
    <url>https://dav.bad.test/</url><username>%EMAILLOCALPART%</username>
    <authentication>password-cleartext</authentication>
  </addressBook>
  <oAuth2><clientSecret>x</clientSecret></oAuth2>
</clientConfig>
XML
my $bad_login = <<'XML';
<?xml version="1.0"?>
<clientConfig version="1.2">
  <emailProvider id="bad.test">
    <domain>bad.test</domain>
    <incomingServer type="imap">
      <hostname>imap.bad.test</hostname><port>993</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.bad.test</hostname><port>465</port><socketType>SSL</socketType>
      <username>%EMAILADDRESS%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.bad.test</hostname><port>587</port><socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
XML

my @minimum = qw(hosting.test all.test signed.test dav.test davuser.test nodav.test
                 tokens.test passwords.test mail.example.test);

cmp_ok scalar(@docs), '>=', 20, scalar(@docs) . ' documents from the suite\'s vhosts';
is join(' ', grep { !$answered{$_} } @minimum), '', 'every vhost with mail servers answered';
for (@docs) {
    my ($what, $xml, $domain, $address) = @$_;
    is join("\n", violations($xml, $domain, $address)), '', "$what: no client's rule broken";
}
is join("\n", violations($bad_servers, 'bad.test', 'jane@bad.test')), join("\n",
    'Mustang: no <domain> that is bad.test as it stands',
    'Thunderbird for Android: IMAP imap.bad.test:143: socketType \'plain\' is neither SSL nor STARTTLS',
    'Thunderbird for Android: SMTP relay.bad.test:25: no username',
    'Thunderbird for Android: SMTP relay.bad.test:25: socketType \'plain\' is neither SSL nor STARTTLS',
    'Thunderbird for Android: SMTP relay.bad.test:25: no authentication it knows',
    'Thunderbird for Android: IMAP imap.bad.test:143, the one it uses, has no password method',
    'Thunderbird for Android: SMTP relay.bad.test:25, the one it uses, has no password method',
    'Thunderbird: SMTP relay.bad.test:25: no username',
    'FairEmail: the first incoming server is not IMAP',
    'Mustang: no outgoing server it can use',
    'Mustang: OAuth2 offered, but no clientConfig/oAuth2 with authURL, tokenURL and scope',
    'Delta Chat: SMTP relay.bad.test:25: dropped, no host name, port or username',
    ), 'the rules fail: plain, a relay with none only, POP3 first, OAuth2 alone, no oAuth2 block';
is join("\n", violations($bad_sections, 'bad.test', 'jane@bad.test')), join("\n",
    'Thunderbird for Android: white space around the text of <domain>',
    'Thunderbird, Thunderbird for Android: emailProvider@id missing or not a host name',
    'Thunderbird, Thunderbird for Android: no <domain> with a host name',
    'Mustang: no <domain> that is bad.test as it stands',
    'FairEmail: SMTP smtp.bad.test:465: socketType before port',
    'FairEmail: the last <username> of the document is in <addressBook>, not in a mail server',
    'Mustang: OAuth2 offered, but no clientConfig/oAuth2 with authURL, tokenURL and scope',
    'Mustang: <oAuth2> inside emailProvider, where it reads none',
    'all: a client secret in a public document',
    'Mustang: <calendar> of type \'CalDAV\'',
    'Mustang: <calendar> without a username',
    'Mustang: <calendar> without an authentication it maps',
    'no client: <addressBook> (camel case) is read by none',
    ), 'the rules fail: no id, a padded domain, sections misplaced or misspelt, a DAV login last';
is join("\n", violations($bad_login, 'bad.test', 'jane@bad.test')),
    'FairEmail: the last <username> of the document is not the first incoming server\'s',
    'the rules fail: a later server\'s login last, where IMAP and SMTP share one';

done_testing;
