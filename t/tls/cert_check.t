# The start-up certificate check: every TLS virtual host that answers
# autodiscover gets one warning line when its certificate does not cover a
# name of it, and one when the certificate expires within 30 days; the
# layouts' correct certificates get none. Checked in the suite's own error
# log (a real start) and in "apache2 -t" output. The faults are the last two
# vhosts of t/conf/vhosts/layouts.conf.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $log = Apache::Test::vars()->{t_logs} . '/error_log';
open my $fh, '<', $log or die "$log: $!";
my @lines = grep { /AH7707[78]:/ } <$fh>;
close $fh;

my @cover = grep { /AH77078:/ } @lines;
is scalar(@cover), 1, 'start: one line for the name the certificate does not cover';
like $cover[0] // '', qr{\[autodiscover:warn\] .*AH77078: virtual host autodiscover\.fault\.test \(\S+/layouts\.conf:\d+\): its certificate does not cover autodiscover\.fault\.test, so clients asking that name will refuse it; use a certificate whose subjectAltName lists every name of the virtual host$},
    'start: the warning names the vhost, where it is defined, the name and the fix';
unlike $cover[0] // '', qr/cover [^;]*mail\.example\.test/, 'start: the alias the certificate covers is not named';

my @expiry = grep { /AH77077:/ } @lines;
is scalar(@expiry), 2, 'start: one line each for the certificates about to expire and expired';
like((grep { /soon/ } @expiry)[0] // '', qr{\[autodiscover:warn\] .*AH77077: virtual host autodiscover\.soon\.test \(\S+/layouts\.conf:\d+\): its certificate \S+/soon\.crt expires in (?:9|10) days; renew it before clients refuse the connection$},
    'start: the warning names the certificate and the days left');
like((grep { /expired\.test/ } @expiry)[0] // '', qr{AH77077: virtual host autodiscover\.expired\.test \(\S+\): its certificate \S+/expired\.crt has expired; renew it},
    'start: an expired certificate');

is scalar(grep { /virtual host (?:mail|autodiscover)\.example\.test / } @lines), 0,
    'start: nothing about the three layouts, whose certificates are right';

my ($rc, $out) = configtest();
is $rc, 0, 'configtest: warnings do not fail the configuration';
like $out, qr/AH77078: virtual host autodiscover\.fault\.test .*does not cover autodiscover\.fault\.test/,
    'configtest: the uncovered name';
like $out, qr/AH77077: virtual host autodiscover\.soon\.test .*expires in (?:9|10) days/,
    'configtest: the certificate about to expire';

done_testing;
