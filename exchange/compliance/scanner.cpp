#include "compliance/scanner.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <optional>
#include <unordered_map>

#include "compliance/csv_fields.hpp"
#include "compliance/detectors.hpp"
#include "compliance/json_line.hpp"
#include "compliance/qi_groups.hpp"
#include "compliance/record_splitter.hpp"
#include "compliance/rules.hpp"
#include "compliance/sniff.hpp"
#include "compliance/terms.hpp"
#include "compliance/text.hpp"

namespace dx::compliance {
namespace {

using detail::CellKind;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);  // no column, or no quasi-identifier

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

// What the cells of one column held, as inspect_cell() saw them.
struct ColumnCounts {
  std::array<std::int64_t, detail::kCellKinds> kinds{};  // by CellKind
  std::int64_t with_digits = 0;
  std::int64_t identity_in_text = 0;
  std::int64_t mobile_in_text = 0;

  std::int64_t operator[](CellKind k) const { return kinds[static_cast<std::size_t>(k)]; }
  void add(const detail::CellFacts& f) {
    ++kinds[static_cast<std::size_t>(f.kind)];
    with_digits += f.has_digit;
    identity_in_text += f.identity_in_text;
    mobile_in_text += f.mobile_in_text;
  }
};

// The identifiers of one column as counted. A column of 13-19 digit numbers of which most fail
// Luhn holds ids or timestamps, where one in ten passes by chance; real card numbers all pass.
// So card numbers count only where at least half of such numbers pass.
void report_column(const std::string& name, const ColumnCounts& c,
                   std::vector<ColumnIdentifiers>& out) {
  const auto add = [&](IdentifierKind kind, std::int64_t whole, std::int64_t in_text,
                       std::int64_t masked) {
    if (whole + in_text > 0)
      out.push_back({name, kind, whole + in_text, in_text, masked, c.with_digits});
  };
  add(IdentifierKind::identity_number, c[CellKind::identity_number], c.identity_in_text,
      c[CellKind::masked_identity_number]);
  add(IdentifierKind::mobile_number, c[CellKind::mobile_number], c.mobile_in_text,
      c[CellKind::masked_mobile_number]);
  add(IdentifierKind::email_address, c[CellKind::email_address], 0, 0);
  const std::int64_t cards = c[CellKind::bank_card_number];
  if (cards >= c[CellKind::long_number]) add(IdentifierKind::bank_card_number, cards, 0, 0);
}

detail::RecordSplitter::Mode splitter_mode(DataFormat read_as) {
  return read_as == DataFormat::jsonl ? detail::RecordSplitter::Mode::lines
                                      : detail::RecordSplitter::Mode::csv;
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
  Impl(DataFormat f, std::vector<std::string> qis, std::shared_ptr<const detail::TermMatcher> kw,
       std::chrono::year_month_day d, ScanLimits l)
      : declared(f),
        quasi_identifiers(std::move(qis)),
        keywords(std::move(kw)),
        today(d),
        limits(l),
        json([this](std::string_view column, std::string_view value) {
          return json_value(column, value);
        }),
        groups(quasi_identifiers.size(), l.max_groups) {}

  auto on_record() {
    return [this](const detail::Record& r) {
      return read_as == DataFormat::jsonl ? on_json(r) : on_csv(r);
    };
  }

  // ---- the layout, from the first bytes ----
  // Holds the input until its first significant byte shows whether it is JSON Lines. Only the
  // first record's worth of bytes is looked at (past that, or at the end of the input, the
  // declaration decides), so the decision is the same however the input is cut into chunks.
  // A format the scanner does not know is read too when its first bytes are text: naming a
  // CSV file "txt" must not keep it from being screened (P5).
  void feed(std::string_view chunk) {
    if (splitter) {
      note(splitter->feed(chunk, on_record()));
    } else if (!binary) {
      head.append(chunk);
      decide(false);
    }
  }

  void finish() {
    if (!splitter && !binary) decide(true);
    if (splitter) note(splitter->finish(on_record()));
  }

  // The splitter's own refusal (a record too long, a quote never closed) is the parse error,
  // unless a record already failed first.
  void note(const detail::RecordSplitter::Fed& fed) {
    if (!fed && error.empty()) error = fed.error();
  }

  void decide(bool at_end) {
    if (declared == DataFormat::other) {
      const std::string_view probe = std::string_view(head).substr(0, detail::kTextProbeBytes);
      if (detail::looks_binary(probe)) {
        binary = true;
        head = std::string();
        return;
      }
      if (head.size() < detail::kTextProbeBytes && !at_end) return;
    }
    const std::size_t window = limits.max_record_bytes + 1;
    const std::optional<DataFormat> sniffed =
        detail::sniff_format(std::string_view(head).substr(0, window));
    if (sniffed || head.size() >= window || at_end) start(sniffed.value_or(declared));
  }

  void start(DataFormat format) {
    read_as = format == DataFormat::jsonl ? DataFormat::jsonl : declared_delimited();
    splitter.emplace(splitter_mode(read_as), limits.max_record_bytes);
    std::string held;
    held.swap(head);
    note(splitter->feed(held, on_record()));
  }

  DataFormat declared_delimited() const {
    return declared == DataFormat::tsv ? DataFormat::tsv : DataFormat::csv;
  }

  // ---- delimited text ----
  bool on_csv(const detail::Record& r) {
    if (r.text.empty()) return true;  // blank line
    if (!header_seen) sniff_delimiter(r.text);
    if (auto split = csv.split(r.text, r.has_quotes); !split) return fail(r.line, split.error());
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

  void sniff_delimiter(std::string_view header) {
    const char d =
        detail::sniff_delimiter(header, detail::declared_delimiter(declared_delimited()));
    csv.set_delimiter(d);
    read_as = d == '\t' ? DataFormat::tsv : DataFormat::csv;
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
    const auto read = json.read(r.text);
    if (!read) return fail(r.line, read.error());
    if (*read == detail::JsonLine::End::stopped) return fail(r.line, too_many_columns());
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
    counts.emplace_back();
    keyword_cells.emplace_back();
    column_index.try_emplace(columns.back(), index);
    const auto qi = std::find(quasi_identifiers.begin(), quasi_identifiers.end(), name);
    const bool first_of_name = column_index.at(columns.back()) == index;
    qi_of_column.push_back(qi != quasi_identifiers.end() && first_of_name
                               ? static_cast<std::size_t>(qi - quasi_identifiers.begin())
                               : kNone);
    return index;
  }

  void count(std::size_t column, std::string_view value) {
    detail::CellFacts facts;
    detail::inspect_cell(value, today, facts);
    counts[column].add(facts);
    if (keywords && value.size() >= keywords->shortest() &&
        (facts.has_word || !keywords->needs_word())) {
      count_keywords(column, value);
    }
    if (qi_of_column[column] != kNone) groups.set(qi_of_column[column], detail::trim(value));
  }

  // P1: each keyword once per cell, the most specific ones ("军事设施", not also "军事").
  void count_keywords(std::size_t column, std::string_view value) {
    hits.clear();
    keywords->scan(value, [this](const detail::TermMatch& m) { hits.push_back(m.term); });
    if (hits.empty()) return;
    keywords->keep_specific(hits);
    std::vector<std::int64_t>& cells = keyword_cells[column];
    if (cells.empty()) cells.assign(keywords->size(), 0);
    for (std::size_t term : hits) ++cells[term];
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
  void report_keywords(ScanResult& r) const;

  DataFormat declared;
  std::vector<std::string> quasi_identifiers;
  std::shared_ptr<const detail::TermMatcher> keywords;  // null: keywords are not looked for
  std::chrono::year_month_day today;
  ScanLimits limits;
  std::string head;     // the input before its layout is known
  bool binary = false;  // a format the scanner does not know, and no text: not read
  DataFormat read_as = DataFormat::other;
  std::optional<detail::RecordSplitter> splitter;  // once the layout is known
  detail::CsvFields csv;
  detail::JsonLine json;
  detail::QiGroups groups;
  std::vector<std::string> columns;
  std::vector<ColumnCounts> counts;
  std::vector<std::vector<std::int64_t>> keyword_cells;  // per column, by term; empty: none
  std::vector<std::size_t> hits;                         // the keywords of the cell at hand
  std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> column_index;
  std::vector<std::size_t> qi_of_column;  // per column: its quasi-identifier slot, or kNone
  bool header_seen = false;
  std::int64_t rows = 0;
  std::string error;  // why the input did not parse: the first record or splitter that failed
};

void Scanner::Impl::report_keywords(ScanResult& r) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    for (std::size_t term = 0; term < keyword_cells[i].size(); ++term) {
      const std::int64_t n = keyword_cells[i][term];
      if (n > 0) r.keywords.push_back({columns[i], keywords->term(term), n});
    }
  }
}

ScanResult Scanner::Impl::result() const {
  ScanResult r;
  r.rows = rows;
  r.columns = columns;
  r.read_as = read_as;
  r.delimiter = csv.delimiter();
  if (binary) {
    r.parse_error = "the declared format cannot be read";
  } else if (!error.empty()) {
    r.parse_error = error;
  } else {
    r.parsed = true;
  }
  for (std::size_t i = 0; i < columns.size(); ++i)
    report_column(columns[i], counts[i], r.identifiers);
  report_keywords(r);
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
    : impl_(std::make_unique<Impl>(format, std::move(quasi_identifiers), nullptr, today, limits)) {}

Scanner::Scanner(DataFormat format, std::vector<std::string> quasi_identifiers, const Rules& rules,
                 std::chrono::year_month_day today, ScanLimits limits)
    : impl_(std::make_unique<Impl>(format, std::move(quasi_identifiers),
                                   rules.national_security.matcher, today, limits)) {}

Scanner::~Scanner() = default;
Scanner::Scanner(Scanner&&) noexcept = default;
Scanner& Scanner::operator=(Scanner&&) noexcept = default;

void Scanner::feed(std::string_view chunk) { impl_->feed(chunk); }

ScanResult Scanner::finish() {
  impl_->finish();
  return impl_->result();
}

}  // namespace dx::compliance
