// Resident identity numbers (GB 11643-1999), by which O2 identifies a natural person party to a
// trade (CQ-37(2), CQ-11(3)). Pure functions of their arguments: "today" is passed in, so the
// future-birth-date rule reads no clock. Thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace dx::kyc {

// Why a string is not a resident identity number, in the order the rules are checked.
enum class IdentityNumberError {
  length,             // not 18 characters after normalisation
  characters,         // the first 17 are not all digits, or the 18th is neither a digit nor X
  region,             // the first two digits are not a province-level division code
  birth_date,         // digits 7-14 are no calendar date (YYYYMMDD), or are before 1900-01-01
  future_birth_date,  // the birth date is after today
  check_character,    // the 18th character is not the ISO 7064 MOD 11-2 check of the first 17
};

enum class Sex { female, male };

// The facts a valid number states about its holder.
struct IdentityNumber {
  std::string number;       // normalised: 18 characters, a check of 10 written as upper-case X
  std::string region_code;  // digits 1-6: the administrative division of first registration
  std::chrono::year_month_day birth_date;
  Sex sex = Sex::female;  // digit 17: odd for men, even for women
};

// Drops surrounding ASCII white space and upper-cases letters (a lower-case x check is accepted
// on input). Does not validate.
std::string normalise_identity_number(std::string_view raw);

// Normalises `raw` and checks it against GB 11643-1999. `today` must be a valid date.
Result<IdentityNumber, IdentityNumberError> validate_identity_number(
    std::string_view raw, std::chrono::year_month_day today);

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of the first 17 characters of a number;
// nullopt unless `first17` is exactly 17 digits.
std::optional<char> compute_identity_check_character(std::string_view first17);

// Whole years completed from `birth` to `today`; 0 when today is before the birth date. Someone
// born on 29 February completes a year on 1 March in common years.
int age_on(std::chrono::year_month_day birth, std::chrono::year_month_day today);

// The first 6 and last 4 characters with the rest replaced by '*' (110105********002X), for
// showing a number back without disclosing it (O10, CD-39).
std::string mask_identity_number(std::string_view number);

// The stable snake_case name of a reason, as used in API field errors.
std::string_view to_string(IdentityNumberError reason);

}  // namespace dx::kyc
