/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/*
 * Signing Apple profiles: a certificate, its key and chain loaded once at
 * configuration time, and CMS SignedData (DER, content embedded) made with
 * OpenSSL per request. No httpd types.
 */
#ifndef AD_SIGNER_H
#define AD_SIGNER_H

#include <apr_pools.h>

typedef struct ad_signer ad_signer_t;

/*
 * Load cert_file (PEM), key_file (PEM; NULL: the key is in cert_file) and
 * chain_file (PEM certificates; may be NULL). Returns NULL and *out, freed
 * with p; or what is wrong. *warning is set when the certificate is not
 * valid now (signatures would show as unverified), else NULL.
 */
const char *ad_signer_load(apr_pool_t *p, const char *cert_file,
                           const char *key_file, const char *chain_file,
                           ad_signer_t **out, const char **warning);

/* The subject of the signing certificate, for logs. */
const char *ad_signer_subject(const ad_signer_t *s);

/* The signer's identity: AD_SIGNER_ID_LEN bytes, a SHA-256 over its
 * certificate and chain, computed at load. Two signers with the same
 * identity put the same certificates around the same content. */
#define AD_SIGNER_ID_LEN 32
const unsigned char *ad_signer_id(const ad_signer_t *s);

/* The key's size in bits when it is an RSA key, else 0. */
int ad_signer_rsa_bits(const ad_signer_t *s);

/* Sign data; returns NULL and the DER in *der (from p), or what failed. */
const char *ad_signer_sign(const ad_signer_t *s, apr_pool_t *p,
                           const char *data, apr_size_t len,
                           const char **der, apr_size_t *der_len);

#endif
