# mod_autodiscover. "make" builds .libs/mod_autodiscover.so with apxs,
# "make test" runs the Apache::Test suite, "make demo" starts a demo server.
include apxs.mk
# apxs.mk's module rule comes first; plain "make" builds the checker too.
.DEFAULT_GOAL := all

APXS       ?= apxs
HTTPD      ?= /usr/sbin/apache2
TEST_USER  ?= nobody
PERL       ?= perl
CC         ?= cc
CLANG      ?= clang
FUZZ_TIME  ?= 60
MPM        ?= event
# HEAVY=0 skips the tests that start further servers of their own (cache
# servers, an ACME server, second nodes) or load the server for long: CI
# runs them once, not again under another MPM and the sanitizers.
HEAVY      ?= 1
BINDIR     ?= /usr/local/bin
AD_VERSION := $(shell sed -n 's/^\#define AD_VERSION "\(.*\)"/\1/p' include/mod_autodiscover.h)

# The sanitizer build of "make test-asan" (gcc's ASan + UBSan). httpd itself
# is not instrumented, so the ASan runtime is preloaded into it.
ASAN_CFLAGS  := -fsanitize=address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=undefined
ASAN_LDFLAGS := -lasan -lubsan
ASAN_RUNTIME := $(shell $(CC) -print-file-name=libasan.so)
SAN_LOGS     := $(CURDIR)/build/sanitizer

APR_CFLAGS := $(shell apr-1-config --cflags --cppflags --includes) \
              $(shell apu-1-config --includes)
APR_LIBS   := $(shell apr-1-config --link-ld) $(shell apu-1-config --link-ld)
# CORE_SRCS (the httpd-free core) comes from apxs.mk, the one source list.
# props/: the properties every parsed request and rendered answer must hold,
# checked by the core unit test and by the fuzz target pox.
CHECK_SRCS := $(CORE_SRCS) props/pox_check.c
# autodiscover-check's fuzz targets replayed without libFuzzer (make test).
QUERY_TARGETS := v2-path v2-query autoconfig-query mobileconfig-query
REPLAYS    := build/replay-check-pox build/replay-check-dns \
              $(foreach t,$(QUERY_TARGETS),build/replay-$(t))
CORE_FLAGS := -I include -I props $(APR_CFLAGS) $(XML2_CFLAGS) $(CRYPTO_CFLAGS) $(QRENCODE_CFLAGS)
CORE_LIBS  := $(APR_LIBS) $(XML2_LIBS) $(CRYPTO_LIBS) $(QRENCODE_LIBS)

all: .libs/$(MODULE).so build/autodiscover-check

install: all
	$(APXS) -i -n autodiscover .libs/$(MODULE).so
	install -D -m 755 build/autodiscover-check $(DESTDIR)$(BINDIR)/autodiscover-check

