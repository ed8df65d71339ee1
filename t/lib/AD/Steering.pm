package AD::Steering;
# What every format answers one client, for the steering tests (t/steering/,
# t/conf/vhosts/steering.conf): one request per format for jane@DOMAIN,
# each answer as [status, content type, what it says], the last in a line
# of its own per format so that two answers compare with is_deeply:
#   pox         the Outlook schema's protocols: "TYPE server[:port] [EwsUrl]"
#   mobilesync  the MobileSync URL, or "error CODE"
#   v2          ActiveSync's and EWS's URL (or the error code)
#   soap        the settings answered, "Name=value"
#   autoconfig  without an address, on autoconfig.DOMAIN: the servers, the
#               calendar, the provider
#   apple       the Apple profile's payloads: mail servers (and the account's
#               name), ActiveSync host, CalDAV URL; the organisation
#   pacc        the document, byte for byte, on ua-auto-config.DOMAIN
#   caldav      /.well-known/caldav's Location
#   setup       the setup page's servers, calendar, ActiveSync, provider and
#               message
# A redirect says its Location, an error page of httpd's nothing.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use AD::Test;
use AD::XPath qw(xml_doc json_of);
use AD::Setup;
use AD::Plist;

our @EXPORT = qw(every_format one_format format_says FORMATS OUTLOOK_UA);

use constant FORMATS => qw(pox mobilesync v2 soap autoconfig apple pacc caldav setup);
use constant OUTLOOK_UA => 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)';

my @SOAP_SETTINGS = qw(UserDisplayName InternalEwsUrl ExternalEwsUrl InternalImap4Connections
                       ExternalImap4Connections ExternalSmtpConnections);

sub pox_says {
    my $r = shift;
    my $xc = eval { answer_xpath($r) } or return 'not XML';
    return 'error ' . $xc->findvalue('//a:Error/a:ErrorCode | //o:Error/o:ErrorCode | //m:Error/m:ErrorCode')
        if $xc->findnodes('//a:Error | //o:Error | //m:Error')->size;
    return 'redirectUrl ' . $xc->findvalue('//o:RedirectUrl')
        if $xc->findvalue('//o:Action') eq 'redirectUrl';
    my @p = map {
        my $port = $xc->findvalue('o:Port', $_);
        my $ews = $xc->findvalue('o:EwsUrl', $_);
        join '', $xc->findvalue('o:Type', $_), ' ', $xc->findvalue('o:Server', $_),
            length $port ? ":$port" : '', length $ews ? " $ews" : '';
    } $xc->findnodes('//o:Account/o:Protocol');
    my $name = $xc->findvalue('//o:User/o:DisplayName');
    unshift @p, "name $name" if length $name;
    return join ', ', @p;
}

sub mobilesync_says {
    my $r = shift;
    my $xc = eval { answer_xpath($r) } or return 'not XML';
    return 'error ' . $xc->findvalue('//m:Error/m:ErrorCode') if $xc->findnodes('//m:Error')->size;
    return $xc->findvalue('//m:Action/m:Settings/m:Server/m:Url');
}

sub v2_says {
    my $d = json_of(shift);
    return $d->{Url} // $d->{ErrorCode} // 'not JSON';
}

sub soap_says {
    my $r = shift;
    my $xc = eval { soap_xpath($r) } or return 'not XML';
    my @s;
    for my $ur ($xc->findnodes('//d:UserResponse[d:ErrorCode != "NoError"]')) {
        push @s, join ' ', map { $xc->findvalue("d:$_", $ur) } qw(ErrorCode RedirectTarget);
    }
    for my $us ($xc->findnodes('//d:UserResponse/d:UserSettings/d:UserSetting')) {
        my $name = $xc->findvalue('d:Name', $us);
        my @c = $xc->findnodes('d:ProtocolConnections/d:ProtocolConnection', $us);
        my $value = @c ? join(' ', map { $xc->findvalue('d:Hostname', $_) . ':' . $xc->findvalue('d:Port', $_) } @c)
                       : $xc->findvalue('d:Value', $us);
        push @s, "$name=$value";
    }
    return join ', ', @s;
}

sub autoconfig_says {
    my $r = shift;
    my $d = eval { xml_doc($r) } or return 'not XML';
    my @s = map { $_->getAttribute('type') . ' ' . $_->findvalue('hostname') . ':' . $_->findvalue('port') }
        $d->findnodes('//incomingServer | //outgoingServer');
    push @s, 'caldav ' . $_->findvalue('url') for $d->findnodes('//calendar');
    my $name = $d->findvalue('//emailProvider/displayName');
    push @s, "provider $name" if length $name;
    return join ', ', @s;
}

