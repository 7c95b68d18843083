#include <openssl/evp.h>

#include <climits>
#include <memory>
#include <stdexcept>

#include "crypto/crypto.hpp"
#include "crypto/openssl_error.hpp"

namespace dx::crypto {

namespace {

constexpr std::size_t kKeyBytes = 32;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
// A length OpenSSL's int-based update calls take in one piece; far above any "small value".
constexpr std::size_t kMaxValueBytes = INT_MAX - kNonceBytes - kTagBytes;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_context() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) detail::throw_openssl_error("EVP_CIPHER_CTX_new failed");
  return ctx;
}

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int int_size(std::string_view s) { return static_cast<int>(s.size()); }

void check_key(std::string_view key) {
  if (key.size() != kKeyBytes) throw std::invalid_argument("AES-256-GCM needs a 32-byte key");
}

enum class Direction { seal, open };

// AES-256-GCM from `in` to `out` (as long as `in`). Sealing writes the tag to `tag`, opening checks
// it against `tag`; false when OpenSSL refuses, which for opening means a forged or damaged value.
bool run_gcm(Direction direction, std::string_view key, std::string_view nonce,
             std::string_view aad, std::string_view in, unsigned char* out, unsigned char* tag) {
  const auto ctx = new_context();
  EVP_CIPHER_CTX* c = ctx.get();
  const bool sealing = direction == Direction::seal;
  int len = 0;
  return EVP_CipherInit_ex(c, EVP_aes_256_gcm(), nullptr, bytes_of(key), bytes_of(nonce),
                           sealing ? 1 : 0) == 1 &&
         EVP_CipherUpdate(c, nullptr, &len, bytes_of(aad), int_size(aad)) == 1 &&
         EVP_CipherUpdate(c, out, &len, bytes_of(in), int_size(in)) == 1 &&
         (sealing || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, kTagBytes, tag) == 1) &&
         EVP_CipherFinal_ex(c, out + len, &len) == 1 &&
         (!sealing || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) == 1);
}

}  // namespace

Bytes seal(std::string_view key, std::string_view plaintext, std::string_view aad) {
  check_key(key);
  if (plaintext.size() > kMaxValueBytes || aad.size() > kMaxValueBytes)
    throw std::invalid_argument("value too large to seal");
  const Bytes nonce = random_bytes(kNonceBytes);
  Bytes out = nonce + Bytes(plaintext.size() + kTagBytes, '\0');
  auto* ciphertext = reinterpret_cast<unsigned char*>(out.data() + kNonceBytes);
  if (!run_gcm(Direction::seal, key, nonce, aad, plaintext, ciphertext,
               ciphertext + plaintext.size()))
    detail::throw_openssl_error("AES-256-GCM encryption failed");
  return out;
}

std::optional<Bytes> open(std::string_view key, std::string_view sealed, std::string_view aad) {
  check_key(key);
  if (sealed.size() < kNonceBytes + kTagBytes || sealed.size() > kMaxValueBytes ||
      aad.size() > kMaxValueBytes)
    return std::nullopt;
  const auto nonce = sealed.substr(0, kNonceBytes);
  const auto ciphertext = sealed.substr(kNonceBytes, sealed.size() - kNonceBytes - kTagBytes);
  Bytes tag(sealed.substr(sealed.size() - kTagBytes));
  Bytes out(ciphertext.size(), '\0');
  // `out` holds unauthenticated bytes until the tag has been checked; they are dropped otherwise.
  if (!run_gcm(Direction::open, key, nonce, aad, ciphertext,
               reinterpret_cast<unsigned char*>(out.data()),
               reinterpret_cast<unsigned char*>(tag.data()))) {
    detail::discard_openssl_errors();
    return std::nullopt;
  }
  return out;
}

}  // namespace dx::crypto
