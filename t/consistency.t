# One configuration, five formats: for the same address, in two domains,
# POX (Outlook and MobileSync), Autodiscover v2, SOAP, Thunderbird
# autoconfig and the Apple profile name the same hosts, ports and TLS
# modes (all.test in t/conf/vhosts/functional.conf); autoconfig leaves out
# the server without TLS (Thunderbird for Android refuses a document that
# names one). And calendars and
# contacts: POX, autoconfig, the Apple profile, PACC, RFC 6764's redirects,
# the DNS records and the status page name the same CalDAV and CardDAV
# contexts for two domains (dav.test in t/conf/vhosts/groupware.conf).
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Plist;
use AD::XPath;

my @addresses = ('jane@example.test', 'joe@example.net');
my @dav_addresses = ('jane@dav.test', 'joe@cal.test');
plan tests => 9 * @addresses + 8 * @dav_addresses;

sub get { http_get('all.test', shift) }

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
    my $v2 = sub { json_of(get("/autodiscover/autodiscover.json?Email=$q&Protocol=$_[0]"))->{Url} // '' };

    # SOAP.
    my $sx = soap_xpath(post_soap('all.test', soap_request(users => [$address],
        settings => [qw(ExternalImap4Connections ExternalPop3Connections ExternalSmtpConnections ExternalEwsUrl)])));
    my @soap;
    for my $s (qw(Imap4 Pop3 Smtp)) {
        my $type = { Imap4 => 'IMAP', Pop3 => 'POP3', Smtp => 'SMTP' }->{$s};
        push @soap, map { join ' ', $type, $sx->findvalue('d:Hostname', $_) . ':' . $sx->findvalue('d:Port', $_),
                          $tls{ $sx->findvalue('d:EncryptionMethod', $_) } // '?' }
            $sx->findnodes("//d:UserSetting[d:Name='External${s}Connections']//d:ProtocolConnection");
    }
    is_deeply \@soap, \@want, "$address: SOAP protocol connections";

    # Thunderbird autoconfig: the same, less the server without TLS.
    my $ac = xml_doc(get("/mail/config-v1.1.xml?emailaddress=$q"));
    my %sock = (SSL => 'implicit', STARTTLS => 'starttls');
    my @auto = map { join ' ', uc($_->findvalue('@type')),
                     $_->findvalue('hostname') . ':' . $_->findvalue('port'),
                     $sock{ $_->findvalue('socketType') } // '?' }
        $ac->findnodes('//incomingServer | //outgoingServer');
    is_deeply \@auto, [grep { !/ none$/ } @want], "$address: autoconfig servers, the one without TLS left out";

    # Apple profile (signed): its first IMAP and first SMTP server; the
    # format has one flag for both kinds of TLS.
    my @payloads = plist_dicts(verify_profile(get("/mobileconfig?emailaddress=$q")->content)->{content});
    my %k = map { %$_ } @payloads;
    my $ssl = sub { $_[0] eq 'true' ? 'tls' : 'none' };
    my @apple = ("IMAP $k{IncomingMailServerHostName}:$k{IncomingMailServerPortNumber} "
                     . $ssl->($k{IncomingMailServerUseSSL} // ''),
                 "SMTP $k{OutgoingMailServerHostName}:$k{OutgoingMailServerPortNumber} "
                     . $ssl->($k{OutgoingMailServerUseSSL} // '')) if @payloads;
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

# ---------------------------------------------------------------- DAV
my $vars = Apache::Test::vars();
my $zone = `$vars->{httpd} -t -d $vars->{serverroot} -f $vars->{t_conf_file} -D AUTODISCOVER_DNS 2>&1`;
my $status = http_get('dav.test', '/groupware-status')->content;

for my $address (@dav_addresses) {
    my ($domain) = $address =~ /@(.*)/;
    (my $q = $address) =~ s/@/%40/;
    my %want = (CalDAV => "https://dav.$domain/caldav/", CardDAV => "https://contacts.$domain:8443/carddav/");
    my $dget = sub { http_get($_[1] // 'dav.test', $_[0]) };

    # POX: eM Client's Protocol blocks.
    my $xc = answer_xpath(post_pox('dav.test', pox_request($address)));
    my %pox = map { $_ => $xc->findvalue("//o:Account/o:Protocol[o:Type='$_']/o:Server") } qw(CalDAV CardDAV);
    is_deeply \%pox, \%want, "$address: POX CalDAV and CardDAV blocks";

    # Autoconfig: calendar and addressbook sections.
    my $ac = xml_doc($dget->("/mail/config-v1.1.xml?emailaddress=$q"));
    my %auto = (CalDAV => $ac->findvalue('/clientConfig/calendar[@type="caldav"]/url'),
                CardDAV => $ac->findvalue('/clientConfig/addressbook[@type="carddav"]/url'));
    is_deeply \%auto, \%want, "$address: autoconfig calendar and addressbook";

    # Apple profile (signed): host, port and principal URL of both payloads.
    my $plist = verify_profile($dget->("/mobileconfig?emailaddress=$q&platform=ios")->content)->{content};
    my %apple;
    for my $k (plist_dicts($plist)) {
        for my $p (qw(CalDAV CardDAV)) {
            next unless ($k->{PayloadType} // '') eq 'com.apple.' . lc($p) . '.account';
            my $port = $k->{"${p}Port"} == 443 ? '' : ":$k->{\"${p}Port\"}";
            $apple{$p} = "https://$k->{\"${p}HostName\"}$port/";
            $apple{"$p principal"} = $k->{"${p}PrincipalURL"};
        }
    }
    (my $cal_root = $want{CalDAV}) =~ s{^(https://[^/]+/).*}{$1};
    (my $card_root = $want{CardDAV}) =~ s{^(https://[^/]+/).*}{$1};
    is_deeply \%apple, { CalDAV => $cal_root, 'CalDAV principal' => $want{CalDAV},
                         CardDAV => $card_root, 'CardDAV principal' => $want{CardDAV} },
        "$address: Apple payloads, host, port and principal URL";

    # PACC: CalDAV (CardDAV's port and login are beyond PACC).
    my $pacc = json_of($dget->('/.well-known/user-agent-configuration.json', "ua-auto-config.$domain"));
    is $pacc->{protocols}{caldav}{url} // '', $want{CalDAV}, "$address: PACC caldav";
    ok !exists $pacc->{protocols}{carddav}, "$address: PACC leaves CardDAV out";

    # RFC 6764 redirects on the domain itself.
    my %wk = map { $_ => $dget->('/.well-known/' . lc($_), $domain)->header('Location') // '' } qw(CalDAV CardDAV);
    is_deeply \%wk, \%want, "$address: /.well-known redirects";

    # DNS: SRV target and port with the TXT path.
    my %dns;
    for my $p (qw(CalDAV CardDAV)) {
        my $svc = '_' . lc($p) . 's._tcp.' . $domain;
        my ($port, $host) = $zone =~ /^\Q$svc\E\. \d+ IN SRV \d+ \d+ (\d+) (\S+)\.$/m;
        my ($path) = $zone =~ /^\Q$svc\E\. \d+ IN TXT "path=([^"]*)"$/m;
        $dns{$p} = defined $host ? "https://$host" . ($port == 443 ? '' : ":$port") . $path : '';
    }
    is_deeply \%dns, \%want, "$address: DNS SRV and TXT path=";

    # The status page's preview: the redirect it says each domain gets.
    my %st = map { my $p = $_; $p => ($status =~ m{/\.well-known/\L$p\E on \Q$domain\E: 301 to (\S+)} ? $1 : '') } qw(CalDAV CardDAV);
    is_deeply \%st, \%want, "$address: the status page's preview";
}
