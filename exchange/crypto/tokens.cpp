#include "crypto/crypto.hpp"

namespace dx::crypto {

namespace {

constexpr std::size_t kTokenBytes = 32;  // 256 bits

}  // namespace

std::string new_token(std::string_view prefix) {
  return std::string(prefix) + base64url(random_bytes(kTokenBytes));
}

Bytes token_digest(std::string_view token) { return sha256(token); }

}  // namespace dx::crypto
