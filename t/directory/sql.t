# Per-user answers from the SQL directory (SQLite through mod_dbd,
# t/data/directory.sql; vhosts in t/conf/vhosts/sql.conf): directory
# values override the configuration field by field in every format, escaped
# for each; redirects from the directory; unknown users answered like known
# ones by default and with each format's error when asked; a directory that
# cannot be opened answered from the configuration or with 503.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;
use AD::Plist;
use AD::XPath;

my $jane_name = 'Jane <Doe> & "Co"';
sub pox { answer_xpath(post_pox($_[0], pox_request($_[1]))) }
sub soap {
    my ($host, $users, @settings) = @_;
    soap_xpath(post_soap($host, soap_request(users => $users, settings => \@settings)));
}

# ---------------------------------------------------------------- POX
{
    my $xc = pox('sql.test', 'Jane@Example.test');
    values_are($xc, '//o:Response', ['o:User/o:DisplayName', $jane_name, 'POX: display name from the directory'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap2.example.test', 'POX: IMAP host from the directory'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:Port', '993', 'POX: IMAP port from the configuration'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:LoginName', 'EXAMPLE\jane', 'POX: IMAP login from the directory'],
        ['o:Account/o:Protocol[o:Type="SMTP"]/o:Server', 'smtp2.example.test', 'POX: SMTP host from the directory'],
        ['o:Account/o:Protocol[o:Type="SMTP"]/o:Port', '587', 'POX: SMTP port from the configuration'],
        ['o:Account/o:Protocol[o:Type="SMTP"]/o:LoginName', 'EXAMPLE\jane', 'POX: SMTP login from the directory'],
        ['o:Account/o:Protocol[o:Type="EXPR"]/o:EwsUrl', 'https://mbx2.example.test/EWS/Exchange.asmx',
         'POX: EWS URL from the directory']);
    like post_pox('sql.test', pox_request('jane@example.test'))->content,
        qr{<DisplayName>Jane &lt;Doe&gt; &amp; &quot;Co&quot;</DisplayName>}, 'POX: display name escaped';

    $xc = pox('sql.test', 'joe@example.test');
    values_are($xc, '//o:Response', ['o:User/o:DisplayName', 'Joe Bloggs', 'POX: only the display name from the directory'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap.example.test', 'POX: IMAP host from the configuration'],
        ['o:Account/o:Protocol[o:Type="SMTP"]/o:Server', 'smtp.example.test', "POX: '' in the directory keeps the configuration"],
        ['o:Account/o:Protocol[o:Type="SMTP"]/o:LoginName', 'joe', 'POX: login template of the configuration'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:LoginName', 'joe@example.test',
         'POX: no IMAP login configured, the address'],
        ['o:Account/o:Protocol[o:Type="EXPR"]/o:EwsUrl', 'https://mail.example.test/EWS/Exchange.asmx',
         'POX: EWS URL from the configuration']);

    $xc = pox('sql.test', 'pat@example.test');
    values_are($xc, '//o:Response', ['o:User/o:DisplayName', 'pat (static)', 'POX: no display name in the directory'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap.pat.example.test', 'POX: placeholders in a directory host'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:LoginName', 'pat@example.test', 'POX: placeholders in a directory login']);

    $xc = pox('sql.test', 'nobody@example.test');
    values_are($xc, '//o:Response', ['o:User/o:DisplayName', 'nobody (static)', 'POX: unknown user answered from the configuration'],
        ['o:Account/o:Protocol[o:Type="IMAP"]/o:Server', 'imap.example.test', 'POX: unknown user, configured IMAP host']);

    is pox('sql.test', 'gone@example.test')->findvalue('//o:Response/o:User/o:DisplayName'), 'gone (static)',
        'POX: active 0, answered like an unknown user';
    is pox('sql.test', 'here@example.test')->findvalue('//o:Response/o:User/o:DisplayName'), 'Still Here',
        'POX: active yes, a user';

    $xc = pox('sql.test', 'old@example.test');
    values_are($xc, '//o:Response/o:Account', ['o:Action', 'redirectAddr', 'POX: directory redirect_addr'],
        ['o:RedirectAddr', 'new@example.net', 'POX: the new address']);
    $xc = pox('sql.test', 'far@example.test');
    values_are($xc, '//o:Response/o:Account', ['o:Action', 'redirectUrl', 'POX: directory redirect_url'],
        ['o:RedirectUrl', 'https://autodiscover.far.test/autodiscover/autodiscover.xml', 'POX: the other server']);
    $xc = pox('sql.test', 'loop@example.test');
    values_are($xc, '//o:Response', ['o:Account/o:Action', 'settings', 'POX: unusable redirects are ignored'],
        ['o:User/o:DisplayName', 'loop (static)', 'POX: and the settings answered']);

    $xc = answer_xpath(post_pox('sql.test', mobile_request('jane@example.test')));
    values_are($xc, '//m:Response', ['m:User/m:DisplayName', $jane_name, 'MobileSync: display name from the directory'],
        ['m:Action/m:Settings/m:Server/m:Url', 'https://mbx2.example.test/Microsoft-Server-ActiveSync',
         'MobileSync: ActiveSync URL from the directory']);
    $xc = answer_xpath(post_pox('sql.test', mobile_request('old@example.test')));
    is $xc->findvalue('//m:Response/m:Action/m:Redirect'), 'new@example.net', 'MobileSync: directory redirect_addr';
}

# ----------------------------------------------------------------- v2
{
    my $v2 = sub { http_get('sql.test', "/autodiscover/autodiscover.json/v1.0/$_[0]?Protocol=$_[1]") };
    my $r = $v2->('jane@example.test', 'ActiveSync');
    is $r->code, 200, 'v2: 200 for a directory user';
    is json_of($r)->{Url}, 'https://mbx2.example.test/Microsoft-Server-ActiveSync', 'v2: ActiveSync URL from the directory';
    is json_of($v2->('jane@example.test', 'EWS'))->{Url}, 'https://mbx2.example.test/EWS/Exchange.asmx',
        'v2: EWS URL from the directory';
    is json_of($v2->('joe@example.test', 'EWS'))->{Url}, 'https://mail.example.test/EWS/Exchange.asmx',
        'v2: EWS URL from the configuration';
    $r = $v2->('old@example.test', 'ActiveSync');
    is $r->code, 302, 'v2: directory redirect_addr is a 302';
    is $r->header('Location'),
        'https://sql.test/autodiscover/autodiscover.json/v1.0/new@example.net?Protocol=ActiveSync',
        'v2: to this server, for the new address';
    $r = $v2->('far@example.test', 'EWS');
    is $r->code, 302, 'v2: directory redirect_url is a 302';
    is $r->header('Location'),
        'https://autodiscover.far.test/autodiscover/autodiscover.json/v1.0/far@example.test?Protocol=EWS',
        'v2: to the other server';
    is json_of($v2->('far@example.test', 'AutodiscoverV1'))->{Url},
        'https://autodiscover.far.test/autodiscover/autodiscover.xml', 'v2: AutodiscoverV1 names the other server';
}

# --------------------------------------------------------------- SOAP
{
    my $xc = soap('sql.test', ['jane@example.test', 'old@example.test', 'far@example.test', 'nobody@example.test'],
                  qw(UserDisplayName ExternalEwsUrl));
    my $u = '//d:UserResponses/d:UserResponse';
    values_are($xc, "${u}[1]", ['d:ErrorCode', 'NoError', 'SOAP: directory user'],
        ['d:UserSettings/d:UserSetting[d:Name="UserDisplayName"]/d:Value', $jane_name,
         'SOAP: display name from the directory'],
        ['d:UserSettings/d:UserSetting[d:Name="ExternalEwsUrl"]/d:Value',
         'https://mbx2.example.test/EWS/Exchange.asmx', 'SOAP: EWS URL from the directory']);
    values_are($xc, "${u}[2]", ['d:ErrorCode', 'RedirectAddress', 'SOAP: directory redirect_addr'],
        ['d:RedirectTarget', 'new@example.net', 'SOAP: the new address']);
    values_are($xc, "${u}[3]", ['d:ErrorCode', 'RedirectUrl', 'SOAP: directory redirect_url'],
        ['d:RedirectTarget', 'https://autodiscover.far.test/autodiscover/autodiscover.svc',
         'SOAP: the other server\'s SOAP endpoint']);
    values_are($xc, "${u}[4]", ['d:ErrorCode', 'NoError', 'SOAP: unknown user answered from the configuration'],
        ['d:UserSettings/d:UserSetting[d:Name="UserDisplayName"]/d:Value', 'nobody (static)',
         'SOAP: with the configured display name']);
}

# --------------------------------------------------------- autoconfig
{
    my $r = http_get('sql.test', '/mail/config-v1.1.xml?emailaddress=jane%40example.test');
    is $r->code, 200, 'autoconfig: 200 for a directory user';
    my $doc = xml_doc($r);
    is $doc->findvalue('//incomingServer[@type="imap"]/hostname'), 'imap2.example.test',
        'autoconfig: IMAP host from the directory';
    is $doc->findvalue('//incomingServer[@type="imap"]/username'), 'EXAMPLE\jane',
        'autoconfig: login from the directory';
    is $doc->findvalue('//outgoingServer/hostname'), 'smtp2.example.test', 'autoconfig: SMTP host from the directory';
    is $doc->findvalue('//outgoingServer/port'), '587', 'autoconfig: SMTP port from the configuration';
    is http_get('sql.test', '/mail/config-v1.1.xml?emailaddress=old%40example.test')->code, 404,
        'autoconfig: a moved user is not served here (the format has no redirect)';
}

# ------------------------------------------------------ Apple profile
{
    my $r = http_get('sql.test', '/mobileconfig?emailaddress=jane%40example.test');
    is $r->code, 200, 'mobileconfig: 200 for a directory user';
    my $payload = plist_payloads($r->content);
    my $mail = $payload->{'com.apple.mail.managed'} // {};
    is $mail->{EmailAccountName}, $jane_name, 'mobileconfig: display name from the directory';
    is $mail->{IncomingMailServerHostName}, 'imap2.example.test', 'mobileconfig: IMAP host from the directory';
    is $mail->{IncomingMailServerUsername}, 'EXAMPLE\jane', 'mobileconfig: login from the directory';
    is $mail->{OutgoingMailServerHostName}, 'smtp2.example.test', 'mobileconfig: SMTP host from the directory';
    is $payload->{'com.apple.eas.account'}{Host}, 'mbx2.example.test',
        'mobileconfig: ActiveSync host from the directory';
    $r = http_get('sql.test', '/mobileconfig?emailaddress=old%40example.test');
    is $r->code, 302, 'mobileconfig: directory redirect_addr is a 302';
    is $r->header('Location'), 'https://sql.test/mobileconfig?emailaddress=new%40example.net',
        'mobileconfig: to the profile of the new address';
    $r = http_get('sql.test', '/mobileconfig?emailaddress=far%40example.test');
    is $r->header('Location'), 'https://autodiscover.far.test/mobileconfig?emailaddress=far%40example.test',
        'mobileconfig: directory redirect_url to the other server';
}

# ------------------------------- unknown users with each format's error
{
    my $xc = pox('sql-strict.test', 'jane@example.test');
    is $xc->findvalue('//o:Response/o:User/o:DisplayName'), $jane_name,
        'strict: query by local part and domain';
    my $r = post_pox('sql-strict.test', pox_request('nobody@example.test'));
    is $r->code, 200, 'strict POX: unknown user, 200';
    $xc = answer_xpath($r);
    is $xc->findvalue('//a:Response/a:Error/a:ErrorCode'), '500', 'strict POX: error 500';
    is $xc->findvalue('//a:Response/a:Error/a:DebugData'), 'UnknownUser', 'strict POX: says why';
    is answer_xpath(post_pox('sql-strict.test', pox_request('gone@example.test')))
        ->findvalue('//a:Response/a:Error/a:ErrorCode'), '500', 'strict POX: active 0 is not a user';
    $r = post_pox('sql-strict.test', mobile_request('nobody@example.test'));
    is answer_xpath($r)->findvalue('//m:Response/m:Action/m:Error/m:ErrorCode'), '500',
        'strict MobileSync: error 500';

    $r = http_get('sql-strict.test', '/autodiscover/autodiscover.json/v1.0/nobody@example.test?Protocol=EWS');
    is $r->code, 404, 'strict v2: 404';
    is_deeply json_of($r), { ErrorCode => 'InvalidUser', ErrorMessage => 'The user is not known here.' },
        'strict v2: InvalidUser';
    is http_get('sql-strict.test', '/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS')->code, 200,
        'strict v2: known user, 200';

    $xc = soap('sql-strict.test', ['nobody@example.test', 'jane@example.test'], 'UserDisplayName');
    is $xc->findvalue('//d:UserResponse[1]/d:ErrorCode'), 'InvalidUser', 'strict SOAP: unknown user InvalidUser';
    is $xc->findvalue('//d:UserResponse[2]/d:ErrorCode'), 'NoError', 'strict SOAP: the known one answered';

    is http_get('sql-strict.test', '/mobileconfig?emailaddress=nobody%40example.test')->code, 404,
        'strict mobileconfig: 404';
    is http_get('sql-strict.test', '/mobileconfig?emailaddress=jane%40example.test')->code, 200,
        'strict mobileconfig: known user, 200';
    is http_get('sql-strict.test', '/.well-known/autoconfig/mail/config-v1.1.xml?emailaddress=nobody%40example.test')->code,
        404, 'strict autoconfig: 404';
    $r = http_get('sql-strict.test', '/mail/config-v1.1.xml?emailaddress=nobody%40example.test');
    is $r->code, 200, 'strict autoconfig: ' . 'AutodiscoverSQLQuery Off in a <Location> turns the directory off';
    is xml_doc($r)->findvalue('//incomingServer[@type="imap"]/username'), 'nobody@example.test',
        'strict autoconfig: the configured answer there';
}

# --------------------------------------------------- directory failure
{
    my $xc = pox('sql-down.test', 'jane@example.test');
    is $xc->findvalue('//o:Response/o:Account/o:Protocol[o:Type="IMAP"]/o:Server'), 'imap.example.test',
        'down POX: the configured answer (AutodiscoverDirectoryFailure static)';
    is http_get('sql-down.test', '/autodiscover/autodiscover.json/v1.0/jane@example.test?Protocol=EWS')->code, 200,
        'down v2: the configured answer';
    $xc = soap('sql-down.test', ['jane@example.test'], 'UserDisplayName');
    is $xc->findvalue('//d:UserResponse[1]/d:ErrorCode'), 'ServerBusy', 'down SOAP (error): ServerBusy';
    my $r = http_get('sql-down.test', '/mobileconfig?emailaddress=jane%40example.test');
    is $r->code, 503, 'down mobileconfig (error): 503';
    is $r->header('Retry-After'), '30', 'down mobileconfig: Retry-After';
}

done_testing;
