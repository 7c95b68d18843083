// Reads a dataset once, streaming, in bounded memory: the O9 facts (it parses in its declared
// format, it is not empty, how many rows), the direct identifiers in each column (P5, TJ-29) and
// the smallest group over the declared quasi-identifier columns (k-anonymity, P5).
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

enum class IdentifierKind { identity_number, mobile_number, email_address, bank_card_number };
const char* to_string(IdentifierKind k);

struct ColumnIdentifiers {
  std::string column;  // header name (CSV) or key (JSON Lines)
  IdentifierKind kind = IdentifierKind::identity_number;
  std::int64_t count = 0;  // cells of that column holding such an identifier
};

struct ScanResult {
  bool parsed = false;       // read to the end in its declared format
  std::string parse_error;   // when !parsed: what and where ("line 12: unterminated quote")
  std::int64_t rows = 0;     // data rows (CSV: not counting the header)
  std::vector<std::string> columns;
  std::vector<ColumnIdentifiers> identifiers;  // only kinds with count > 0, in column order
  // Over the declared quasi-identifiers present in the data: the size of the smallest group of
  // rows sharing one combination of their values; nullopt when none was declared or no row.
  std::optional<std::int64_t> k_min;
  std::vector<std::string> missing_quasi_identifiers;  // declared but not a column
  bool too_many_groups = false;  // more distinct combinations than the limit: k_min counts what fit
};

struct ScanLimits {
  std::size_t max_record_bytes = 1 << 20;   // one CSV record or JSON line
  std::size_t max_columns = 4096;
  std::size_t max_groups = 4'000'000;       // distinct quasi-identifier combinations kept
};

class Scanner {
 public:
  // `today` judges identity numbers (a birth date after today is no valid number).
  Scanner(DataFormat format, std::vector<std::string> quasi_identifiers,
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
