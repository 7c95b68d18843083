// Internal to dx_compliance: splits one CSV record (RFC 4180) into its fields, at commas or at the
// delimiter the scanner sniffed (tab, semicolon, pipe). A spreadsheet's ="…" text field is kept
// whole in an unquoted field, for the detectors to unwrap.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace dx::compliance::detail {

// Reusable buffers for splitting records without allocating per field. Not thread-safe.
class CsvFields {
 public:
  void set_delimiter(char delimiter) { delimiter_ = delimiter; }
  char delimiter() const { return delimiter_; }

  // What a malformed record is refused with: why, never quoting the data.
  using Split = Result<Unit, const char*>;

  // Replaces fields() with the fields of `record`; a quoted field is unquoted, "" read as ".
  // `has_quotes` false promises that `record` has no quote (the fast path).
  Split split(std::string_view record, bool has_quotes);

  // Views into the record or into an internal buffer; valid until the next split().
  const std::vector<std::string_view>& fields() const { return fields_; }

 private:
  void split_plain(std::string_view record);
  Split split_quoted(std::string_view record);
  Result<std::size_t, const char*> quoted_field(std::string_view record, std::size_t open);

  char delimiter_ = ',';
  std::vector<std::string_view> fields_;
  std::string unescaped_;  // reserved to the record's size first, so views into it stay valid
};

}  // namespace dx::compliance::detail
