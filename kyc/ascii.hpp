// Internal to dx_kyc: helpers shared by the validators, not part of the public API. Identity
// numbers, credit codes and mobile numbers are ASCII by definition, so these work on bytes and
// never consult the C locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dx::kyc::detail {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr bool is_ascii_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

constexpr char to_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

constexpr int digit_value(char c) { return c - '0'; }

constexpr bool all_digits(std::string_view s) {
  for (char c : s) {
    if (!is_digit(c)) return false;
  }
  return true;
}

constexpr std::string_view trim_ascii_space(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

// Keeps `front` leading and `back` trailing characters and replaces the rest with '*'. A string
// too short to hide anything between them is masked completely, so a mask never shows it all.
inline std::string mask_middle(std::string_view s, std::size_t front, std::size_t back) {
  if (s.size() <= front + back) return std::string(s.size(), '*');
  std::string masked(s);
  masked.replace(front, s.size() - front - back, s.size() - front - back, '*');
  return masked;
}

}  // namespace dx::kyc::detail
