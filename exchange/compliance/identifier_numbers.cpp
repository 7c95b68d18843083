#include "compliance/identifier_numbers.hpp"

#include <array>

#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

using namespace std::chrono;

constexpr std::size_t kMinGroupAfterSeparator = 3;
constexpr year_month_day kEarliestBirthDate = 1900y / January / 1;
// GB 11643-1999: weights 2^(17-i) mod 11 for the i-th of the first 17 digits.
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

// Province-level division codes (GB/T 2260), the first two digits of a mainland number.
constexpr bool is_mainland_province(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65);
}

// Also Taiwan (71), the residence permits of Hong Kong, Macao and Taiwan residents (81, 82, 83)
// and the 2023 permanent-residence cards of foreigners: 9 and the issuing province (91-96).
constexpr bool is_region_18(int code) {
  return is_mainland_province(code) || code == 71 || code == 81 || code == 82 || code == 83 ||
         (code >= 91 && code <= 96);
}

int number_of(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

bool is_birth_date(int y, int m, int d, year_month_day today) {
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)},
                            day{static_cast<unsigned>(d)}};
  return date.ok() && date >= kEarliestBirthDate && date <= today;
}

// The UTF-8 encodings read as part of a number, each as (bytes, length) or 0 when absent.
constexpr unsigned char kFullWidthLead = 0xEF;

int digit_at(const char* p, const char* end, std::size_t& length) {
  if (is_digit(*p)) {
    length = 1;
    return *p - '0';
  }
  // U+FF10-U+FF19 FULLWIDTH DIGIT ZERO-NINE: EF BC 90-99.
  if (end - p >= 3 && static_cast<unsigned char>(p[0]) == kFullWidthLead &&
      static_cast<unsigned char>(p[1]) == 0xBC) {
    const unsigned char third = static_cast<unsigned char>(p[2]);
    if (third >= 0x90 && third <= 0x99) {
      length = 3;
      return third - 0x90;
    }
  }
  return -1;
}

bool is_byte(const char* p, unsigned char b) { return static_cast<unsigned char>(*p) == b; }

// The three-byte UTF-8 sequence lead, b1, b2 at `p`. Every such byte is above 0x7F, so ASCII
// text is told apart by its first byte alone.
bool is_wide(const char* p, const char* end, unsigned char lead, unsigned char b1,
             unsigned char b2) {
  return end - p >= 3 && is_byte(p, lead) && is_byte(p + 1, b1) && is_byte(p + 2, b2);
}

std::size_t plus_length(const char* p, const char* end) {
  if (*p == '+') return 1;
  return is_wide(p, end, 0xEF, 0xBC, 0x8B) ? 3 : 0;  // ＋
}

std::size_t check_x_length(const char* p, const char* end) {
  if (*p == 'X' || *p == 'x') return 1;
  return is_wide(p, end, 0xEF, 0xBC, 0xB8) || is_wide(p, end, 0xEF, 0xBD, 0x98) ? 3 : 0;  // Ｘ ｘ
}

// A space, hyphen or dot between groups, ASCII or as Chinese input methods type them: the
// ideographic space, full-width hyphen and full stop, and the Unicode hyphens and dashes.
std::size_t separator_length(const char* p, const char* end, bool& dot) {
  dot = *p == '.';
  if (*p == ' ' || *p == '-' || *p == '.') return 1;
  if (static_cast<unsigned char>(*p) < 0x80 || end - p < 3) return 0;
  if (is_wide(p, end, 0xEF, 0xBC, 0x8E)) {  // ．
    dot = true;
    return 3;
  }
  if (is_wide(p, end, 0xE3, 0x80, 0x80) || is_wide(p, end, 0xEF, 0xBC, 0x8D)) return 3;
  const bool dash = is_byte(p, 0xE2) && is_byte(p + 1, 0x80) &&
                    static_cast<unsigned char>(p[2]) >= 0x90 &&
                    static_cast<unsigned char>(p[2]) <= 0x94;  // U+2010-U+2014
  return dash ? 3 : 0;
}

// Reads the digits of one group at `p` into `run`; returns the position after them.
const char* read_group(const char* p, const char* end, NumberRun& run, std::size_t& count) {
  std::size_t length = 0;
  for (int d; p < end && (d = digit_at(p, end, length)) >= 0; p += length) {
    if (count < NumberRun::kMaxDigits) {
      run.digits[count++] = static_cast<char>('0' + d);
    } else {
      run.truncated = true;
    }
  }
  return p;
}

}  // namespace

