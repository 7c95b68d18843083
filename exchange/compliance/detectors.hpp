// Internal to dx_compliance: recognises the direct identifiers of P5 (TJ-29) in one cell of a
// dataset, written as a person would write them (identifier_numbers.hpp). Called for every cell
// of every file, so each test starts with a check on the first character, the length or the
// number of digits that a cell of ordinary words or numbers fails at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace dx::compliance::detail {

// What a cell is as a whole, after trimming white space and a spreadsheet's ="…" or ' wrapper.
enum class CellKind : std::uint8_t {
  plain,
  identity_number,  // GB 11643-1999 with its check character, or GB 11643-1989 (15 digits)
  mobile_number,    // mainland mobile, optionally +86 / 86 / 0086
  email_address,
  bank_card_number,  // 13-19 digits passing Luhn, neither of the above
  long_number,       // 13-19 digits failing Luhn: an id or a timestamp, kept to judge a column
  masked_identity_number,  // 110105********002X: not a raw identifier, but says what the column is
  masked_mobile_number,    // 138****0000
};
inline constexpr int kCellKinds = 8;

// Everything the screening counts about one cell.
struct CellFacts {
  CellKind kind = CellKind::plain;
  bool has_digit = false;  // a digit anywhere: the cells a column's share of identifiers is of
  bool has_word = false;   // an ASCII letter or a non-ASCII byte: a keyword may be in it
  // Identifiers written inside a cell that is not just that number ("call 138 0013 8000").
  bool identity_in_text = false;
  bool mobile_in_text = false;
};

// Fills `facts` (fresh, all false) for `cell`. An out-parameter rather than a return value: the
// caller reads it field by field, which keeps the per-cell path free of store-forwarding stalls.
void inspect_cell(std::string_view cell, std::chrono::year_month_day today, CellFacts& facts);

// The kind inspect_cell() gives `cell`.
CellKind classify_cell(std::string_view cell, std::chrono::year_month_day today);

// The Luhn (ISO/IEC 7812-1) check over a string of digits.
bool passes_luhn(std::string_view digits);

// A whole cell that is one address: local part, '@', a domain of at least two labels.
bool is_email_address(std::string_view s);

}  // namespace dx::compliance::detail
