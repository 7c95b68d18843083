// Internal to dx_compliance: small text helpers shared by the scanner and the screening rules.
// Bytes are treated as UTF-8; only ASCII is folded, so Chinese text passes unchanged.
#pragma once

#include <string>
#include <string_view>

namespace dx::compliance::detail {

constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view trim_wide_space(std::string_view s);

// trim(), and also the white space that spreadsheets and input methods leave around a value:
// the ideographic space U+3000, no-break space U+00A0, zero-width space U+200B and U+FEFF.
// Those begin with E3, C2, E2 or EF and end with 80, A0, 8B or BF, so most text (Chinese too)
// takes the inline path.
inline std::string_view trim_cell(std::string_view s) {
  s = trim(s);
  if (s.empty()) return s;
  const auto front = static_cast<unsigned char>(s.front());
  const auto back = static_cast<unsigned char>(s.back());
  const bool wide_front = front == 0xE3 || front == 0xC2 || front == 0xE2 || front == 0xEF;
  const bool wide_back = back == 0x80 || back == 0xA0 || back == 0x8B || back == 0xBF;
  return wide_front || wide_back ? trim_wide_space(s) : s;
}

// True when `s` holds nothing but white space: ASCII, or the ideographic space U+3000 that
// Chinese input methods type, so "　" is no statement of source (O1).
bool is_blank(std::string_view s);

// Lower-cases ASCII letters and reads '_' and '-' as spaces, so that "Military_Base" matches the
// keyword "military base"; other bytes are kept.
std::string fold_ascii(std::string_view s);

// fold_ascii(), with every run of ASCII white space read as one space: how a declaration is
// matched against phrases ("stolen \n data" is "stolen data").
std::string fold_text(std::string_view s);

}  // namespace dx::compliance::detail
