// Internal to dx_compliance: recognises the direct identifiers of P5 (TJ-29) in one cell of a
// dataset. Called for every cell of every file, so each test starts with a check on the first
// character or the length that a cell of ordinary words or numbers fails at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace dx::compliance::detail {

enum class CellKind : std::uint8_t {
  plain,
  identity_number,  // GB 11643-1999, check character verified (kyc)
  mobile_number,    // mainland mobile, optionally +86 / 86 (kyc)
  email_address,
  bank_card_number,  // 13-19 digits passing Luhn, neither of the above
  long_number,       // 13-19 digits failing Luhn: an id or a timestamp, kept to judge a column
};
inline constexpr int kCellKinds = 6;

// Classifies a cell after trimming surrounding white space. `today` judges identity numbers.
CellKind classify_cell(std::string_view cell, std::chrono::year_month_day today);

// The Luhn (ISO/IEC 7812-1) check over a string of digits.
bool passes_luhn(std::string_view digits);

// A whole cell that is one address: local part, '@', a domain of at least two labels.
bool is_email_address(std::string_view s);

}  // namespace dx::compliance::detail
