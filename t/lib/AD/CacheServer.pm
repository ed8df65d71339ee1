package AD::CacheServer;
# A cache server of a test's own for the shared directory cache: memcached
# or redis-server on a free port of 127.0.0.1, in the foreground as the
# test's user (memcached refuses root without -u), its files and log in a
# directory of the test's; stopped by the test or at exit, and startable
# again on the same port. get and set talk to it directly, to read or plant
# an entry by its key.
use strict;
use warnings FATAL => 'all';
use IO::Socket::INET ();
use POSIX ();
use AD::Test qw(poll);

my @running;

# kind: 'memcache' or 'redis' (the socache provider's name).
sub new {
    my ($class, $kind, $dir) = @_;
    my $probe = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)
        or die "no free port: $@";
    my $self = bless { kind => $kind, dir => $dir, port => $probe->sockport }, $class;
    close $probe;
    return $self;
}

sub port { $_[0]{port} }

# The program, or undef when it is not installed (sh scripts/install-deps).
sub program {
    my $self = shift;
    my $name = $self->{kind} eq 'memcache' ? 'memcached' : 'redis-server';
    for (split /:/, "$ENV{PATH}:/usr/bin:/usr/sbin") { return "$_/$name" if -x "$_/$name" }
    return undef;
}

sub command {
    my $self = shift;
    my ($port, $dir) = @$self{qw(port dir)};
    return ($self->program, '-l', '127.0.0.1', '-p', $port, '-U', '0', '-m', '16',
            $< == 0 ? ('-u', 'nobody') : ())
        if $self->{kind} eq 'memcache';
    return ($self->program, '--port', $port, '--bind', '127.0.0.1', '--save', '',
            '--appendonly', 'no', '--daemonize', 'no', '--dir', $dir);
}

# Start it and wait until it answers: 1, or 0. It answers within a
# second; the wait only ends one that never does.
sub start {
    my $self = shift;
    my @cmd = $self->command;
    defined(my $pid = fork) or die "fork: $!";
    if (!$pid) {
        open STDIN, '<', '/dev/null';
        open STDOUT, '>>', "$self->{dir}/$self->{kind}.log";
        open STDERR, '>&', \*STDOUT;
        exec @cmd or POSIX::_exit(127);
    }
    $self->{pid} = $pid;
    push @running, $self;
    return poll(sub { $self->alive && $self->connect }, 30) ? 1 : 0;
}

sub alive { my $self = shift; $self->{pid} && waitpid($self->{pid}, POSIX::WNOHANG()) == 0 }

sub stop {
    my $self = shift;
    return unless $self->{pid};
    kill 'TERM', $self->{pid};
    waitpid $self->{pid}, 0;
    delete $self->{pid};
    # It has closed its port once it no longer accepts.
    poll(sub { !$self->connect }, 10);
}

sub connect {
    my $self = shift;
    return IO::Socket::INET->new(PeerAddr => "127.0.0.1:$self->{port}", Timeout => 5);
}

sub line { my $s = shift; my $l = <$s>; die "the cache server closed\n" unless defined $l; $l }

# The value stored under key, or undef.
sub get {
    my ($self, $key) = @_;
    my $s = $self->connect or die "cache server: $!";
    binmode $s;
    if ($self->{kind} eq 'memcache') {
        print $s "get $key\r\n";
        my $head = line($s);
        return undef if $head =~ /^END/;
        $head =~ /^VALUE \S+ \d+ (\d+)/ or die "memcached: $head";
        read $s, my $v, $1 + 2;
        return substr $v, 0, $1;
    }
    print $s resp('GET', $key);
    my $head = line($s);
    return undef if $head =~ /^\$-1/;
    $head =~ /^\$(\d+)/ or die "redis: $head";
    read $s, my $v, $1 + 2;
    return substr $v, 0, $1;
}

# Store value under key for seconds.
sub set {
    my ($self, $key, $value, $seconds) = @_;
    my $s = $self->connect or die "cache server: $!";
    binmode $s;
    if ($self->{kind} eq 'memcache') {
        print $s "set $key 0 $seconds " . length($value) . "\r\n$value\r\n";
    }
    else {
        print $s resp('SET', $key, $value, 'EX', $seconds);
    }
    my $answer = line($s);
    die "cache server: $answer" unless $answer =~ /^(?:STORED|\+OK)/;
}

sub resp { '*' . @_ . "\r\n" . join '', map { '$' . length($_) . "\r\n$_\r\n" } @_ }

END { $_->stop for grep { $_->{pid} } @running }

1;
