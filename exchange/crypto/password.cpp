#include <openssl/evp.h>

#include <cstdio>
#include <stdexcept>

#include "crypto/crypto.hpp"

namespace dx::crypto {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::optional<Bytes> scrypt(std::string_view password, std::string_view salt, const KdfParams& p) {
  const std::uint64_t n = 1ull << p.log2_n;
  // scrypt needs 128 * r * N bytes for its table, plus room for 128 * r * p.
  const std::uint64_t maxmem = 128ull * p.r * (n + p.p + 2) + (1 << 20);
  Bytes out(kHashBytes, '\0');
  if (EVP_PBE_scrypt(password.data(), password.size(), reinterpret_cast<const unsigned char*>(salt.data()),
                     salt.size(), n, static_cast<std::uint64_t>(p.r), static_cast<std::uint64_t>(p.p), maxmem,
                     reinterpret_cast<unsigned char*>(out.data()), out.size()) != 1)
    return std::nullopt;
  return out;
}

bool reasonable(const KdfParams& p) {
  return p.log2_n >= 10 && p.log2_n <= 20 && p.r >= 1 && p.r <= 32 && p.p >= 1 && p.p <= 16;
}

}  // namespace

std::string hash_password(std::string_view password, const KdfParams& params) {
  if (!reasonable(params)) throw std::invalid_argument("unreasonable scrypt parameters");
  const Bytes salt = random_bytes(kSaltBytes);
  auto hash = scrypt(password, salt, params);
  if (!hash) throw std::runtime_error("scrypt failed");
  return "$scrypt$ln=" + std::to_string(params.log2_n) + ",r=" + std::to_string(params.r) +
         ",p=" + std::to_string(params.p) + "$" + base64(salt) + "$" + base64(*hash);
}

bool verify_password(std::string_view password, std::string_view encoded) {
  KdfParams p;
  char salt_b64[64] = {}, hash_b64[64] = {};
  const std::string text(encoded);
  if (text.size() > 200 ||
      std::sscanf(text.c_str(), "$scrypt$ln=%d,r=%d,p=%d$%63[^$]$%63s", &p.log2_n, &p.r, &p.p, salt_b64,
                  hash_b64) != 5 ||
      !reasonable(p))
    return false;
  const auto salt = unbase64(salt_b64);
  const auto expected = unbase64(hash_b64);
  if (!salt || !expected || expected->size() != kHashBytes) return false;
  const auto actual = scrypt(password, *salt, p);
  return actual && constant_time_equal(*actual, *expected);
}

}  // namespace dx::crypto
