// Reads a dataset once, streaming, in bounded memory: the O9 facts (it parses, it is not empty,
// how many rows, whether it is in the format declared), the direct identifiers in each column
// (P5, TJ-29), the national-security keywords in its values (P1) and the smallest group over
// the declared quasi-identifier columns (k-anonymity, P5).
//
// The layout is read from the content, whatever the seller declared (sniff.hpp): a file
// declared CSV that holds JSON Lines is read as JSON Lines, a tab- or semicolon-separated one
// at its own delimiter, and ScanResult says so. A declared format the scanner does not know
// (DataFormat::other) is read the same way when its first 4 KiB are text, and not at all when
// they hold control characters (a spreadsheet, an archive).
//
// Memory is bounded by the longest record and by the number of distinct quasi-identifier
// combinations, never by the size of the file. Values found are counted, never kept or reported.
// Not thread-safe: one caller feeds one scanner.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/product.hpp"

namespace dx::compliance {

struct Rules;

enum class IdentifierKind { identity_number, mobile_number, email_address, bank_card_number };
const char* to_string(IdentifierKind k);

// What a column holds of one kind, as counted: whether that makes it a column of identifiers is
// the screening's judgement (IdentifierColumns in rules.hpp), except for card numbers, which
// count only where at least half of the column's 13-19 digit numbers pass Luhn.
struct ColumnIdentifiers {
  std::string column;  // header name (CSV) or key (JSON Lines)
  IdentifierKind kind = IdentifierKind::identity_number;
  std::int64_t count = 0;    // cells holding such an identifier, as the whole cell or inside text
  std::int64_t in_text = 0;  // of `count`, those written inside other text (identity and mobile)
  std::int64_t masked = 0;   // cells holding a masked one (138****0000), not in `count`
  std::int64_t with_digits = 0;  // the column's cells holding any digit
};

// A national-security keyword (P1) in the values of a column.
struct ColumnKeyword {
  std::string column;
  std::string keyword;     // as configured (simplified), whichever script the data used
  std::int64_t count = 0;  // cells holding it
};

struct ScanResult {
  bool parsed = false;      // read to the end
  std::string parse_error;  // when !parsed: what and where ("line 12: unterminated quote")
  std::int64_t rows = 0;    // data rows (CSV: not counting the header)
  std::vector<std::string> columns;
  std::vector<ColumnIdentifiers> identifiers;  // only kinds with count > 0, in column order
  std::vector<ColumnKeyword> keywords;  // in column order, then keyword order; needs the rules
  // How the content was read, whatever was declared: jsonl, tsv, or csv for delimited text with
  // any other delimiter; `delimiter` is the one delimited text was split at.
  DataFormat read_as = DataFormat::other;
  char delimiter = ',';
  // Over the declared quasi-identifiers present in the data: the size of the smallest group of
  // rows sharing one combination of their values; nullopt when none was declared or no row.
  std::optional<std::int64_t> k_min;
  std::vector<std::string> missing_quasi_identifiers;  // declared but not a column
  bool too_many_groups = false;  // more distinct combinations than the limit: k_min counts what fit
};

struct ScanLimits {
  std::size_t max_record_bytes = 1 << 20;  // one CSV record or JSON line
  std::size_t max_columns = 4096;
  std::size_t max_groups = 4'000'000;  // distinct quasi-identifier combinations kept
};

class Scanner {
 public:
  // `today` judges identity numbers (a birth date after today is no valid number). Finds no
  // keywords: screening passes the rules to the constructor below.
  Scanner(DataFormat format, std::vector<std::string> quasi_identifiers,
          std::chrono::year_month_day today, ScanLimits limits = {});
  // Also finds the rules' national-security keywords (P1) in every value, in simplified and
  // traditional Chinese. The scanner shares the rules' matcher; `rules` may die before it.
  Scanner(DataFormat format, std::vector<std::string> quasi_identifiers, const Rules& rules,
          std::chrono::year_month_day today, ScanLimits limits = {});
  ~Scanner();
  Scanner(Scanner&&) noexcept;
  Scanner& operator=(Scanner&&) noexcept;

  // Any split of the input into chunks gives the same result.
  void feed(std::string_view chunk);
  ScanResult finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dx::compliance
