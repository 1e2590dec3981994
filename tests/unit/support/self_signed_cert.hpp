#pragma once
// Generates a throw-away self-signed certificate (EC P-256, SHA-256) in memory for TLS tests,
// so no key material is checked in.

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace llmgw::testing {

struct SelfSignedCert {
  std::string cert_pem;
  std::string key_pem;
};

namespace detail {

inline std::string drain(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

inline void check(int ok, const char* what) {
  if (ok != 1) throw std::runtime_error(std::string("self-signed certificate: ") + what);
}

}  // namespace detail

/// A certificate for `common_name` whose subjectAltName is `subject_alt_names`
/// (OpenSSL syntax, e.g. "DNS:localhost,IP:127.0.0.1"), valid from an hour ago for a day.
inline SelfSignedCert make_self_signed_cert(
    const std::string& common_name = "localhost",
    const std::string& subject_alt_names = "DNS:localhost,IP:127.0.0.1") {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  if (!key) throw std::runtime_error("self-signed certificate: key generation failed");
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
  detail::check(X509_set_version(cert.get(), 2), "version");
  detail::check(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1), "serial");
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  detail::check(X509_set_pubkey(cert.get(), key.get()), "public key");
  X509_NAME* name = X509_get_subject_name(cert.get());
  detail::check(X509_NAME_add_entry_by_txt(
                    name, "CN", MBSTRING_ASC,
                    reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0),
                "common name");
  detail::check(X509_set_issuer_name(cert.get(), name), "issuer");

  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san =
      X509V3_EXT_conf_nid(nullptr, &context, NID_subject_alt_name, subject_alt_names.c_str());
  if (!san) throw std::runtime_error("self-signed certificate: bad subjectAltName");
  const int added = X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  detail::check(added, "subjectAltName");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    throw std::runtime_error("self-signed certificate: signing failed");
  }

  std::unique_ptr<BIO, decltype(&BIO_free)> cert_bio(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key_bio(BIO_new(BIO_s_mem()), BIO_free);
  detail::check(PEM_write_bio_X509(cert_bio.get(), cert.get()), "PEM certificate");
  detail::check(
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr),
      "PEM key");
  return {detail::drain(cert_bio.get()), detail::drain(key_bio.get())};
}

}  // namespace llmgw::testing
