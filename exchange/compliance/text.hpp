// Internal to dx_compliance: small text helpers shared by the scanner and the screening rules.
// Bytes are treated as UTF-8; only ASCII is folded or trimmed, so Chinese text passes unchanged.
#pragma once

#include <string>
#include <string_view>

namespace dx::compliance::detail {

constexpr bool is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// True when `s` holds nothing but white space: ASCII, or the ideographic space U+3000 that
// Chinese input methods type, so "　" is no statement of source (O1).
bool is_blank(std::string_view s);

// Lower-cases ASCII letters and reads '_' and '-' as spaces, so that "Military_Base" matches the
// keyword "military base"; other bytes are kept.
std::string fold_ascii(std::string_view s);

}  // namespace dx::compliance::detail
