# mod_autodiscover. "make" builds .libs/mod_autodiscover.so with apxs,
# "make test" runs the Apache::Test suite, "make demo" starts a demo server.
include apxs.mk

APXS       ?= apxs
HTTPD      ?= /usr/sbin/apache2
TEST_USER  ?= nobody
PERL       ?= perl
CC         ?= cc
CLANG      ?= clang
FUZZ_TIME  ?= 60

APR_CFLAGS := $(shell apr-1-config --cflags --cppflags --includes)
APR_LIBS   := $(shell apr-1-config --link-ld)
# The pure core: parser and renderers, APR and libxml2 only.
CORE_SRCS  := ad_buf.c ad_template.c ad_pox_parse.c ad_pox_render.c
CHECK_SRCS := $(CORE_SRCS) fuzz/pox_check.c
CORE_FLAGS := -I include -I fuzz $(APR_CFLAGS) $(XML2_CFLAGS)

all: .libs/$(MODULE).so

install: all
	$(APXS) -i -n autodiscover .libs/$(MODULE).so

# Apache::Test refuses to run as root, and the checkout may sit below a
# directory other users cannot enter. As root, the suite runs as TEST_USER in
# a copy of the tree in a fresh world-searchable directory.
test: all
	@scripts/run-tests

test-local: all build/core-test
	scripts/mkcerts t/certs
	$(PERL) t/TEST.PL -apxs $(APXS) -httpd $(HTTPD) \
	    -httpd_conf $(CURDIR)/t/conf/inherit.conf -port select $(TEST_ARGS)

demo: all
	scripts/demo start

demo-stop:
	scripts/demo stop

# The core's unit test: direct checks plus a replay of the fuzz corpus and of
# every input the fuzzer ever found (t/core.t runs it).
build/core-test: t/unit/core_test.c $(CHECK_SRCS) $(HEADERS) fuzz/pox_check.h
	@mkdir -p build
	$(CC) -g -O1 $(WARN) $(CORE_FLAGS) $(EXTRA_CFLAGS) -o $@ t/unit/core_test.c \
	    $(CHECK_SRCS) $(APR_LIBS) $(XML2_LIBS) $(EXTRA_LDFLAGS)

# libFuzzer over request parsing and rendering. "make fuzz FUZZ_TIME=600"
# runs ten minutes; new inputs go to build/fuzz-corpus, crashes to build/.
build/fuzz-pox: fuzz/fuzz_pox.c $(CHECK_SRCS) $(HEADERS) fuzz/pox_check.h
	@mkdir -p build
	$(CLANG) -g -O1 -fsanitize=fuzzer,address,undefined \
	    -fno-sanitize-recover=undefined $(WARN) $(CORE_FLAGS) -o $@ \
	    fuzz/fuzz_pox.c $(CHECK_SRCS) $(APR_LIBS) $(XML2_LIBS)

fuzz: build/fuzz-pox
	@mkdir -p build/fuzz-corpus fuzz/regressions
	build/fuzz-pox -max_total_time=$(FUZZ_TIME) -dict=fuzz/pox.dict \
	    -max_len=16384 -timeout=10 -rss_limit_mb=1024 -print_final_stats=1 \
	    -artifact_prefix=build/ build/fuzz-corpus fuzz/corpus fuzz/regressions

# The bounded run CI does.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_TIME=30

clean:
	-$(PERL) t/TEST.PL -clean >/dev/null 2>&1
	rm -rf .libs *.la *.lo *.slo *.o t/certs build

.PHONY: all install test test-local demo demo-stop clean fuzz fuzz-smoke
