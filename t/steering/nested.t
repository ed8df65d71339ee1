# <If> chains and nesting (docs/client-steering.md), on chain.steer.test
# (t/conf/vhosts/steering.conf): the vhost's <If>/<ElseIf>/<Else> picks
# the IMAP server by client family, an <If> inside its <If> the display
# name by Thunderbird's version; below /autodiscover/ (POX, SOAP) a
# <Location>'s own chain sets the display name by client family or
# network. httpd applies the vhost's <If>s, then the <Location>'s, and an
# <If> nested in an <If> after every <If> of the level above, the
# <Location>'s included; the Apple profile, outside the <Location>, keeps
# the vhost's name.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Steering;

my @formats = qw(pox soap autoconfig apple setup);
my $C = 'chain.steer.test';
my $XML = 'text/xml; charset=utf-8';

# user agent => [IMAP host, display name below /autodiscover/, the Apple profile's]
my @cases = (
    ['Thunderbird/115.0', 'imap-thunderbird', 'Thunderbird 100 to 119', 'Thunderbird 100 to 119'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:91.0) Gecko/20100101 Thunderbird/91.0', 'imap-thunderbird',
     'From the location, inside', 'From the vhost'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)', 'imap-apple', 'From the location, iPhone', 'From the vhost'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0)', 'imap-apple', 'From the location, inside', 'From the vhost'],
    ['Evolution/3.50', 'imap-other', 'From the location, inside', 'Evolution, from the vhost'],
    [undef, 'imap-other', 'From the location, inside', 'From the vhost'],
);
plan tests => @cases * @formats;

for my $case (@cases) {
    my ($ua, $imap, $name, $apple_name) = @$case;
    my $I = "$imap.$C:993";
    my $S = "smtp.$C:465";
    my %want = (
        pox => [200, $XML, "name $name, IMAP $I, SMTP $S"],
        soap => [200, $XML, "UserDisplayName=$name, InternalImap4Connections=$I, ExternalImap4Connections=$I, "
                            . "ExternalSmtpConnections=$S"],
        autoconfig => [200, $XML, "imap $I, smtp $S"],
        apple => [200, 'application/x-apple-aspen-config', "mail $I $S name $apple_name"],
        setup => [200, 'text/html; charset=utf-8', "IMAP $I, SMTP $S"],
    );
    for my $f (@formats) {
        is_deeply one_format($f, domain => $C, headers => [defined $ua ? "User-Agent: $ua" : ()]), $want{$f},
            ($ua // 'no User-Agent') . ": $f";
    }
}