bool is_mobile_digits(std::string_view d) {
  if (d.size() != 11 || d[0] != '1') return false;
  const char b = d[1];
  const char c = d[2];
  switch (b) {
    case '3':
    case '8':
      return true;
    case '4':
      return c >= '5' && c <= '9';
    case '5':
    case '9':
      return c != '4';
    case '6':
      return c == '2' || c == '5' || c == '6' || c == '7';
    case '7':
      return c <= '8';
    default:
      return false;
  }
}

bool is_identity_number_18(std::string_view first17, char check, year_month_day today) {
  if (first17.size() != 17 || !is_region_18(number_of(first17.substr(0, 2)))) return false;
  if (!is_birth_date(number_of(first17.substr(6, 4)), number_of(first17.substr(10, 2)),
                     number_of(first17.substr(12, 2)), today)) {
    return false;
  }
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  // ISO 7064 MOD 11-2: the check c makes (sum + c) ≡ 1 (mod 11); 10 is written X.
  const int expected = (12 - sum % 11) % 11;
  return check == (expected == 10 ? 'X' : static_cast<char>('0' + expected));
}

bool is_identity_number_15(std::string_view d) {
  if (d.size() != 15 || !is_mainland_province(number_of(d.substr(0, 2)))) return false;
  // Every such birth date (1900-1999) is in the past, so no "today" is needed.
  constexpr year_month_day kAfterAll = 2000y / January / 1;
  return is_birth_date(1900 + number_of(d.substr(6, 2)), number_of(d.substr(8, 2)),
                       number_of(d.substr(10, 2)), kAfterAll);
}

bool starts_number(const char* p, const char* end) {
  std::size_t length = 0;
  if (digit_at(p, end, length) >= 0) return true;
  const std::size_t plus = plus_length(p, end);
  return plus != 0 && p + plus < end && digit_at(p + plus, end, length) >= 0;
}

const char* read_number_run(const char* p, const char* end, NumberRun& run) {
  run = NumberRun{};
  const std::size_t plus = plus_length(p, end);
  run.plus = plus != 0;
  p += plus;
  std::size_t count = 0;
  const char* separator = nullptr;  // where the separator before this group starts
  bool dot = false;
  for (;;) {
    const std::size_t before = count;
    const bool truncated_before = run.truncated;
    const char* after = read_group(p, end, run, count);
    const std::size_t x = after < end ? check_x_length(after, end) : 0;
    const bool too_short = separator != nullptr && count - before < kMinGroupAfterSeparator;
    if ((too_short && x == 0) || run.groups == NumberRun::kMaxGroups) {
      run.truncated = truncated_before;  // the group is left to a run of its own
      return separator;
    }
    run.dot_before[run.groups] = dot;
    run.group_end[run.groups++] = static_cast<std::uint16_t>(count);
    if (x != 0) {
      run.check_x = true;
      return after + x;
    }
    std::size_t length = 0;
    const std::size_t sep = after < end && !run.truncated ? separator_length(after, end, dot) : 0;
    if (sep == 0 || after + sep == end || digit_at(after + sep, end, length) < 0) return after;
    separator = after;
    p = after + sep;
  }
}

NumberKind kind_of_groups(const NumberRun& run, std::size_t first, std::size_t last,
                          year_month_day today) {
  const bool ends_run = last + 1 == run.groups;
  if (ends_run && run.truncated) return NumberKind::none;
  // "139.69170639" is a decimal number (a longitude), not a mobile number written with a dot.
  if (last == first + 1 && run.dot_before[last]) return NumberKind::none;
  const std::size_t begin = group_begin(run, first);
  const std::string_view d(run.digits + begin, run.group_end[last] - begin);
  const bool plus = first == 0 && run.plus;  // an international prefix: only +86 is mainland
  if (ends_run && run.check_x) {
    return !plus && is_identity_number_18(d, 'X', today) ? NumberKind::identity_number
                                                         : NumberKind::none;
  }
  switch (d.size()) {
    case 18:
      if (!plus && is_identity_number_18(d.substr(0, 17), d[17], today)) {
        return NumberKind::identity_number;
      }
      break;
    case 15:
      if (!plus && is_identity_number_15(d)) return NumberKind::identity_number;
      if (!plus && d.starts_with("0086") && is_mobile_digits(d.substr(4))) {
        return NumberKind::mobile_number;
      }
      break;
    case 13:
      if (d.starts_with("86") && is_mobile_digits(d.substr(2))) return NumberKind::mobile_number;
      break;
    case 11:
      if (!plus && is_mobile_digits(d)) return NumberKind::mobile_number;
      break;
    default:
      break;
  }
  return NumberKind::none;
}

}  // namespace dx::compliance::detail
