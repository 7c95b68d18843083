// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF. Exactly what
// the records' JSON accepts, so a string that passes here can always be recorded.
#pragma once

#include <cstddef>
#include <string_view>

namespace dx {

// The length in bytes of the well-formed sequence at the start of `s`; 0 when there is none.
inline std::size_t utf8_sequence_length(std::string_view s) {
  if (s.empty()) return 0;
  const auto b = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) len = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
  else if (c >= 0xF0 && c <= 0xF4) len = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
  else return 0;
  if (s.size() < len || b(1) < lo || b(1) > hi) return 0;
  for (std::size_t i = 2; i < len; ++i)
    if ((b(i) & 0xC0) != 0x80) return 0;
  return len;
}

inline bool valid_utf8(std::string_view s) {
  while (!s.empty()) {
    const std::size_t n = utf8_sequence_length(s);
    if (n == 0) return false;
    s.remove_prefix(n);
  }
  return true;
}

// The longest prefix of valid UTF-8 `s` of at most `max_bytes` bytes that ends between characters.
inline std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
  std::size_t end = 0;
  while (end < s.size()) {
    const std::size_t n = utf8_sequence_length(s.substr(end));
    if (n == 0 || end + n > max_bytes) break;
    end += n;
  }
  return s.substr(0, end);
}

}  // namespace dx
