#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include "crypto/crypto.hpp"

namespace dx::crypto {

namespace {

// Fetched once: EVP_sha256() makes OpenSSL 3 look the implementation up again on every use, which
// cost more than hashing a record.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("SHA-256 is not available");
    return fetched;
  }();
  return md;
}

}  // namespace

struct Sha256::Impl {
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
  impl_->ctx = EVP_MD_CTX_new();
  if (impl_->ctx == nullptr || EVP_DigestInit_ex2(impl_->ctx, sha256_md(), nullptr) != 1)
    throw std::runtime_error("SHA-256 init failed");
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
  if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1)
    throw std::runtime_error("SHA-256 update failed");
}

Bytes Sha256::finish() {
  Bytes out(32, '\0');
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(impl_->ctx, reinterpret_cast<unsigned char*>(out.data()), &len) != 1 ||
      len != 32)
    throw std::runtime_error("SHA-256 final failed");
  return out;
}

Bytes sha256(std::string_view data) {
  // One context per thread, reused: hashing is on every command's path (records, tokens).
  struct Ctx {
    EVP_MD_CTX* p = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(p); }
  };
  thread_local Ctx ctx;
  Bytes out(32, '\0');
  unsigned int len = 0;
  if (ctx.p == nullptr || EVP_DigestInit_ex2(ctx.p, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.p, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.p, reinterpret_cast<unsigned char*>(out.data()), &len) != 1 || len != 32)
    throw std::runtime_error("SHA-256 failed");
  return out;
}

Bytes hmac_sha256(std::string_view key, std::string_view data) {
  Bytes out(32, '\0');
  unsigned int len = 0;
  if (HMAC(sha256_md(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           reinterpret_cast<unsigned char*>(out.data()), &len) == nullptr)
    throw std::runtime_error("HMAC-SHA-256 failed");
  return out;
}

}  // namespace dx::crypto
