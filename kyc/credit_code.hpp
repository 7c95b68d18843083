// Unified social credit codes (GB 32100-2015), by which O2 identifies an organisation party to a
// trade (CQ-37(2), CQ-11(3)). Pure functions; thread-safe.
//
// No mask is offered: a credit code is printed on the business licence and published in the
// enterprise credit register, so showing it back discloses nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dx::kyc {

// Why a string is not a unified social credit code, in the order the rules are checked.
enum class CreditCodeError {
  length,             // not 18 characters after normalisation
  characters,         // a character outside 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z)
  region,             // characters 3-8 (the administrative division code) are not all digits
  organisation_code,  // characters 9-17 fail their own GB 11714 check character
  check_character,    // character 18 is not the GB 32100 check of the first 17
};

// The parts of a valid code (GB 32100-2015).
struct CreditCode {
  std::string code;                 // normalised: 18 upper-case characters
  char registration_authority = 0;  // character 1, e.g. '9' for market regulation
  char organisation_type = 0;       // character 2, e.g. '1' for an enterprise under '9'
  std::string region_code;          // characters 3-8: administrative division of registration
  std::string organisation_code;    // characters 9-17: GB 11714 code, its check last
};

// Drops surrounding ASCII white space and upper-cases letters. Does not validate.
std::string normalise_credit_code(std::string_view raw);

// Normalises `raw` and checks it against GB 32100-2015.
Result<CreditCode, CreditCodeError> validate_credit_code(std::string_view raw);

// The GB 32100 check character of the first 17 characters of a code; nullopt unless `first17` is
// exactly 17 characters of the code alphabet (upper case).
std::optional<char> compute_credit_code_check_character(std::string_view first17);

// The GB 11714 check character ('0'-'9' or 'X') of an 8-character organisation code body; nullopt
// unless `first8` is exactly 8 digits or upper-case letters.
std::optional<char> compute_organisation_code_check_character(std::string_view first8);

// The stable snake_case name of a reason, as used in API field errors.
std::string_view to_string(CreditCodeError reason);

}  // namespace dx::kyc
