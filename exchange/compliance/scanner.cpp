#include "compliance/scanner.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>

#include "compliance/csv_fields.hpp"
#include "compliance/detectors.hpp"
#include "compliance/json_line.hpp"
#include "compliance/qi_groups.hpp"
#include "compliance/record_splitter.hpp"
#include "compliance/text.hpp"

namespace dx::compliance {
namespace {

using detail::CellKind;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);  // no column, or no quasi-identifier

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

using CellCounts = std::array<std::int64_t, detail::kCellKinds>;

std::int64_t at(const CellCounts& c, CellKind k) { return c[static_cast<std::size_t>(k)]; }

// The identifiers of one column worth reporting. A column of 13-19 digit numbers of which most
// fail Luhn holds ids or timestamps, where one in ten passes by chance; real card numbers all
// pass. So card numbers count only where at least half of such numbers pass.
void report_column(const std::string& name, const CellCounts& c,
                   std::vector<ColumnIdentifiers>& out) {
  const auto add = [&](IdentifierKind kind, std::int64_t n) {
    if (n > 0) out.push_back({name, kind, n});
  };
  add(IdentifierKind::identity_number, at(c, CellKind::identity_number));
  add(IdentifierKind::mobile_number, at(c, CellKind::mobile_number));
  add(IdentifierKind::email_address, at(c, CellKind::email_address));
  const std::int64_t cards = at(c, CellKind::bank_card_number);
  if (cards >= at(c, CellKind::long_number)) add(IdentifierKind::bank_card_number, cards);
}

}  // namespace

const char* to_string(IdentifierKind k) {
  switch (k) {
    case IdentifierKind::identity_number:
      return "identity_number";
    case IdentifierKind::mobile_number:
      return "mobile_number";
    case IdentifierKind::email_address:
      return "email_address";
    case IdentifierKind::bank_card_number:
      return "bank_card_number";
  }
  return "identity_number";
}

struct Scanner::Impl {
  Impl(DataFormat f, std::vector<std::string> qis, std::chrono::year_month_day d, ScanLimits l)
      : format(f),
        quasi_identifiers(std::move(qis)),
        today(d),
        limits(l),
        splitter(f == DataFormat::csv ? detail::RecordSplitter::Mode::csv
                                      : detail::RecordSplitter::Mode::lines,
                 l.max_record_bytes),
        json([this](std::string_view column, std::string_view value) {
          return json_value(column, value);
        }),
        groups(quasi_identifiers.size(), l.max_groups) {}

  bool on_record(const detail::Record& r) {
    if (format == DataFormat::csv) return on_csv(r);
    return on_json(r);
  }

  // ---- CSV ----
  bool on_csv(const detail::Record& r) {
    if (r.text.empty()) return true;  // blank line
    if (!csv.split(r.text, r.has_quotes)) return fail(r.line, csv.error());
    if (!header_seen) return on_header(r);
    const auto& fields = csv.fields();
    if (fields.size() != columns.size()) {
      return fail(r.line, std::to_string(fields.size()) + " fields where the header has " +
                              std::to_string(columns.size()));
    }
    begin_row();
    for (std::size_t i = 0; i < fields.size(); ++i) count(i, fields[i]);
    end_row();
    return true;
  }

  bool on_header(const detail::Record& r) {
    header_seen = true;
    for (std::string_view name : csv.fields()) {
      if (add_column(detail::trim(name)) == kNone) return fail(r.line, too_many_columns());
    }
    return true;
  }

  // ---- JSON Lines ----
  bool on_json(const detail::Record& r) {
    if (detail::trim(r.text).empty()) return true;
    begin_row();
    if (!json.read(r.text)) {
      return fail(r.line, json.error().empty() ? too_many_columns() : json.error());
    }
    end_row();
    return true;
  }

  bool json_value(std::string_view column, std::string_view value) {
    auto it = column_index.find(column);
    std::size_t i = it != column_index.end() ? it->second : add_column(column);
    if (i == kNone) return false;
    count(i, value);
    return true;
  }

  // ---- shared ----
  // The new column's index, or kNone past the column limit.
  std::size_t add_column(std::string_view name) {
    if (columns.size() == limits.max_columns) return kNone;
    const std::size_t index = columns.size();
    columns.emplace_back(name);
    counts.push_back({});
    column_index.try_emplace(columns.back(), index);
    const auto qi = std::find(quasi_identifiers.begin(), quasi_identifiers.end(), name);
    const bool first_of_name = column_index.at(columns.back()) == index;
    qi_of_column.push_back(qi != quasi_identifiers.end() && first_of_name
                               ? static_cast<std::size_t>(qi - quasi_identifiers.begin())
                               : kNone);
    return index;
  }

  void count(std::size_t column, std::string_view value) {
    ++counts[column][static_cast<std::size_t>(detail::classify_cell(value, today))];
    if (qi_of_column[column] != kNone) groups.set(qi_of_column[column], detail::trim(value));
  }

  void begin_row() {
    if (!quasi_identifiers.empty()) groups.begin_row();
  }

  void end_row() {
    ++rows;
    if (!quasi_identifiers.empty()) groups.end_row();
  }

  std::string too_many_columns() const {
    return "more than " + std::to_string(limits.max_columns) + " columns";
  }

  bool fail(std::int64_t line, std::string_view what) {
    error = "line " + std::to_string(line) + ": " + std::string(what);
    return false;
  }

  ScanResult result() const;

  DataFormat format;
  std::vector<std::string> quasi_identifiers;
  std::chrono::year_month_day today;
  ScanLimits limits;
  detail::RecordSplitter splitter;
  detail::CsvFields csv;
  detail::JsonLine json;
  detail::QiGroups groups;
  std::vector<std::string> columns;
  std::vector<CellCounts> counts;  // per column, by CellKind
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> column_index;
  std::vector<std::size_t> qi_of_column;  // per column: its quasi-identifier slot, or kNone
  bool header_seen = false;
  std::int64_t rows = 0;
  std::string error;  // a record that did not parse; the splitter keeps its own errors
};

ScanResult Scanner::Impl::result() const {
  ScanResult r;
  r.rows = rows;
  r.columns = columns;
  if (format == DataFormat::other) {
    r.parse_error = "the declared format cannot be read";
  } else if (!error.empty() || splitter.failed()) {
    r.parse_error = !error.empty() ? error : splitter.error();
  } else {
    r.parsed = true;
  }
  for (std::size_t i = 0; i < columns.size(); ++i)
    report_column(columns[i], counts[i], r.identifiers);
  bool any_present = false;
  for (const std::string& qi : quasi_identifiers) {
    const bool present = column_index.contains(qi);
    any_present = any_present || present;
    if (!present) r.missing_quasi_identifiers.push_back(qi);
  }
  if (any_present) r.k_min = groups.k_min();
  r.too_many_groups = groups.too_many_groups();
  return r;
}

Scanner::Scanner(DataFormat format, std::vector<std::string> quasi_identifiers,
                 std::chrono::year_month_day today, ScanLimits limits)
    : impl_(std::make_unique<Impl>(format, std::move(quasi_identifiers), today, limits)) {}

Scanner::~Scanner() = default;
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;

void Scanner::feed(std::string_view chunk) {
  if (impl_->format == DataFormat::other) return;
  impl_->splitter.feed(chunk, [this](const detail::Record& r) { return impl_->on_record(r); });
}

ScanResult Scanner::finish() {
  if (impl_->format != DataFormat::other) {
    impl_->splitter.finish([this](const detail::Record& r) { return impl_->on_record(r); });
  }
  return impl_->result();
}

}  // namespace dx::compliance
