#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <charconv>
#include <memory>
#include <stdexcept>
#include <vector>

#include "crypto/crypto.hpp"
#include "crypto/openssl_error.hpp"

namespace dx::crypto {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// N * r * p of ln=20, r=8, p=1: a 1 GiB table and a few seconds of one core.
constexpr std::uint64_t kMaxCost = std::uint64_t{1} << 23;
constexpr std::uint64_t kMemorySlack = std::uint64_t{1} << 20;
constexpr std::size_t kMaxEncodedSize = 256;

struct Encoded {
  KdfParams params;
  Bytes salt;
  Bytes hash;
};

// Bounds what an encoded string may ask of the server: a stored hash is data, and data must not
// be able to make one verification take many gigabytes or minutes.
bool reasonable(const KdfParams& p) {
  if (p.log2_n < 10 || p.log2_n > 20 || p.r < 1 || p.r > 32 || p.p < 1 || p.p > 16) return false;
  const auto r_times_p = static_cast<std::uint64_t>(p.r) * static_cast<std::uint64_t>(p.p);
  return (r_times_p << p.log2_n) <= kMaxCost;
}

// scrypt allocates 128 * r * N bytes for its table and 128 * r * p for its blocks.
std::uint64_t memory_needed(const KdfParams& p) {
  const std::uint64_t n = std::uint64_t{1} << p.log2_n;
  return 128 * static_cast<std::uint64_t>(p.r) * (n + static_cast<std::uint64_t>(p.p) + 2);
}

Bytes derive(std::string_view password, std::string_view salt, const KdfParams& p) {
  using Kdf = std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)>;
  using KdfCtx = std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)>;
  const Kdf kdf(EVP_KDF_fetch(nullptr, OSSL_KDF_NAME_SCRYPT, nullptr), &EVP_KDF_free);
  const KdfCtx ctx(kdf ? EVP_KDF_CTX_new(kdf.get()) : nullptr, &EVP_KDF_CTX_free);
  if (!ctx) detail::throw_openssl_error("scrypt is not available");
  std::uint64_t n = std::uint64_t{1} << p.log2_n;
  std::uint32_t r = static_cast<std::uint32_t>(p.r);
  std::uint32_t parallel = static_cast<std::uint32_t>(p.p);
  std::uint64_t max_memory = memory_needed(p) + kMemorySlack;
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, const_cast<char*>(password.data()),
                                        password.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &parallel),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
      OSSL_PARAM_construct_end()};
  Bytes out(kHashBytes, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) !=
      1)
    detail::throw_openssl_error("scrypt failed");
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t at; (at = text.find(separator)) != std::string_view::npos;) {
    parts.push_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  parts.push_back(text);
  return parts;
}

// "name=123" with nothing else around it.
std::optional<int> named_int(std::string_view field, std::string_view name) {
  if (!field.starts_with(name) || field.substr(name.size()).substr(0, 1) != "=")
    return std::nullopt;
  const std::string_view digits = field.substr(name.size() + 1);
  int value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || error != std::errc{} || end != digits.data() + digits.size())
    return std::nullopt;
  return value;
}

std::optional<KdfParams> parse_params(std::string_view text) {
  const auto fields = split(text, ',');
  if (fields.size() != 3) return std::nullopt;
  const auto log2_n = named_int(fields[0], "ln");
  const auto r = named_int(fields[1], "r");
  const auto p = named_int(fields[2], "p");
  if (!log2_n || !r || !p) return std::nullopt;
  const KdfParams params{*log2_n, *r, *p};
  return reasonable(params) ? std::optional(params) : std::nullopt;
}

// $scrypt$ln=15,r=8,p=1$<salt b64>$<hash b64>
std::optional<Encoded> parse_encoded(std::string_view encoded) {
  if (encoded.size() > kMaxEncodedSize) return std::nullopt;
  const auto fields = split(encoded, '$');
  if (fields.size() != 5 || !fields[0].empty() || fields[1] != "scrypt") return std::nullopt;
  auto params = parse_params(fields[2]);
  auto salt = unbase64(fields[3]);
  auto hash = unbase64(fields[4]);
  if (!params || !salt || salt->empty() || !hash || hash->size() != kHashBytes) return std::nullopt;
  return Encoded{*params, std::move(*salt), std::move(*hash)};
}

}  // namespace

std::string hash_password(std::string_view password, const KdfParams& params) {
  if (!reasonable(params)) throw std::invalid_argument("unreasonable scrypt parameters");
  const Bytes salt = random_bytes(kSaltBytes);
  const Bytes hash = derive(password, salt, params);
  return "$scrypt$ln=" + std::to_string(params.log2_n) + ",r=" + std::to_string(params.r) +
         ",p=" + std::to_string(params.p) + "$" + base64(salt) + "$" + base64(hash);
}

bool verify_password(std::string_view password, std::string_view encoded) {
  const auto stored = parse_encoded(encoded);
  return stored &&
         constant_time_equal(derive(password, stored->salt, stored->params), stored->hash);
}

}  // namespace dx::crypto
