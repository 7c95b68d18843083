#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <cstdint>

#include "crypto/crypto.hpp"
#include "crypto/openssl_error.hpp"

namespace dx::crypto {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kBase64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Every 3 input bytes become 4 characters; a short last group becomes 2 or 3, then padding.
std::string encode_base64(std::string_view in, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::uint32_t bits = 0;
  int count = 0;
  for (const unsigned char c : in) {
    bits = (bits << 8) | c;
    count += 8;
    for (; count >= 6; count -= 6) out += alphabet[(bits >> (count - 6)) & 63];
  }
  if (count > 0) out += alphabet[(bits << (6 - count)) & 63];
  if (pad) out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

std::size_t padding_of(std::string_view text) {
  if (text.ends_with("==")) return 2;
  return text.ends_with('=') ? 1 : 0;
}

}  // namespace

Bytes random_bytes(std::size_t n) {
  Bytes out(n, '\0');
  auto* at = reinterpret_cast<unsigned char*>(out.data());
  // Small requests (ids, tokens, keys: several per command) are served from a per-thread block
  // drawn from the same generator, one RAND_bytes call per block instead of one per request;
  // served bytes are wiped from the block at once.
  constexpr std::size_t kBlock = 1024;
  thread_local unsigned char block[kBlock];
  thread_local std::size_t left = 0;
  if (n <= 64) {
    if (left < n) {
      if (RAND_bytes(block, static_cast<int>(kBlock)) != 1) detail::throw_openssl_error("RAND_bytes failed");
      left = kBlock;
    }
    unsigned char* from = block + (kBlock - left);
    std::memcpy(at, from, n);
    OPENSSL_cleanse(from, n);
    left -= n;
    return out;
  }
  while (n > 0) {
    const int chunk = static_cast<int>(std::min<std::size_t>(n, INT_MAX));
    if (RAND_bytes(at, chunk) != 1) detail::throw_openssl_error("RAND_bytes failed");
    at += chunk;
    n -= static_cast<std::size_t>(chunk);
  }
  return out;
}

std::string hex(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const unsigned char c : bytes) {
    out += kHexDigits[c >> 4];
    out += kHexDigits[c & 15];
  }
  return out;
}

std::optional<Bytes> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

std::string base64(std::string_view bytes) { return encode_base64(bytes, kBase64, true); }

std::string base64url(std::string_view bytes) { return encode_base64(bytes, kBase64Url, false); }

std::optional<Bytes> unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  text.remove_suffix(padding_of(text));
  Bytes out;
  out.reserve(text.size() / 4 * 3 + 2);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : text) {
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;  // also a '=' anywhere but at the end
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 255);
    }
  }
  // The bits left over must be zero (RFC 4648 section 3.5): one encoding per byte string.
  if ((bits & ((1u << count) - 1)) != 0) return std::nullopt;
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // The length is not secret; only the contents are compared in constant time.
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dx::crypto
