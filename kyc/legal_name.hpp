// Legal names of persons and organisations as registered for identity verification (O2). Names are
// UTF-8 and counted in code points, so a 100-character Chinese name is accepted although it takes
// 300 bytes. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dx::kyc {

inline constexpr std::size_t kMaxLegalNameCodePoints = 100;

// Why a string is not an acceptable legal name, in the order the rules are checked.
enum class LegalNameError {
  invalid_utf8,       // not well-formed UTF-8 (overlong forms and surrogates included)
  empty,              // nothing but white space
  control_character,  // a C0/C1 control, DEL, a bidirectional control or a line separator
  too_long,           // more than kMaxLegalNameCodePoints code points after trimming
};

// Trims white space (ASCII, no-break space U+00A0, ideographic space U+3000) from both ends and
// checks the rest; the value is the trimmed name, otherwise byte for byte as given.
Result<std::string, LegalNameError> validate_legal_name(std::string_view raw);

// The stable snake_case name of a reason, as used in API field errors.
std::string_view to_string(LegalNameError reason);

}  // namespace dx::kyc
