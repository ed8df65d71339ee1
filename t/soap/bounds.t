# No SOAP request is answered with much more than it sent: an unknown
# setting name is reported once per request (not once per user, nor once
# per repetition), and an answer that would exceed 10 times the request
# (at least 16 KiB) is refused whole with InvalidRequest.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $UR = '/s:Envelope/s:Body/d:GetUserSettingsResponseMessage/d:Response';
sub soap { post_soap('exchange.test', shift) }
sub cap { my $n = 10 * length shift; $n > 16384 ? $n : 16384 }

# The finding: 60 users x 60 unknown setting names answered 105 times the request.
{
    my @users = map { "user$_\@example.test" } 1 .. 60;
    my @settings = map { "NoSuchSetting$_" } 1 .. 60;
    my $req = soap_request(users => \@users, settings => \@settings);
    my $r = soap($req);
    is $r->code, 200, '60 users x 60 unknown settings: 200';
    cmp_ok length($r->content), '<=', cap($req), 'the answer stays within 10x the request';
    my $xc = soap_xpath($r);
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse")->size, 60, 'every user answered';
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse/d:UserSettingErrors/d:UserSettingError")->size, 60,
        'each unknown name reported once in the request';
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse[1]/d:UserSettingErrors/d:UserSettingError")->size, 60,
        'by the first user answered';
}
# One unknown name repeated: reported once.
{
    my $r = soap(soap_request(users => ['a@example.test', 'b@example.test'],
                              settings => [('Bogus') x 50, 'UserDisplayName']));
    my $xc = soap_xpath($r);
    is $xc->findnodes("$UR/d:UserResponses/d:UserResponse/d:UserSettingErrors/d:UserSettingError")->size, 1,
        'a repeated unknown name: one UserSettingError';
    is $xc->findvalue("$UR/d:UserResponses/d:UserResponse[2]/d:UserSettings/d:UserSetting/d:Name"), 'UserDisplayName',
        'the second user still gets the known setting';
}
# Known settings for many users: the answer is refused whole past the cap.
{
    my @settings = qw(UserDisplayName ExternalEwsUrl InternalEwsUrl ExternalWebClientUrls
                      InternalWebClientUrls EwsSupportedSchemas ExternalMailboxServer
                      ExternalOABUrl InternalOABUrl ExternalUMUrl ExternalEcpUrl);
    my @users = map { "u$_\@example.test" } 1 .. 100;
    my $req = soap_request(users => \@users, settings => \@settings);
    my $r = soap($req);
    is $r->code, 200, '100 users x 11 settings: 200';
    cmp_ok length($r->content), '<=', cap($req), 'within the cap';
    my $xc = soap_xpath($r);
    is $xc->findvalue("$UR/d:ErrorCode"), 'InvalidRequest', 'refused whole: InvalidRequest';
    like $xc->findvalue("$UR/d:ErrorMessage"), qr/too large/, 'saying why';
    # One user with the same settings is answered.
    $r = soap(soap_request(users => ['u1@example.test'], settings => \@settings));
    is soap_xpath($r)->findnodes("$UR/d:UserResponses/d:UserResponse[1]/d:UserSettings/d:UserSetting")->size >= 5, 1,
        'one user with the same settings: answered';
}

done_testing;
