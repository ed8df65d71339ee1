# Build rules for mod_autodiscover with apxs. Included by the Makefile.
APXS     ?= apxs
MODULE   := mod_autodiscover
SRCS     := mod_autodiscover.c ad_config.c ad_request.c ad_handler.c \
            ad_handler_pox.c ad_handler_autoconfig.c ad_handler_json.c \
            ad_buf.c ad_template.c ad_json.c ad_xml.c \
            ad_pox_parse.c ad_pox_render.c ad_autoconfig.c ad_soap_parse.c \
            ad_soap_render.c ad_handler_soap.c ad_mobileconfig.c ad_signer.c \
            ad_handler_mobileconfig.c ad_user.c ad_user_cache.c ad_dir_sql.c \
            ad_dir_ldap.c ad_cert_check.c ad_md.c ad_counters.c ad_handler_status.c \
            ad_dns_records.c ad_query.c ad_decide.c ad_directory_check.c \
            ad_socache.c ad_profile_cache.c ad_dav.c ad_handler_dav.c ad_format_check.c ad_pacc.c \
            ad_agent.c ad_handler_pacc.c ad_handler_metrics.c ad_qr.c ad_setup.c \
            ad_setup_render.c ad_handler_setup.c
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
