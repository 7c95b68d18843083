// Internal to dx_compliance: what one pass over a cell's bytes tells the detectors, so that most
// cells need no second look: ASCII digits, full-width lead bytes (an upper bound of full-width
// digits), characters that mask digits ('*', 'x', 'X'), '@', and bytes of words (ASCII letters
// and non-ASCII). Five 12-bit counts are packed into one word, so that counting costs a table
// look-up and an addition per byte.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace dx::compliance::detail {

struct ByteCounts {
  std::size_t digits = 0;
  std::size_t wide = 0;
  std::size_t masks = 0;
  bool at = false;
  bool words = false;
};

inline constexpr int kCountBits = 12;
inline constexpr std::uint64_t kCountMask = (std::uint64_t{1} << kCountBits) - 1;
// A packed word holds the counts of at most this many bytes, so that no count carries over.
inline constexpr std::size_t kPackedBytes = kCountMask;

inline constexpr std::array<std::uint64_t, 256> kByteCounts = [] {
  constexpr std::uint64_t kDigit = 1, kWide = kDigit << kCountBits, kMask = kWide << kCountBits,
                          kAt = kMask << kCountBits, kWord = kAt << kCountBits;
  std::array<std::uint64_t, 256> t{};
  for (int b = 0x80; b < 256; ++b) t[b] = kWord;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = t[c - 'a' + 'A'] = kWord;
  for (int c = '0'; c <= '9'; ++c) t[c] = kDigit;
  t[0xEF] += kWide;  // the lead byte of U+FF00-U+FFEF, the full-width digits among them
  for (char c : {'*', 'x', 'X'}) t[static_cast<unsigned char>(c)] += kMask;
  t['@'] = kAt;
  return t;
}();

// The packed counts of at most kPackedBytes bytes.
inline std::uint64_t pack_counts(std::string_view s) {
  std::uint64_t packed = 0;
  for (const char c : s) packed += kByteCounts[static_cast<unsigned char>(c)];
  return packed;
}

inline void add_packed(std::uint64_t packed, ByteCounts& out) {
  out.digits += packed & kCountMask;
  out.wide += (packed >> kCountBits) & kCountMask;
  out.masks += (packed >> (2 * kCountBits)) & kCountMask;
  out.at = out.at || ((packed >> (3 * kCountBits)) & kCountMask) != 0;
  out.words = out.words || (packed >> (4 * kCountBits)) != 0;
}

inline ByteCounts count_bytes(std::string_view s) {
  ByteCounts out;
  for (std::size_t i = 0; i < s.size(); i += kPackedBytes) {
    add_packed(pack_counts(s.substr(i, kPackedBytes)), out);
  }
  return out;
}

}  // namespace dx::compliance::detail
