// Mainland China mobile numbers: 11 digits, the first 1 and the second 3-9. Used to reach a
// verified party (O2); pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dx::kyc {

// Why a string is not a mainland mobile number, in the order the rules are checked.
enum class MobileNumberError {
  characters,    // something other than digits, spaces, hyphens and a leading +86 or 86
  country_code,  // a '+' international prefix other than +86
  length,        // not 11 digits once separators and the country code are removed
  prefix,        // does not start with 13-19
};

// Removes surrounding white space, every space and hyphen, and a leading "+86", or a leading "86"
// followed by 11 digits. Does not validate.
std::string normalise_mobile_number(std::string_view raw);

// Normalises `raw`; the value is the bare 11 digits.
Result<std::string, MobileNumberError> validate_mobile_number(std::string_view raw);

// The first 3 and last 4 digits with the middle 4 replaced by '*' (138****1234).
std::string mask_mobile_number(std::string_view number);

// The stable snake_case name of a reason, as used in API field errors.
std::string_view to_string(MobileNumberError reason);

}  // namespace dx::kyc
