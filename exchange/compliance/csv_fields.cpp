#include "compliance/csv_fields.hpp"

#include <algorithm>
#include <cstring>

namespace dx::compliance::detail {
namespace {

constexpr char kQuote = '"';

// ="0138…": how spreadsheets write a number to be kept as text, unquoted in the record.
bool is_formula_text(std::string_view field) {
  return field.size() >= 3 && field.starts_with("=\"") && field.ends_with('"') &&
         field.find(kQuote, 2) == field.size() - 1;
}

}  // namespace

CsvFields::Split CsvFields::split(std::string_view record, bool has_quotes) {
  fields_.clear();
  if (!has_quotes) {
    split_plain(record);
    return {};
  }
  return split_quoted(record);
}

void CsvFields::split_plain(std::string_view record) {
  const char* p = record.data();
  const char* const end = p + record.size();
  for (;;) {
    const void* comma = std::memchr(p, delimiter_, static_cast<std::size_t>(end - p));
    const char* stop = comma ? static_cast<const char*>(comma) : end;
    fields_.emplace_back(p, static_cast<std::size_t>(stop - p));
    if (!comma) return;
    p = stop + 1;
  }
}

// Reads the quoted field whose opening quote is at `open`; returns the index just past its
// closing quote.
Result<std::size_t, const char*> CsvFields::quoted_field(std::string_view record,
                                                         std::size_t open) {
  const std::size_t begin = open + 1;
  std::size_t from = begin;
  bool escaped = false;
  for (;;) {
    const std::size_t q = record.find(kQuote, from);
    if (q == std::string_view::npos) return "quoted field not closed";
    if (q + 1 < record.size() && record[q + 1] == kQuote) {
      escaped = true;
      from = q + 2;
      continue;
    }
    const std::string_view raw = record.substr(begin, q - begin);
    if (!escaped) {
      fields_.push_back(raw);
      return std::size_t{q + 1};
    }
    const std::size_t start = unescaped_.size();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      unescaped_.push_back(raw[i]);
      if (raw[i] == kQuote) ++i;  // the second quote of ""
    }
    fields_.emplace_back(unescaped_.data() + start, unescaped_.size() - start);
    return std::size_t{q + 1};
  }
}

CsvFields::Split CsvFields::split_quoted(std::string_view record) {
  unescaped_.clear();
  unescaped_.reserve(record.size());
  std::size_t pos = 0;
  for (;;) {
    if (pos < record.size() && record[pos] == kQuote) {
      const auto end = quoted_field(record, pos);
      if (!end) return end.error();
      pos = *end;
      if (pos < record.size() && record[pos] != delimiter_) return "text after a closing quote";
    } else {
      const std::size_t comma = std::min(record.find(delimiter_, pos), record.size());
      const std::string_view field = record.substr(pos, comma - pos);
      if (field.find(kQuote) != std::string_view::npos && !is_formula_text(field))
        return "quote inside an unquoted field";
      fields_.push_back(field);
      pos = comma;
    }
    if (pos == record.size()) return {};
    ++pos;  // the delimiter
  }
}

}  // namespace dx::compliance::detail
