package AD::Directory;
# The directories behind the tests. The suite's PostgreSQL and OpenLDAP
# servers (scripts/test-servers starts them for "make test", on ports
# and in directories it exports as AD_PG_PORT, AD_PG_DIR, AD_LDAP_PORT,
# AD_LDAP_DIR; scripts/pg-test and scripts/ldap-test run them): a test
# stops one and starts it again. SQLite directories for servers of a
# test's own (own_server): the database, SQL run on it, and the scope
# that answers from it. And what a test reads back: the display name a
# POX answer gives an address.
use strict;
use warnings FATAL => 'all';
use Exporter 'import';
use Apache::Test ();
use AD::Test;

our @EXPORT = qw(directory_server sqlite sqlite_scope display_name DISPLAY_NAME_QUERY);

# The query of sqlite_scope: a display name per address.
use constant DISPLAY_NAME_QUERY => 'SELECT display_name FROM users WHERE address = %s';

my %servers = (
    pg   => { env => 'AD_PG',   script => 'pg-test' },
    ldap => { env => 'AD_LDAP', script => 'ldap-test' },
);

# The suite's server of that kind ('pg' or 'ldap'): ->dir, ->port,
# ->stop and ->start (again, on the same port, with the same data).
sub directory_server {
    my $kind = shift;
    my $s = $servers{$kind} or die "no directory server '$kind'";
    my ($dir, $port) = @ENV{ "$s->{env}_DIR", "$s->{env}_PORT" };
    die "$s->{env}_DIR and $s->{env}_PORT are set by make test\n" unless $dir && $port;
    my $top = Apache::Test::vars()->{serverroot} . '/..';
    return bless { kind => $kind, dir => $dir, port => $port, script => "$top/scripts/$s->{script}" },
        'AD::Directory::Server';
}

# Run the statements $sql on the SQLite database file $db (made if new).
sub sqlite {
    my ($db, $sql) = @_;
    open my $fh, '|-', 'sqlite3', $db or die "sqlite3: $!";
    print $fh $sql;
    close $fh or die "sqlite3 $db failed\n";
}

# The configuration of a scope that answers from the SQLite file $db:
# IMAP on imap.<domain>, the display name by DISPLAY_NAME_QUERY, looked up
# for every request (AutodiscoverPublicDirectory On), cached for 10
# minutes. $o{before_query}: lines that come before the query.
sub sqlite_scope {
    my ($db, %o) = @_;
    my $before = $o{before_query} // '';
    return <<"CONF";
DBDriver sqlite3
DBDParams "$db"
Autodiscover On
AutodiscoverServer IMAP imap.%EMAILDOMAIN% tls=implicit
$before
AutodiscoverSQLQuery "@{[DISPLAY_NAME_QUERY]}"
AutodiscoverPublicDirectory On
AutodiscoverDirectoryCacheTime 600
CONF
}

# The display name the POX answer of the vhost $host gives $address ('' if
# none); %o as post_pox takes it (port, user, password).
sub display_name {
    my ($host, $address, %o) = @_;
    my $r = post_pox($host, pox_request($address), %o);
    return answer_xpath($r)->findvalue('//o:Response/o:User/o:DisplayName');
}

package AD::Directory::Server;

sub dir { $_[0]{dir} }
sub port { $_[0]{port} }
sub script {
    my ($self, @args) = @_;
    system($self->{script}, @args) == 0 or die "$self->{script} @args failed\n";
}
sub stop { my $self = shift; $self->script('stop', $self->{dir}) }
sub start { my $self = shift; $self->script('start', $self->{dir}, $self->{port}) }

1;
