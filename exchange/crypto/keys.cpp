#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "crypto/crypto.hpp"
#include "crypto/openssl_error.hpp"
#include "crypto/posix_file.hpp"

namespace dx::crypto {

namespace fs = std::filesystem;

namespace {

using PKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Bio = std::unique_ptr<BIO, decltype(&BIO_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

constexpr long kCertificateDays = 825;  // the longest validity browsers accept for a TLS leaf
constexpr std::size_t kEd25519SignatureBytes = 64;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + path.string());
  return data;
}

Bio memory_bio() {
  Bio bio(BIO_new(BIO_s_mem()), &BIO_free);
  if (!bio) detail::throw_openssl_error("BIO_new failed");
  return bio;
}

Bio memory_bio(std::string_view data) {
  Bio bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())), &BIO_free);
  if (!bio) detail::throw_openssl_error("BIO_new_mem_buf failed");
  return bio;
}

std::string contents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// PKCS#8, unencrypted: the file's mode 0600 is its protection.
std::string private_key_pem(EVP_PKEY* key) {
  const Bio bio = memory_bio();
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    detail::throw_openssl_error("cannot encode a private key");
  return contents(bio.get());
}

std::string public_key_pem_of(EVP_PKEY* key) {
  const Bio bio = memory_bio();
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1)
    detail::throw_openssl_error("cannot encode a public key");
  return contents(bio.get());
}

// ---- certificates ---------------------------------------------------------------------------

bool set_random_serial(X509* cert) {
  Bytes serial = random_bytes(16);
  serial[0] &= 0x7f;  // positive, 16 octets in DER
  std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(
      BN_bin2bn(reinterpret_cast<const unsigned char*>(serial.data()), 16, nullptr), &BN_free);
  return bn && BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(cert)) != nullptr;
}

bool set_names(X509* cert, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(cert);
  return X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                    reinterpret_cast<const unsigned char*>(common_name.c_str()), -1,
                                    -1, 0) == 1 &&
         X509_set_issuer_name(cert, name) == 1;
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  const bool ok = extension != nullptr && X509_add_ext(cert, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return ok;
}

bool add_server_extensions(X509* cert) {
  return add_extension(cert, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") &&
         add_extension(cert, NID_basic_constraints, "critical,CA:FALSE") &&
         add_extension(cert, NID_key_usage, "critical,digitalSignature") &&
         add_extension(cert, NID_ext_key_usage, "serverAuth") &&
         add_extension(cert, NID_subject_key_identifier, "hash");
}

Certificate make_certificate(EVP_PKEY* key, const std::string& common_name) {
  Certificate cert(X509_new(), &X509_free);
  // Valid from an hour ago, so that a client whose clock runs a little behind accepts it.
  const bool ok =
      cert && X509_set_version(cert.get(), X509_VERSION_3) == 1 && set_random_serial(cert.get()) &&
      X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(cert.get()), kCertificateDays * 86400) != nullptr &&
      X509_set_pubkey(cert.get(), key) == 1 && set_names(cert.get(), common_name) &&
      add_server_extensions(cert.get()) && X509_sign(cert.get(), key, EVP_sha256()) > 0;
  if (!ok) detail::throw_openssl_error("cannot make a self-signed certificate");
  return cert;
}

std::string certificate_pem(X509* cert) {
  const Bio bio = memory_bio();
  if (PEM_write_bio_X509(bio.get(), cert) != 1)
    detail::throw_openssl_error("cannot encode a certificate");
  return contents(bio.get());
}

// ---- signing keys ---------------------------------------------------------------------------

PKey read_ed25519(const fs::path& path) {
  const std::string pem = read_file(path);
  const Bio bio = memory_bio(pem);
  PKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  detail::discard_openssl_errors();
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
    throw std::runtime_error(path.string() + " does not hold an Ed25519 private key");
  return key;
}

PKey load_or_generate_ed25519(const fs::path& path) {
  if (!fs::exists(path)) {
    PKey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), &EVP_PKEY_free);
    if (!key) detail::throw_openssl_error("cannot generate an Ed25519 key");
    if (detail::create_file_once(path, private_key_pem(key.get()), 0600)) return key;
    // Another process created the key first; both use that one.
  }
  return read_ed25519(path);
}

