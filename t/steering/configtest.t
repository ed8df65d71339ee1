# "apachectl configtest" refuses, inside <If>, <ElseIf> and <Else>, every
# directive whose value is used at start-up rather than per request, and
# says which directive, why, and what to write instead
# (docs/client-steering.md); the answer's own directives are accepted
# there, as in any scope.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use lib 't/lib';
use AD::Test;

my $certs = certs_dir();
my $fix = qr/put it in the <VirtualHost> or <Location>, and steer the answer with <If> around AutodiscoverServer/;

# [directive line, why (a pattern)]
my @refused = (
    ['AutodiscoverSQLQuery "SELECT display_name FROM users WHERE address = %s"',
     qr/AutodiscoverSQLQuery cannot be inside <(?:If|ElseIf|Else)>: mod_dbd prepares the query once per virtual host at start-up, not per request; $fix/],
    ['AutodiscoverLDAPURL ldap://127.0.0.1/dc=example,dc=test?mail',
     qr/AutodiscoverLDAPURL cannot be inside <(?:If|ElseIf|Else)>: the LDAP search is prepared once per virtual host at start-up, not per request; $fix/],
    ['AutodiscoverLDAPAttribute display_name displayName',
     qr/AutodiscoverLDAPAttribute cannot be inside <(?:If|ElseIf|Else)>: the LDAP search is prepared once per virtual host at start-up, not per request; $fix/],
    [qq{AutodiscoverProfileSigner "$certs/san.crt" "$certs/san.key"},
     qr/AutodiscoverProfileSigner cannot be inside <(?:If|ElseIf|Else)>: the certificate and key are loaded and checked at start-up, not per request; $fix/],
    ['Autodiscover On',
     qr/Autodiscover On cannot be inside <(?:If|ElseIf|Else)>: start-up reads it to know where the module answers \(the one spelling of its URLs before access control, the certificate check, the DNS records\); put it in the <VirtualHost> or <Location>, and turn the answer off with Autodiscover Off inside <If> for the clients that should get none/],
    ['AutodiscoverHTTPRedirect On',
     qr/AutodiscoverHTTPRedirect On cannot be inside <(?:If|ElseIf|Else)>: its target, AutodiscoverServiceURI, is checked at start-up, which does not look inside <If>; give the target itself, such as AutodiscoverHTTPRedirect https:\/\/autodiscover\.example\.com/],
    ['AutodiscoverRedirectURL example.test',
     qr/AutodiscoverRedirectURL without a URL cannot be inside <(?:If|ElseIf|Else)>: its target, AutodiscoverServiceURI, is checked at start-up, which does not look inside <If>; give the URL, such as AutodiscoverRedirectURL example.test https:\/\/autodiscover\.example\.com\/autodiscover\/autodiscover\.xml/],
);
# Server-wide only: httpd itself refuses them in any section.
my @server_wide = (
    ['AutodiscoverDirectoryCache shmcb', qr/AutodiscoverDirectoryCache not allowed in <If> context/],
    ['AutodiscoverProfileCache shmcb', qr/AutodiscoverProfileCache not allowed in <If> context/],
);
# Inside <If>, in any of these shapes.
my @shapes = (
    ['<If "%{HTTP_USER_AGENT} =~ /Outlook/">', '</If>'],
    ['<If "false">', '</If>', '<ElseIf "-R \'192.0.2.0/24\'">', '</ElseIf>'],
    ['<If "false">', '</If>', '<Else>', '</Else>'],
    ['<Location /autodiscover/>', '<If "true">', '</If>', '</Location>'],
    ['<If "true">', '<If "%{HTTP_HOST} == \'a.test\'">', '</If>', '</If>'],
);
# The answer's directives, and the forms of the refused ones that are
# per request, are accepted there.
my @accepted = (
    'AutodiscoverServer IMAP imap.example.test',
    'AutodiscoverExternalURL ActiveSync https://eas.example.test/Microsoft-Server-ActiveSync',
    'AutodiscoverRedirectURL example.test https://autodiscover.example.net/autodiscover/autodiscover.xml',
    'AutodiscoverHTTPRedirect https://autodiscover.example.net',
    'AutodiscoverHTTPRedirect Off',
    'Autodiscover Off',
    'AutodiscoverSQLQuery Off',
    'AutodiscoverLDAPURL Off',
    'AutodiscoverProfileSigner Off',
);