# The deployment checker: a program of its own (libcurl, OpenSSL, libxml2,
# libresolv), not linked into the module.
CHECK_TOOL_SRCS := $(addprefix check/,autodiscover-check.c check_net.c check_parse.c check_text.c)
CHECK_TOOL_HDRS := $(wildcard check/*.h)
build/autodiscover-check: $(CHECK_TOOL_SRCS) $(CHECK_TOOL_HDRS) build/flags
	@mkdir -p build
	$(CC) -O2 -g $(WARN) -I check $(XML2_CFLAGS) $(EXTRA_CFLAGS) \
	    -DCHECK_VERSION='"$(AD_VERSION)"' -o $@ $(CHECK_TOOL_SRCS) \
	    $(shell pkg-config --libs libcurl) $(CRYPTO_LIBS) $(XML2_LIBS) -lresolv $(EXTRA_LDFLAGS)

# Apache::Test refuses to run as root, and the checkout may sit below a
# directory other users cannot enter. As root, the suite runs as TEST_USER in
# a copy of the tree in a fresh world-searchable directory.
# "make test MPM=prefork" runs the suite under another MPM. 4 to 8 clients:
# t/pox/hostile.t holds three stalled bodies open and expects other clients
# to be answered meanwhile, which prefork cannot with its default of 1 to 3
# processes.
test: all
	@scripts/run-tests test-local

test-local: all build/core-test build/config-test $(REPLAYS)
	scripts/mkcerts t/certs
	rm -f t/data/directory.db t/data/cache.db
	sqlite3 t/data/directory.db < t/data/directory.sql && cp t/data/directory.db t/data/cache.db
	sed 's/mpm_event/mpm_$(MPM)/g' t/conf/inherit.conf > build/inherit.conf
	AD_TEST_HEAVY=$(HEAVY) scripts/test-servers $(PERL) t/TEST.PL -apxs $(APXS) -httpd $(HTTPD) \
	    -minclients 4 -maxclients 8 -httpd_conf $(CURDIR)/build/inherit.conf \
	    -port select $(TEST_ARGS)
	scripts/check-error-log t/logs/error_log

# The whole suite against the module (and the core test) built with ASan and
# UBSan; fails on any test failure and on any sanitizer report.
test-asan:
	@scripts/run-tests test-asan-local

test-asan-local:
	$(MAKE) all build/core-test build/config-test $(REPLAYS) EXTRA_CFLAGS="$(ASAN_CFLAGS)" \
	    EXTRA_LDFLAGS="$(ASAN_LDFLAGS)"
	rm -rf $(SAN_LOGS) && mkdir -p $(SAN_LOGS)
	LD_PRELOAD=$(ASAN_RUNTIME) \
	ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:log_path=$(SAN_LOGS)/asan \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(SAN_LOGS)/ubsan \
	    $(MAKE) test-local EXTRA_CFLAGS="$(ASAN_CFLAGS)" \
	    EXTRA_LDFLAGS="$(ASAN_LDFLAGS)"
	@if ls $(SAN_LOGS) | grep -q .; then cat $(SAN_LOGS)/*; \
	    echo "sanitizer reports: see above"; exit 1; fi
	@echo "ASan+UBSan: no report"

demo: all
	scripts/demo start

demo-stop:
	scripts/demo stop

# The core's unit test: direct checks plus a replay of the fuzz corpus and of
# every input the fuzzer ever found (t/core.t runs it).
build/core-test: t/unit/core_test.c $(CHECK_SRCS) $(HEADERS) props/pox_check.h \
                 build/flags
	@mkdir -p build
	$(CC) -g -O1 $(WARN) $(CORE_FLAGS) $(EXTRA_CFLAGS) -o $@ t/unit/core_test.c \
	    $(CHECK_SRCS) $(CORE_LIBS) $(EXTRA_LDFLAGS)

# The configuration's unit test (t/config/merge.t runs it): every field's
# create, merge and accessor, from the rows of AD_DIR_FIELDS. ad_config.c
# needs httpd's headers, not httpd.
HTTPD_INC := -I$(shell $(APXS) -q INCLUDEDIR)
build/config-test: t/unit/config_test.c ad_config.c $(CORE_SRCS) $(HEADERS) build/flags
	@mkdir -p build
	$(CC) -g -O1 $(WARN) $(CORE_FLAGS) $(HTTPD_INC) $(EXTRA_CFLAGS) -o $@ \
	    t/unit/config_test.c ad_config.c $(CORE_SRCS) $(CORE_LIBS) $(EXTRA_LDFLAGS)

# Rebuild when EXTRA_CFLAGS/EXTRA_LDFLAGS change (a sanitizer build and a
# plain one must not be mistaken for each other).
build/flags: FORCE
	@mkdir -p build
	@echo '$(EXTRA_CFLAGS) $(EXTRA_LDFLAGS)' | cmp -s - $@ \
	    || echo '$(EXTRA_CFLAGS) $(EXTRA_LDFLAGS)' > $@

# libFuzzer targets (clang, with ASan and UBSan), one binary each:
#   pox        a request body through the POX and SOAP parsers and renderers
#   check-pox  a server's answer as autodiscover-check reads it (POX,
#              autoconfig), its redirect targets' checks, the escaping
#   check-dns  a DNS answer as autodiscover-check reads its SRV records
#   v2-path, v2-query, autoconfig-query, mobileconfig-query
#              what the module takes from each endpoint's URL (ad_query.c,
#              ad_address_split), fuzz/fuzz_query.c built once per endpoint
# "make fuzz" runs each in turn for FUZZ_TIME seconds (default 60);
# "make fuzz FUZZ_TARGET=check-dns FUZZ_TIME=600" runs one. Seeds are in
# fuzz/corpus/ (pox) and fuzz/TARGET/corpus/, findings in fuzz/regressions/
# and fuzz/TARGET/regressions/, dictionaries in fuzz/pox.dict,
# fuzz/TARGET/dict or fuzz/query.dict; new inputs go to
# build/fuzz-corpus-TARGET, crashes to build/.
FUZZ_TARGETS := pox check-pox check-dns $(QUERY_TARGETS)
FUZZ_TARGET  ?= $(FUZZ_TARGETS)
FUZZ_CFLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_RUN     := -max_total_time=$(FUZZ_TIME) -timeout=10 -rss_limit_mb=1024 \
                -print_final_stats=1 -artifact_prefix=build/
CHECK_PARSE_SRCS := check/check_parse.c check/check_text.c
CHECK_PARSE_HDRS := check/check_parse.h check/check_text.h

build/fuzz-pox: fuzz/fuzz_pox.c $(CHECK_SRCS) $(HEADERS) props/pox_check.h
	@mkdir -p build
	$(CLANG) $(FUZZ_CFLAGS) $(WARN) $(CORE_FLAGS) -o $@ \
	    fuzz/fuzz_pox.c $(CHECK_SRCS) $(CORE_LIBS)

build/fuzz-check-%: fuzz/fuzz_check_%.c $(CHECK_PARSE_SRCS) $(CHECK_PARSE_HDRS)
	@mkdir -p build
	$(CLANG) $(FUZZ_CFLAGS) $(WARN) -I check $(XML2_CFLAGS) -o $@ $< \
	    $(CHECK_PARSE_SRCS) $(XML2_LIBS) -lresolv

# The same targets without libFuzzer (gcc): t/check/fuzz-replay.t runs
# their seeds and findings, also in the sanitizer build.
build/replay-check-%: fuzz/fuzz_check_%.c fuzz/replay.c $(CHECK_PARSE_SRCS) $(CHECK_PARSE_HDRS) build/flags
	@mkdir -p build
	$(CC) -g -O1 $(WARN) -I check $(XML2_CFLAGS) $(EXTRA_CFLAGS) -o $@ $< fuzz/replay.c \
	    $(CHECK_PARSE_SRCS) $(XML2_LIBS) -lresolv $(EXTRA_LDFLAGS)

# QUERY_ID: the endpoint fuzz/fuzz_query.c is built for.
build/fuzz-v2-path build/replay-v2-path: QUERY_ID := 1
build/fuzz-v2-query build/replay-v2-query: QUERY_ID := 2
build/fuzz-autoconfig-query build/replay-autoconfig-query: QUERY_ID := 3
build/fuzz-mobileconfig-query build/replay-mobileconfig-query: QUERY_ID := 4
$(foreach t,$(QUERY_TARGETS),build/fuzz-$(t)): fuzz/fuzz_query.c $(CORE_SRCS) $(HEADERS)
	@mkdir -p build
	$(CLANG) $(FUZZ_CFLAGS) $(WARN) $(CORE_FLAGS) -DQUERY_TARGET=$(QUERY_ID) -o $@ \
	    fuzz/fuzz_query.c $(CORE_SRCS) $(CORE_LIBS)
$(foreach t,$(QUERY_TARGETS),build/replay-$(t)): fuzz/fuzz_query.c fuzz/replay.c $(CORE_SRCS) $(HEADERS) build/flags
	@mkdir -p build
	$(CC) -g -O1 $(WARN) $(CORE_FLAGS) $(EXTRA_CFLAGS) -DQUERY_TARGET=$(QUERY_ID) -o $@ \
	    fuzz/fuzz_query.c fuzz/replay.c $(CORE_SRCS) $(CORE_LIBS) $(EXTRA_LDFLAGS)

fuzz: $(foreach t,$(FUZZ_TARGET),build/fuzz-$(t))
	@for t in $(FUZZ_TARGET); do \
	    if [ $$t = pox ]; then dirs="fuzz/corpus fuzz/regressions"; dict=fuzz/pox.dict; len=16384; \
	    else dirs="fuzz/$$t/corpus fuzz/$$t/regressions"; dict=fuzz/$$t/dict; len=65536; fi; \
	    [ -f $$dict ] || dict=fuzz/query.dict; \
	    mkdir -p build/fuzz-corpus-$$t $$dirs; \
	    echo "== fuzz $$t, $(FUZZ_TIME) s"; \
	    build/fuzz-$$t $(FUZZ_RUN) -max_len=$$len -dict=$$dict \
	        build/fuzz-corpus-$$t $$dirs || exit 1; \
	done

# The bounded run CI does: every target, 20 seconds each.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_TIME=20 FUZZ_TARGET="$(FUZZ_TARGETS)"

# Module vs Apache's static-file path, and a memory soak (bench/run); signed
# profiles per second, cached and not, P-256 and RSA-2048 (bench/signed,
# half a minute); an answer shaped by a <Location> or an <If> against one
# shaped by the vhost alone (bench/scopes, about 2 minutes).
bench: all
	sh bench/run
	sh bench/signed
	sh bench/scopes

bench-signed: all
	sh bench/signed

bench-scopes: all
	sh bench/scopes

# Operations under load (bench/reload: graceful restarts and a killed child,
# HTTP and TLS, about 1 minute) and the TLS memory soak (bench/soak: 10^6
# requests and a control without the module, 1 to 2 minutes).
bench-reload: all
	perl bench/reload

bench-soak: all
	sh bench/soak

# Everything the build, the tests and the demo leave: apxs's objects;
# build/ (the checker, the unit tests, the fuzz and replay targets, fuzz
# corpora and crashes, sanitizer logs, screenshots, inherit.conf); what
# Apache::Test writes into t/ (t/TEST, t/conf/httpd.conf, extra.conf,
# apache_test_config.pm, t/htdocs, t/logs with every test's scratch
# directory); the test certificates and databases (t/certs, t/data/*.db);
# the PostgreSQL and OpenLDAP data of scripts/test-servers (t/pg, t/ldap);
# the demo's state (demo/run). A server still running on any of them is
# stopped first.
clean:
	-[ ! -f demo/run/httpd.pid ] || scripts/demo stop
	-[ ! -f t/pg/postmaster.pid ] || scripts/pg-test stop t/pg
	-[ ! -f t/ldap/slapd.pid ] || scripts/ldap-test stop t/ldap
	-$(PERL) t/TEST.PL -clean >/dev/null 2>&1
	rm -rf .libs *.la *.lo *.slo *.o build
	rm -rf t/TEST t/conf/httpd.conf t/conf/extra.conf t/conf/apache_test_config.pm \
	    t/conf/modperl_* t/htdocs t/logs t/certs t/data/*.db t/pg t/ldap demo/run

.PHONY: all install test test-local test-asan test-asan-local demo demo-stop \
        clean fuzz fuzz-smoke bench bench-signed bench-scopes bench-reload bench-soak FORCE
