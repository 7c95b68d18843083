#include "kyc/phone.hpp"

#include <algorithm>

#include "kyc/ascii.hpp"

namespace dx::kyc {
namespace {

constexpr std::size_t kLength = 11;
constexpr std::string_view kCountryCode = "86";

bool is_separator(char c) { return c == ' ' || c == '-'; }

}  // namespace

std::string normalise_mobile_number(std::string_view raw) {
  std::string number(detail::trim_ascii_space(raw));
  std::erase_if(number, is_separator);
  const std::string_view view = number;
  if (view.starts_with('+') && view.substr(1).starts_with(kCountryCode)) {
    number.erase(0, 1 + kCountryCode.size());
  } else if (view.starts_with(kCountryCode) && view.size() == kCountryCode.size() + kLength) {
    number.erase(0, kCountryCode.size());
  }
  return number;
}

Result<std::string, MobileNumberError> validate_mobile_number(std::string_view raw) {
  std::string number = normalise_mobile_number(raw);
  if (number.starts_with('+')) return MobileNumberError::country_code;
  if (!detail::all_digits(number)) return MobileNumberError::characters;
  if (number.size() != kLength) return MobileNumberError::length;
  if (number[0] != '1' || number[1] < '3') return MobileNumberError::prefix;
  return number;
}

std::string mask_mobile_number(std::string_view number) {
  return detail::mask_middle(number, 3, 4);
}

std::string_view to_string(MobileNumberError reason) {
  switch (reason) {
    case MobileNumberError::characters:
      return "characters";
    case MobileNumberError::country_code:
      return "country_code";
    case MobileNumberError::length:
      return "length";
    case MobileNumberError::prefix:
      return "prefix";
  }
  return "unknown";
}

}  // namespace dx::kyc