sub apple_says {
    my $r = shift;
    my $p = eval { plist($r->content) } or return 'not a property list';
    my @s;
    for my $pl (@{ $p->{PayloadContent} }) {
        my $t = $pl->{PayloadType};
        push @s, $t eq 'com.apple.mail.managed'
                 ? "mail $pl->{IncomingMailServerHostName}:$pl->{IncomingMailServerPortNumber} "
                   . "$pl->{OutgoingMailServerHostName}:$pl->{OutgoingMailServerPortNumber}"
                   . (defined $pl->{EmailAccountName} ? " name $pl->{EmailAccountName}" : '')
               : $t eq 'com.apple.eas.account' ? "eas $pl->{Host}"
               : $t eq 'com.apple.caldav.account' ? "caldav $pl->{CalDAVPrincipalURL}"
               : $t;
    }
    push @s, "organisation $p->{PayloadOrganization}" if defined $p->{PayloadOrganization};
    return join ', ', @s;
}

sub setup_says {
    my $r = shift;
    my $xc = page_xpath($r);
    my @s = map { "$_->{proto} $_->{host}:$_->{port}" } page_servers($xc);
    my $cal = page_dav($xc, 'caldav');
    push @s, "caldav $cal->{url}" if $cal;
    my $eas = page_dav($xc, 'activesync');
    push @s, "activesync $eas->{url}" if $eas;
    my $provider = $xc->findvalue('//span[@id="provider"]');
    push @s, "provider $provider" if length $provider;
    my $message = $xc->findvalue('//p[@id="message"]');
    push @s, "message $message" if length $message;
    return join ', ', @s;
}

# What an answer says: a redirect's Location, nothing for an error
# (httpd's own page), else what $says reads in it.
sub says {
    my ($r, $says) = @_;
    return 'Location ' . ($r->header('Location') // '') if $r->is_redirect;
    return '' if !$r->is_success && ($r->header('Content-Type') // '') =~ m{^text/html};
    return $says->($r);
}
sub answer { my ($r, $f) = @_; [ $r->code, $r->header('Content-Type') // '', says($r, $f) ] }

# What the answer $r of format $f says (pox, mobilesync, autoconfig, soap).
sub format_says {
    my ($f, $r) = @_;
    my %says = (pox => \&pox_says, mobilesync => \&mobilesync_says, autoconfig => \&autoconfig_says,
                soap => \&soap_says);
    return says($r, $says{$f});
}

# One format's answer for jane@$o{domain}, sent with the request headers
# $o{headers} (such as a User-Agent); $o{host} is the Host header instead
# of the format's own name (DOMAIN, autoconfig.DOMAIN, ua-auto-config.DOMAIN).
sub one_format {
    my ($f, %o) = @_;
    my $d = $o{domain};
    my @h = (headers => $o{headers} // []);
    my $q = "emailaddress=jane%40$d";
    my $host = sub { $o{host} // shift };
    my %ask = (
        pox => sub { answer(post_pox($host->($d), pox_request("jane\@$d"), @h), \&pox_says) },
        mobilesync => sub { answer(post_pox($host->($d), mobile_request("jane\@$d"), @h), \&mobilesync_says) },
        v2 => sub {
            my @r = map { http_exchange(method => 'GET', host => $host->($d), @h,
                          path => "/autodiscover/autodiscover.json/v1.0/jane\@$d?Protocol=$_") } qw(ActiveSync EWS);
            [ join(' ', map { $_->code } @r), $r[0]->header('Content-Type') // '',
              join(', ', map { says($_, \&v2_says) } @r) ];
        },
        soap => sub {
            answer(http_exchange(host => $host->($d), path => '/autodiscover/autodiscover.svc', @h,
                                 body => soap_request(users => ["jane\@$d"], settings => \@SOAP_SETTINGS)),
                   \&soap_says);
        },
        autoconfig => sub {
            answer(http_exchange(method => 'GET', host => $host->("autoconfig.$d"), @h,
                                 path => '/mail/config-v1.1.xml'), \&autoconfig_says);
        },
        apple => sub {
            answer(http_exchange(method => 'GET', host => $host->($d), path => "/mobileconfig?$q", @h),
                   \&apple_says);
        },
        pacc => sub {
            answer(http_exchange(method => 'GET', host => $host->("ua-auto-config.$d"), @h,
                                 path => '/.well-known/user-agent-configuration.json'), sub { $_[0]->content });
        },
        caldav => sub {
            my $r = http_exchange(method => 'GET', host => $host->($d), path => '/.well-known/caldav', @h);
            [ $r->code, $r->header('Location') // '' ];
        },
        setup => sub {
            answer(http_exchange(method => 'GET', host => $host->($d), path => "/mail-setup?$q", @h),
                   \&setup_says);
        },
    );
    return $ask{$f}->();
}

# Every format's answer, as one_format() gives each.
sub every_format {
    my %o = @_;
    return { map { $_ => one_format($_, %o) } FORMATS };
}

1;
