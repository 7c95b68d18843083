// Internal to dx_compliance: resident identity numbers and mainland mobile numbers (P5, TJ-29;
// P6) as a person writes them, not only as a database stores them: ASCII or full-width digits
// (０-９, Ｘ), groups separated by a space, hyphen or dot ("138 0013 8000", "110105-1949..."),
// a +86, 86 or 0086 country prefix, a lower-case check x, and the 15-digit numbers of
// GB 11643-1989. Every candidate is validated, so a number of the right length is not enough.
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dx::compliance::detail {

enum class NumberKind : std::uint8_t { none, identity_number, mobile_number };

// 11 digits in a range that mainland operators assign to mobiles: 13x, 14[5-9], 15[0-35-9],
// 16[2567], 17[0-8], 18x, 19[0-35-9].
bool is_mobile_digits(std::string_view digits);

// GB 11643-1999 (and the residence permits and permanent-residence cards that share its layout):
// 17 digits and a check character ('0'-'9' or 'X'); a region of a province-level division,
// a birth date from 1900 to `today`, and the ISO 7064 MOD 11-2 check.
bool is_identity_number_18(std::string_view first17, char check, std::chrono::year_month_day today);

// GB 11643-1989: 15 digits; a mainland province code, a birth date YYMMDD of 19YY, a 3-digit
// sequence and no check character.
bool is_identity_number_15(std::string_view digits);

// A run of digits as written, read into ASCII: groups of digits (ASCII or full-width) joined by
// single separators, optionally led by a plus sign and ended by a check character X.
struct NumberRun {
  static constexpr std::size_t kMaxDigits = 40;
  static constexpr std::size_t kMaxGroups = 12;

  char digits[kMaxDigits];
  std::uint16_t group_end[kMaxGroups];  // digits up to the end of each group
  bool dot_before[kMaxGroups];          // group i follows a '.' (a decimal point, if alone)
  std::size_t groups = 0;
  bool plus = false;       // a '+' before the first group
  bool check_x = false;    // an X (or x, Ｘ, ｘ) right after the last group
  bool truncated = false;  // more digits than kMaxDigits: the last group is not all stored
};

// True when `p` starts a digit (ASCII or full-width), or a plus sign directly before one.
bool starts_number(const char* p, const char* end);

// Reads the run starting at `p` (where starts_number() holds). A group after the first needs
// three digits or more, except one ended by the check X ("1101 0519 4912 3100 2X"); a shorter
// one ends the run before its separator. Returns the position just past the run.
const char* read_number_run(const char* p, const char* end, NumberRun& run);

// What the digits of groups [first, last] of `run` are when read as one number.
NumberKind kind_of_groups(const NumberRun& run, std::size_t first, std::size_t last,
                          std::chrono::year_month_day today);

// The identifiers written as consecutive groups of `run` ("2024 138 0013 8000" holds one), each
// group used at most once; calls found(NumberKind) for each.
template <typename Found>
void find_in_run(const NumberRun& run, std::chrono::year_month_day today, Found&& found);

// ---- implementation ----

inline std::size_t group_begin(const NumberRun& run, std::size_t g) {
  return g == 0 ? 0 : run.group_end[g - 1];
}

template <typename Found>
void find_in_run(const NumberRun& run, std::chrono::year_month_day today, Found&& found) {
  constexpr std::size_t kLongest = 18;
  for (std::size_t first = 0; first < run.groups; ++first) {
    for (std::size_t last = first; last < run.groups; ++last) {
      if (run.group_end[last] - group_begin(run, first) > kLongest) break;
      const NumberKind kind = kind_of_groups(run, first, last, today);
      if (kind != NumberKind::none) {
        found(kind);
        first = last;
        break;
      }
    }
  }
}

}  // namespace dx::compliance::detail
