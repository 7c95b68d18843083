#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

#include "crypto/crypto.hpp"

namespace dx::crypto {

namespace {

constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* u(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void check_key(std::string_view key) {
  if (key.size() != 32) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
}

}  // namespace

Bytes seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  check_key(key);
  const Bytes nonce = random_bytes(kNonce);
  auto ctx = new_ctx();
  Bytes out = nonce + Bytes(plaintext.size() + kTag, '\0');
  auto* ct = reinterpret_cast<unsigned char*>(out.data() + kNonce);
  int len = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key), u(nonce)) != 1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, u(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), ct, &len, u(plaintext), static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), ct + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTag, ct + plaintext.size()) != 1)
    throw std::runtime_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<Bytes> open(std::string_view key, std::string_view sealed, std::string_view aad) {
  check_key(key);
  if (sealed.size() < kNonce + kTag) return std::nullopt;
  const auto nonce = sealed.substr(0, kNonce);
  const auto ct = sealed.substr(kNonce, sealed.size() - kNonce - kTag);
  Bytes tag(sealed.substr(sealed.size() - kTag));
  auto ctx = new_ctx();
  Bytes out(ct.size(), '\0');
  auto* pt = reinterpret_cast<unsigned char*>(out.data());
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, u(key), u(nonce)) != 1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, u(aad), static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), pt, &len, u(ct), static_cast<int>(ct.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTag, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), pt + len, &len) != 1)
    return std::nullopt;
  return out;
}

}  // namespace dx::crypto
