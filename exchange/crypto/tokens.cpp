#include "crypto/crypto.hpp"

#include <chrono>
#include <cstring>

namespace dx::crypto {

namespace {

constexpr std::size_t kTokenBytes = 32;  // 256 bits

}  // namespace

std::string new_token(std::string_view prefix) {
  return std::string(prefix) + base64url(random_bytes(kTokenBytes));
}

Bytes token_digest(std::string_view token) { return sha256(token); }

}  // namespace dx::crypto

namespace dx {

std::string new_id(const char* prefix) {
  // Time-ordered like a ULID: 8 characters of milliseconds since the epoch, then 72 random bits,
  // all in an alphabet whose ASCII order is its numeric order. New ids land at the end of their
  // indexes instead of on a random page, which keeps each commit's writes small.
  static constexpr char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string id = std::string(prefix) + "_";
  auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
  char time_part[8];
  for (int i = 7; i >= 0; --i, ms /= 62) time_part[i] = kAlphabet[ms % 62];
  id.append(time_part, 8);
  // 12 unbiased characters: bytes of 248 or more are dropped (248 = 4 * 62).
  while (id.size() < std::strlen(prefix) + 1 + 8 + 12)
    for (unsigned char b : crypto::random_bytes(16))
      if (b < 248 && id.size() < std::strlen(prefix) + 1 + 8 + 12) id += kAlphabet[b % 62];
  return id;
}

}  // namespace dx
