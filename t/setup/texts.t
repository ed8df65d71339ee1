# The setup page's own directives (setup.test in t/conf/vhosts/setup.conf):
# AutodiscoverSetupText replaces each English text (placeholders filled,
# everything escaped), AutodiscoverSetupLogo embeds a local image as a
# data: URI, AutodiscoverSetupHelp adds the operator's paragraphs; inner
# scopes replace what they set and keep the rest. Then what configtest
# refuses, naming the directive and what it accepts.
use strict;
use warnings FATAL => 'all';
use Apache::Test qw(-withtestmore);
use File::Temp ();
use Encode ();
use MIME::Base64 qw(decode_base64);
use lib 't/lib';
use AD::Test qw(:DEFAULT slurp);
use AD::Setup;

my $t = Apache::Test::vars()->{serverroot};

my $r = setup_page('setup.test', 'joe@example.org');
my $xc = page_xpath($r);
my $c = $r->content;
is $xc->findvalue('/html/@lang'), 'de', 'lang';
is $xc->findvalue('//h1'), 'E-Mail einrichten', 'the title';
is $xc->findvalue('/html/head/title'), 'E-Mail einrichten - Beispiel <Mail> & Co', 'the title and the provider\'s name';
like $c, qr{<span id="provider">Beispiel &lt;Mail&gt; &amp; Co</span>}, 'the provider\'s name, escaped';
is Encode::encode_utf8($xc->findvalue('//h2[@id="settings"]')), 'Einstellungen für joe@example.org (joe bei example.org)',
    'a text with placeholders, filled in';
is $xc->findvalue('//button[@type="submit"]'), 'Einstellungen zeigen', 'the button';
is $xc->findvalue('//div[@id="server-1"]/dl/dt[2]'), 'Server <Name>', 'a label with markup';
like $c, qr{<dt>Server &lt;Name&gt;</dt>}, 'escaped';
is $xc->findvalue('//label[@for="emailaddress"]'), 'Your email address', 'a text not replaced stays English';
my ($type, $data) = $xc->findvalue('//img[@id="logo"]/@src') =~ m{^data:([^;]+);base64,(.+)$};
is $type, 'image/svg+xml', 'the logo: a data: URI of its type';
is decode_base64($data // ''), slurp("$t/data/setup-logo.svg"), 'holding the file';
is $xc->findvalue('//img[@id="logo"]/@alt'), 'Beispiel Logo', 'with its alternative text';
is_deeply [ map { $_->textContent } $xc->findnodes('//p[@class="help"]') ],
    ['Fragen? Rufen Sie uns an: 0123 456789.', 'Zweiter <Absatz> & "mehr"'], 'the help paragraphs, in order';
like $c, qr{<p class="help" id="help-2">Zweiter &lt;Absatz&gt; &amp; &quot;mehr&quot;</p>}, 'escaped';
is $xc->findvalue('//a[@id="documentation"]/@href'), 'https://help.setup.test/mail?a=1&b=2', 'the documentation link';
like $c, qr{href="https://help\.setup\.test/mail\?a=1&amp;b=2"}, 'escaped in the attribute';

# An inner scope: its own title and help, no logo, the vhost's other texts.
$xc = page_xpath(setup_page('setup.test', undef, path => '/hilfe'));
is $xc->findvalue('//h1'), 'Hilfe', '<Location>: its own title';
is_deeply [ map { $_->textContent } $xc->findnodes('//p[@class="help"]') ], ['Nur hier.'], 'its own help replaces the vhost\'s';
ok !$xc->findnodes('//img'), 'AutodiscoverSetupLogo Off: no logo';
is $xc->findvalue('//button[@type="submit"]'), 'Einstellungen zeigen', 'the vhost\'s other texts';

# ---------------------------------------------------------- configtest
my $tmp = File::Temp->newdir;
open my $fh, '>:raw', "$tmp/big.png" or die $!;
print $fh "\x89PNG\r\n\x1a\n", "\0" x 70000;
close $fh;
open $fh, '>:raw', "$tmp/small.png" or die $!;
print $fh "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
close $fh;
my @refused = (
    [ 'AutodiscoverSetupText nosuchkey "x"', qr/AutodiscoverSetupText: 'nosuchkey' is no text of the setup page; the keys are lang, title, intro, .*, more-help/, 'an unknown key' ],
    [ 'AutodiscoverSetupText lang "de DE"', qr/AutodiscoverSetupText: lang: lang is a language tag such as en, de or pt-BR/, 'lang not a language tag' ],
    [ 'AutodiscoverSetupText title "Hallo %EMAILADRESSE%"', qr/AutodiscoverSetupText: title: '%EMAILADRESSE%' is no placeholder \(%EMAILADDRESS%, %EMAILLOCALPART% or %EMAILDOMAIN%\)/, 'a misspelt placeholder' ],
    [ 'AutodiscoverSetupText title "' . ('x' x 1001) . '"', qr/AutodiscoverSetupText: title: the text must have 1 to 1000 characters/, 'a text too long' ],
    [ "AutodiscoverSetupLogo $tmp/none.png", qr/AutodiscoverSetupLogo: cannot open \S+none\.png: No such file or directory; give a PNG, JPEG, GIF, WebP or SVG file of up to 65536 bytes/, 'a missing logo' ],
    [ "AutodiscoverSetupLogo $t/data/directory.sql", qr/AutodiscoverSetupLogo: \S+directory\.sql is no PNG, JPEG, GIF, WebP or SVG image/, 'a logo that is no image' ],
    [ "AutodiscoverSetupLogo $tmp/big.png", qr/AutodiscoverSetupLogo: \S+big\.png has 70008 bytes; a logo has 1 to 65536 \(it is embedded in every page\)/, 'a logo too large' ],
    [ 'AutodiscoverSetupHelp "' . ('ü' x 4001) . '"', qr/AutodiscoverSetupHelp: a paragraph has 1 to 4000 characters/, 'a help paragraph too long (counted in characters)' ],
    [ "AutodiscoverSetupHelp \"a\tb\"", qr/AutodiscoverSetupHelp: 'a(?:\t|\\t)b' contains a control character/, 'a control character in help' ],
);
my $n = 0;
for (@refused) {
    my ($line, $want, $name) = @$_;
    # In a file of its own: httpd cuts -c arguments of some 200 bytes.
    my $file = "$tmp/refused-" . ++$n . '.conf';
    open my $conf, '>', $file or die $!;
    print $conf "$line\n";
    close $conf;
    my ($rc, $out) = configtest("Include $file");
    ok $rc != 0 && $out =~ $want, "configtest refuses $name" or diag $out;
}
my ($rc, $out) = configtest("AutodiscoverSetupLogo $tmp/small.png", 'AutodiscoverSetupText apple-download "Für iPhone, iPad und Mac laden"');
is $rc, 0, 'a PNG logo and a text with UTF-8 pass' or diag $out;

done_testing;