# The directive into the innermost section of a shape, or into the
# <ElseIf> or <Else> that follows its <If>.
sub inside {
    my ($shape, $line) = @_;
    my @s = @$shape;
    my $i = 0;
    $i++ while $i < @s && $s[$i] !~ m{^</};
    $i += 2 if $i + 1 < @s && $s[$i + 1] =~ /^<Else/;
    return (@s[0 .. $i - 1], $line, @s[$i .. $#s]);
}

sub refused_in {
    my ($shape, $c) = @_;
    my ($line, $why) = @$c;
    my $where = join ' ', grep { !m{^</} } @$shape;
    my ($rc, $out) = configtest('<VirtualHost 127.0.0.1:1>', 'ServerName refuse.test',
                                inside($shape, $line), '</VirtualHost>');
    isnt $rc, 0, "$where: $line: refused";
    like $out, $why, "$where: $line: why, and what instead";
}

# Each directive in a vhost's <If>; two of them in each other shape.
refused_in($shapes[0], $_) for @refused, @server_wide;
for my $shape (@shapes[1 .. $#shapes]) {
    refused_in($shape, $_) for @refused[0, 3];
}
# In the main server's <If> too.
{
    my ($rc, $out) = configtest('<If "true">', $refused[0][0], '</If>');
    isnt $rc, 0, "main server's <If>: $refused[0][0]: refused";
    like $out, $refused[0][1], "main server's <If>: $refused[0][0]: why";
}
# Where they belong, all of them: accepted.
{
    my ($rc, $out) = configtest('<VirtualHost 127.0.0.1:1>', 'ServerName refuse.test', '<Location /autodiscover/>',
                                'AutodiscoverServiceURI https://autodiscover.example.net/autodiscover/autodiscover.xml',
                                (map { $_->[0] } @refused), '</Location>', '</VirtualHost>');
    is $rc, 0, '<Location>: every one of them accepted' or diag $out;
    unlike $out, qr/cannot be inside/, '<Location>: no word of <If>';
    ($rc, $out) = configtest('<VirtualHost 127.0.0.1:1>', 'ServerName refuse.test',
                             'AutodiscoverServiceURI https://autodiscover.example.net/autodiscover/autodiscover.xml',
                             (map { $_->[0] } @refused), '</VirtualHost>');
    is $rc, 0, '<VirtualHost>: every one of them accepted' or diag $out;
    unlike $out, qr/cannot be inside/, '<VirtualHost>: no word of <If>';
}
# The answer's directives, and the per-request forms, in <If> and <Else>.
{
    my ($rc, $out) = configtest('<VirtualHost 127.0.0.1:1>', 'ServerName accept.test', 'Autodiscover On',
                                'AutodiscoverServer IMAP imap.example.test', '<If "%{HTTP_USER_AGENT} =~ /Outlook/">',
                                @accepted, '</If>', '<Else>', @accepted, '</Else>', '</VirtualHost>');
    is $rc, 0, '<If> and <Else>: ' . join('; ', @accepted) . ': accepted' or diag $out;
    like $out, qr/Syntax OK/, '<If> and <Else>: Syntax OK';
}

# Sections whose names begin with <If but which read the configuration
# (<IfModule>, <IfDefine> and the like) steer no request: no refusal.
{
    my ($rc, $out) = configtest('<IfModule autodiscover_module>', '<IfDefine !NO_SUCH_DEFINE>',
                                '<VirtualHost 127.0.0.1:1>', 'ServerName ifmodule.test',
                                'AutodiscoverSQLQuery Off', qq{AutodiscoverProfileSigner "$certs/san.crt" "$certs/san.key"},
                                'Autodiscover On', 'AutodiscoverServer IMAP imap.example.test',
                                '</VirtualHost>', '</IfDefine>', '</IfModule>');
    is $rc, 0, '<IfModule> and <IfDefine>: accepted' or diag $out;
    unlike $out, qr/cannot be inside/, '<IfModule> and <IfDefine>: no word of <If>';
}

done_testing;
