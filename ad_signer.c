/* Licensed under the Apache License, Version 2.0 (see COPYING). */
/* CMS signing of Apple profiles with OpenSSL (see include/ad_signer.h). */
#include <string.h>
#include <apr_strings.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include "ad_signer.h"

struct ad_signer {
    X509 *cert;
    EVP_PKEY *key;
    STACK_OF(X509) *chain;
    const char *subject;
    unsigned char id[AD_SIGNER_ID_LEN];     /* SHA-256 of the certificates */
};

static apr_status_t signer_free(void *data)
{
    ad_signer_t *s = data;

    X509_free(s->cert);
    EVP_PKEY_free(s->key);
    sk_X509_pop_free(s->chain, X509_free);
    return APR_SUCCESS;
}

/* OpenSSL's reason for the last failure, queue emptied. */
static const char *ssl_reason(apr_pool_t *p)
{
    unsigned long e = ERR_peek_last_error();
    char buf[256];

    ERR_error_string_n(e, buf, sizeof(buf));
    ERR_clear_error();
    return e ? apr_pstrdup(p, buf) : "unknown reason";
}

/* The signer's identity: SHA-256 over the DER of the certificate, then of
 * each chain certificate, which together decide the bytes a signature
 * carries besides the signed content (the key belongs to the certificate). */
static int compute_id(ad_signer_t *s)
{
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char *der = NULL;
    int i, n, ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL);

    for (i = -1; ok && i < sk_X509_num(s->chain); i++) {
        X509 *x = i < 0 ? s->cert : sk_X509_value(s->chain, i);
        if ((n = i2d_X509(x, &der)) <= 0)
            ok = 0;
        else
            ok = EVP_DigestUpdate(md, der, (size_t)n);
        OPENSSL_free(der);
        der = NULL;
    }
    ok = ok && EVP_DigestFinal_ex(md, s->id, NULL);
    EVP_MD_CTX_free(md);
    return ok;
}

static BIO *open_file(const char *file)
{
    return BIO_new_file(file, "r");
}

const char *ad_signer_load(apr_pool_t *p, const char *cert_file,
                           const char *key_file, const char *chain_file,
                           ad_signer_t **out, const char **warning)
{
    ad_signer_t *s = apr_pcalloc(p, sizeof(*s));
    BIO *bio;
    char *name;

    *warning = NULL;
    apr_pool_cleanup_register(p, s, signer_free, apr_pool_cleanup_null);
    ERR_clear_error();

    if (!(bio = open_file(cert_file)))
        return apr_psprintf(p, "cannot read the certificate %s", cert_file);
    s->cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (!s->cert)
        return apr_psprintf(p, "%s holds no PEM certificate (%s)", cert_file,
                            ssl_reason(p));
    if (!key_file)
        key_file = cert_file;
    if (!(bio = open_file(key_file)))
        return apr_psprintf(p, "cannot read the key %s", key_file);
    s->key = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    if (!s->key)
        return apr_psprintf(p, "%s holds no unencrypted PEM private key (%s)",
                            key_file, ssl_reason(p));
    if (!X509_check_private_key(s->cert, s->key)) {
        ERR_clear_error();
        return apr_psprintf(p, "the key in %s does not belong to the certificate "
                            "in %s", key_file, cert_file);
    }
    s->chain = sk_X509_new_null();
    if (chain_file) {
        X509 *x;
        if (!(bio = open_file(chain_file)))
            return apr_psprintf(p, "cannot read the chain %s", chain_file);
        while ((x = PEM_read_bio_X509(bio, NULL, NULL, NULL)))
            sk_X509_push(s->chain, x);
        BIO_free(bio);
        ERR_clear_error();      /* the end of the file */
        if (sk_X509_num(s->chain) == 0)
            return apr_psprintf(p, "%s holds no PEM certificate", chain_file);
    }
    if (!compute_id(s))
        return apr_psprintf(p, "cannot hash the certificates (%s)", ssl_reason(p));
    name = X509_NAME_oneline(X509_get_subject_name(s->cert), NULL, 0);
    s->subject = apr_pstrdup(p, name ? name : "?");
    OPENSSL_free(name);
    if (X509_cmp_current_time(X509_get0_notAfter(s->cert)) < 0)
        *warning = "the certificate has expired: devices will show signed "
                   "profiles as unverified";
    else if (X509_cmp_current_time(X509_get0_notBefore(s->cert)) > 0)
        *warning = "the certificate is not valid yet: devices will show signed "
                   "profiles as unverified";
    *out = s;
    return NULL;
}

const char *ad_signer_subject(const ad_signer_t *s)
{
    return s->subject;
}

const unsigned char *ad_signer_id(const ad_signer_t *s)
{
    return s->id;
}

int ad_signer_rsa_bits(const ad_signer_t *s)
{
    int type = EVP_PKEY_get_base_id(s->key);

    return type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS ? EVP_PKEY_get_bits(s->key) : 0;
}

const char *ad_signer_sign(const ad_signer_t *s, apr_pool_t *p,
                           const char *data, apr_size_t len,
                           const char **der, apr_size_t *der_len)
{
    BIO *in = BIO_new_mem_buf(data, (int)len);
    BIO *out = BIO_new(BIO_s_mem());
    CMS_ContentInfo *cms = NULL;
    const char *why = NULL;
    char *mem;
    long n;

    if (!in || !out) {
        why = "out of memory";
        goto done;
    }
    /* Content embedded (no CMS_DETACHED); signing time and digest as
     * signed attributes; no S/MIME capabilities, which profiles do not use. */
    cms = CMS_sign(s->cert, s->key, s->chain, in, CMS_BINARY | CMS_NOSMIMECAP);
    if (!cms || i2d_CMS_bio(out, cms) != 1) {
        why = ssl_reason(p);
        goto done;
    }
    n = BIO_get_mem_data(out, &mem);
    *der = apr_pmemdup(p, mem, (apr_size_t)n);
    *der_len = (apr_size_t)n;
done:
    CMS_ContentInfo_free(cms);
    BIO_free(in);
    BIO_free(out);
    return why;
}
