#include "kyc/identity_number.hpp"

#include <algorithm>
#include <array>
#include <cassert>

#include "kyc/ascii.hpp"

namespace dx::kyc {
namespace {

using namespace std::chrono;
using detail::digit_value;
using detail::is_digit;

constexpr std::size_t kLength = 18;
constexpr std::size_t kBodyLength = 17;

// Province-level division codes (GB/T 2260), the first two digits of every number.
constexpr std::array<int, 34> kProvinceCodes = {
    11, 12, 13, 14, 15,          // north
    21, 22, 23,                  // north-east
    31, 32, 33, 34, 35, 36, 37,  // east
    41, 42, 43, 44, 45, 46,      // centre and south
    50, 51, 52, 53, 54,          // south-west
    61, 62, 63, 64, 65,          // north-west
    71, 81, 82,                  // Taiwan, Hong Kong, Macao
};

// GB 11643-1999: weights 2^(17-i) mod 11 for the i-th of the first 17 digits.
constexpr std::array<int, kBodyLength> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};

constexpr year_month_day kEarliestBirthDate = 1900y / January / 1;

bool is_province_code(std::string_view two_digits) {
  const int code = digit_value(two_digits[0]) * 10 + digit_value(two_digits[1]);
  return std::find(kProvinceCodes.begin(), kProvinceCodes.end(), code) != kProvinceCodes.end();
}

int parse_digits(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + digit_value(c);
  return value;
}

// Digits 7-14 as a date (YYYYMMDD); nullopt when they name no calendar day or a day before 1900.
std::optional<year_month_day> parse_birth_date(std::string_view yyyymmdd) {
  const year_month_day date{year{parse_digits(yyyymmdd.substr(0, 4))},
                            month{static_cast<unsigned>(parse_digits(yyyymmdd.substr(4, 2)))},
                            day{static_cast<unsigned>(parse_digits(yyyymmdd.substr(6, 2)))}};
  if (!date.ok() || date < kEarliestBirthDate) return std::nullopt;
  return date;
}

bool has_valid_characters(std::string_view number) {
  const char last = number[kBodyLength];
  return detail::all_digits(number.substr(0, kBodyLength)) && (is_digit(last) || last == 'X');
}

}  // namespace

std::string normalise_identity_number(std::string_view raw) {
  std::string number(detail::trim_ascii_space(raw));
  std::transform(number.begin(), number.end(), number.begin(), detail::to_upper);
  return number;
}

Result<IdentityNumber, IdentityNumberError> validate_identity_number(std::string_view raw,
                                                                      year_month_day today) {
  assert(today.ok());
  std::string number = normalise_identity_number(raw);
  if (number.size() != kLength) return IdentityNumberError::length;
  if (!has_valid_characters(number)) return IdentityNumberError::characters;
  const std::string_view view = number;
  if (!is_province_code(view.substr(0, 2))) return IdentityNumberError::region;
  const std::optional<year_month_day> birth = parse_birth_date(view.substr(6, 8));
  if (!birth) return IdentityNumberError::birth_date;
  if (*birth > today) return IdentityNumberError::future_birth_date;
  if (compute_identity_check_character(view.substr(0, kBodyLength)) != number[kBodyLength]) {
    return IdentityNumberError::check_character;
  }
  const Sex sex = digit_value(number[16]) % 2 == 1 ? Sex::male : Sex::female;
  std::string region(view.substr(0, 6));
  return IdentityNumber{std::move(number), std::move(region), *birth, sex};
}

std::optional<char> compute_identity_check_character(std::string_view first17) {
  if (first17.size() != kBodyLength || !detail::all_digits(first17)) return std::nullopt;
  int sum = 0;
  for (std::size_t i = 0; i < kBodyLength; ++i) sum += digit_value(first17[i]) * kWeights[i];
  // ISO 7064 MOD 11-2: the check c makes (sum + c) ≡ 1 (mod 11).
  const int check = (12 - sum % 11) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

int age_on(year_month_day birth, year_month_day today) {
  int years = static_cast<int>(today.year()) - static_cast<int>(birth.year());
  const bool birthday_to_come =
      month_day{today.month(), today.day()} < month_day{birth.month(), birth.day()};
  if (birthday_to_come) --years;
  return std::max(years, 0);
}

std::string mask_identity_number(std::string_view number) {
  return detail::mask_middle(number, 6, 4);
}

std::string_view to_string(IdentityNumberError reason) {
  switch (reason) {
    case IdentityNumberError::length:
      return "length";
    case IdentityNumberError::characters:
      return "characters";
    case IdentityNumberError::region:
      return "region";
    case IdentityNumberError::birth_date:
      return "birth_date";
    case IdentityNumberError::future_birth_date:
      return "future_birth_date";
    case IdentityNumberError::check_character:
      return "check_character";
  }
  return "unknown";
}

}  // namespace dx::kyc
