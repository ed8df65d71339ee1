# Build rules for mod_autodiscover with apxs. Included by the Makefile.
APXS     ?= apxs
MODULE   := mod_autodiscover
# The one source list. CORE_SRCS: the httpd-free core (parsers, the
# profile, renderers; APR, libxml2, libcrypto and libqrencode only), which
# the core unit test and the fuzz targets build too (Makefile).
# MODULE_SRCS: what needs httpd (entry, configuration, hooks, handlers,
# directories, caches, start-up checks).
CORE_SRCS   := ad_buf.c ad_template.c ad_xml.c ad_query.c ad_endpoint.c \
               ad_parse_pox.c ad_parse_soap.c ad_profile.c ad_dav.c ad_agent.c \
               ad_render_pox.c ad_render_soap.c ad_render_json.c \
               ad_render_autoconfig.c ad_render_mobileconfig.c ad_render_pacc.c \
               ad_render_setup.c ad_setup.c ad_qr.c ad_dir.c
MODULE_SRCS := mod_autodiscover.c \
               ad_config.c ad_config_cmds.c ad_config_check.c ad_startup.c \
               ad_claim.c ad_request.c ad_decide.c \
               ad_handler_pox.c ad_handler_json.c ad_handler_soap.c \
               ad_handler_autoconfig.c ad_handler_mobileconfig.c ad_handler_pacc.c \
               ad_handler_dav.c ad_handler_setup.c ad_handler_status.c \
               ad_handler_metrics.c ad_handler_redirect.c \
               ad_user.c ad_user_cache.c ad_dir_sql.c ad_dir_ldap.c ad_socache.c \
               ad_signer.c ad_signed_cache.c \
               ad_cert_check.c ad_dns_records.c ad_directory_check.c \
               ad_format_check.c ad_md.c ad_counters.c
SRCS        := $(MODULE_SRCS) $(CORE_SRCS)
HEADERS  := $(wildcard include/*.h)

XML2_CFLAGS := $(shell xml2-config --cflags)
XML2_LIBS   := $(shell xml2-config --libs)
# Apple profiles are signed with libcrypto (the library mod_ssl uses).
CRYPTO_CFLAGS := $(shell pkg-config --cflags libcrypto)
CRYPTO_LIBS   := $(shell pkg-config --libs libcrypto)
# The setup page's QR code (libqrencode: the module matrix, drawn as SVG).
QRENCODE_CFLAGS := $(shell pkg-config --cflags libqrencode)
QRENCODE_LIBS   := $(shell pkg-config --libs libqrencode)

# -Wno-unused-parameter: hook and directive signatures are fixed by httpd.
# -Wno-missing-field-initializers: the 2.4 module struct has a trailing flags field
#  and command_rec tables end with an all-zero sentinel.
WARN     := -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
EXTRA_CFLAGS ?=
EXTRA_LDFLAGS ?=

APXS_CFLAGS := $(foreach f,$(WARN) $(XML2_CFLAGS) $(CRYPTO_CFLAGS) $(QRENCODE_CFLAGS) $(EXTRA_CFLAGS),-Wc,$(f))
APXS_LDFLAGS := $(foreach f,$(EXTRA_LDFLAGS),-Wl,$(f))

.libs/$(MODULE).so: $(SRCS) $(HEADERS) apxs.mk build/flags
	$(APXS) -c -I include $(APXS_CFLAGS) $(APXS_LDFLAGS) -o $(MODULE).la $(SRCS) $(XML2_LIBS) $(CRYPTO_LIBS) $(QRENCODE_LIBS)