std::string key_id_of(EVP_PKEY* key) {
  unsigned char raw[32];
  std::size_t size = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &size) != 1)
    detail::throw_openssl_error("cannot read an Ed25519 public key");
  return hex(sha256(std::string_view(reinterpret_cast<const char*>(raw), size))).substr(0, 16);
}

using MdCtx = std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>;

MdCtx new_md_context() {
  MdCtx ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx) detail::throw_openssl_error("EVP_MD_CTX_new failed");
  return ctx;
}

}  // namespace

// ---- secrets --------------------------------------------------------------------------------

Bytes load_or_create_secret(const fs::path& path, std::size_t size) {
  if (!fs::exists(path)) {
    Bytes secret = random_bytes(size);
    if (detail::create_file_once(path, secret, 0600)) return secret;
    // Another process created it first; both use that one.
  }
  if (const auto actual = fs::file_size(path); actual != size)
    throw std::runtime_error(path.string() + " holds " + std::to_string(actual) +
                             " bytes, expected " + std::to_string(size));
  Bytes secret = read_file(path);
  if (secret.size() != size) throw std::runtime_error(path.string() + " changed while read");
  return secret;
}

void ensure_self_signed_certificate(const fs::path& cert_pem, const fs::path& key_pem,
                                    std::string_view common_name) {
  if (fs::exists(cert_pem) && fs::exists(key_pem)) return;
  if (common_name.empty() || common_name.size() > 64)  // X.520 upper bound for a common name
    throw std::invalid_argument("a certificate common name has 1 to 64 characters");
  const PKey key(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  if (!key) detail::throw_openssl_error("cannot generate a P-256 key");
  const Certificate cert = make_certificate(key.get(), std::string(common_name));
  // A lone certificate goes first and the key is written before the new one, so that whenever
  // both files exist they are a matching pair, even after a crash half way.
  fs::remove(cert_pem);
  detail::replace_file(key_pem, private_key_pem(key.get()), 0600);
  detail::replace_file(cert_pem, certificate_pem(cert.get()), 0644);
}

// ---- SigningKey -----------------------------------------------------------------------------

struct SigningKey::Impl {
  PKey key{nullptr, &EVP_PKEY_free};
  std::string public_pem;
  std::string key_id;
};

SigningKey::SigningKey() : impl_(std::make_unique<Impl>()) {}
SigningKey::~SigningKey() = default;
SigningKey::SigningKey(SigningKey&&) noexcept = default;
SigningKey& SigningKey::operator=(SigningKey&&) noexcept = default;

SigningKey SigningKey::load_or_create(const fs::path& pem_path) {
  PKey key = load_or_generate_ed25519(pem_path);
  SigningKey signing;
  signing.impl_->public_pem = public_key_pem_of(key.get());
  signing.impl_->key_id = key_id_of(key.get());
  signing.impl_->key = std::move(key);
  return signing;
}

Bytes SigningKey::sign(std::string_view message) const {
  const MdCtx ctx = new_md_context();
  Bytes signature(kEd25519SignatureBytes, '\0');
  std::size_t size = signature.size();
  // Ed25519 hashes internally, so no digest is named.
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, impl_->key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
    detail::throw_openssl_error("Ed25519 signing failed");
  signature.resize(size);
  return signature;
}

std::string SigningKey::public_key_pem() const { return impl_->public_pem; }
std::string SigningKey::key_id() const { return impl_->key_id; }

bool verify_signature(std::string_view public_key_pem, std::string_view message,
                      std::string_view signature) {
  const Bio bio = memory_bio(public_key_pem);
  const PKey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  // Only Ed25519: another key type would verify under a different, default digest.
  if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519 ||
      signature.size() != kEd25519SignatureBytes) {
    detail::discard_openssl_errors();
    return false;
  }
  const MdCtx ctx = new_md_context();
  const bool ok =
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) == 1;
  if (!ok) detail::discard_openssl_errors();
  return ok;
}

}  // namespace dx::crypto
