# mod_autodiscover. "make" builds .libs/mod_autodiscover.so with apxs,
# "make test" runs the Apache::Test suite, "make demo" starts a demo server.
include apxs.mk

APXS       ?= apxs
HTTPD      ?= /usr/sbin/apache2
TEST_USER  ?= nobody
PERL       ?= perl

all: .libs/$(MODULE).so

install: all
	$(APXS) -i -n autodiscover .libs/$(MODULE).so

# Apache::Test refuses to run as root, and the checkout may sit below a
# directory other users cannot enter. As root, the suite runs as TEST_USER in
# a copy of the tree in a fresh world-searchable directory.
test: all
	@scripts/run-tests

test-local: all
	scripts/mkcerts t/certs
	$(PERL) t/TEST.PL -apxs $(APXS) -httpd $(HTTPD) \
	    -httpd_conf $(CURDIR)/t/conf/inherit.conf -port select $(TEST_ARGS)

demo: all
	scripts/demo start

demo-stop:
	scripts/demo stop

clean:
	-$(PERL) t/TEST.PL -clean >/dev/null 2>&1
	rm -rf .libs *.la *.lo *.slo *.o t/certs

.PHONY: all install test test-local demo demo-stop clean
