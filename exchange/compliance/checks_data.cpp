// The rules judged on the data file itself, from its scan: it is readable, not empty and in the
// format declared (O9), holds no direct identifier unless declared (P5), identified data has
// consent (P6), and anonymized data is k-anonymous over its quasi-identifiers (P5).

#include "compliance/checks.hpp"
#include "compliance/sniff.hpp"
#include "compliance/terms.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

const char* plural_name(IdentifierKind k) {
  switch (k) {
    case IdentifierKind::identity_number:
      return "resident identity numbers";
    case IdentifierKind::mobile_number:
      return "mobile numbers";
    case IdentifierKind::email_address:
      return "e-mail addresses";
    case IdentifierKind::bank_card_number:
      return "bank card numbers";
  }
  return "identifiers";
}

bool header_names(const Terms& names, const std::string& column) {
  return names.matcher && !names.matcher->find(column).empty();
}

// "comma-separated text (CSV)"; what the format should be declared as, if there is a name.
std::pair<std::string, std::string> layout_of(const ScanResult& scan) {
  if (scan.read_as == DataFormat::jsonl) return {"JSON Lines", "jsonl"};
  switch (scan.delimiter) {
    case ',':
      return {"comma-separated text (CSV)", "csv"};
    case '\t':
      return {"tab-separated text (TSV)", "tsv"};
    case ';':
      return {"text separated by semicolons", ""};
    default:
      return {"text separated by vertical bars", ""};
  }
}

// O9 (CD-25, SH-52): the file is in the format the seller declares. It was screened as it is
// whatever the declaration (P5 cannot be sidestepped so), but a buyer reads the declaration.
void check_declared_format(const Product& p, const ScanResult& scan, Findings& out) {
  const DataFormat declared = data_format(p.format);
  const bool same =
      declared == DataFormat::jsonl ? scan.read_as == DataFormat::jsonl
      : declared == DataFormat::other
          ? false  // a name the exchange does not know, for text it read
          : scan.read_as != DataFormat::jsonl && scan.delimiter == declared_delimiter(declared);
  if (same) return;
  const auto [layout, name] = layout_of(scan);
  out.block("O9", "format",
            "The data file is declared as \"" + p.format + "\" but is " + layout +
                (name.empty() ? "; save it with commas as CSV or with tabs as TSV."
                              : "; declare its format as \"" + name + "\"."));
}

// P5, TJ-29: the raw identifiers of one kind a column holds. Identity and mobile numbers of a
// whole cell count only in a column of them, i.e. where enough of the values with digits are
// such numbers, raw or masked: an 18-digit serial passes the check character one time in eleven
// and an 11-digit amount often falls in a mobile range. A header naming the kind ("身份证",
// "phone") lowers the share needed. A number written inside text counts wherever it is.
std::int64_t raw_identifiers(const ColumnIdentifiers& id, const IdentifierColumns& rules) {
  const Terms* names = id.kind == IdentifierKind::identity_number ? &rules.identity_headers
                       : id.kind == IdentifierKind::mobile_number ? &rules.mobile_headers
                                                                  : nullptr;
  if (names == nullptr) return id.count;
  const double min_share =
      header_names(*names, id.column) ? rules.min_share_named : rules.min_share;
  const std::int64_t whole = id.count - id.in_text;
  const bool column_of_kind =
      static_cast<double>(whole + id.masked) >= min_share * static_cast<double>(id.with_digits);
  return (column_of_kind ? whole : 0) + id.in_text;
}

}  // namespace

const ScanResult* parsed_scan(const Context& c) {
  return c.scan != nullptr && c.scan->parsed ? c.scan : nullptr;
}

// "mobile numbers in 120 rows and e-mail addresses in 3 rows", per column in column order.
std::vector<std::pair<std::string, std::string>> identifiers_by_column(
    const ScanResult& scan, const IdentifierColumns& rules) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ColumnIdentifiers& id : scan.identifiers) {
    const std::int64_t n = raw_identifiers(id, rules);
    if (n == 0) continue;
    if (out.empty() || out.back().first != id.column) out.emplace_back(id.column, "");
    std::string& text = out.back().second;
    text += (text.empty() ? "" : " and ") + std::string(plural_name(id.kind)) + " in " +
            std::to_string(n) + (n == 1 ? " row" : " rows");
  }
  return out;
}

// O9 (CD-25, SH-52): the data file exists, parses in its declared format and has rows.
void check_data_file(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (!p.data_file_id || is_blank(*p.data_file_id)) {
    if (p.delivery_mode == DeliveryMode::file) {
      out.block("O9", "data_file_id", "A product delivered as a file needs its data file.");
    } else {
      out.review("O9", "data_file_id",
                 "No data file or sample was given, so the content of the data was not "
                 "screened; a reviewer must check it.");
    }
    return;
  }
  // A format the scanner does not know, unless the file turned out to be text it could read.
  if (data_format(p.format) == DataFormat::other && (c.scan == nullptr || !c.scan->parsed)) {
    out.review("O9", "format",
               "Files in the format \"" + p.format +
                   "\" cannot be screened automatically; a reviewer must check the file, "
                   "including for personal information.");
    return;
  }
  if (c.scan == nullptr) {
    out.block("O9", "data_file_id", "The data file could not be read.");
  } else if (!c.scan->parsed) {
    out.block("O9", "data_file_id",
              "The data file is not valid " + p.format + ": " + c.scan->parse_error + ".");
  } else {
    if (c.scan->rows == 0) out.block("O9", "data_file_id", "The data file has no data rows.");
    check_declared_format(p, *c.scan, out);
  }
}

// P5 (TJ-29): data declared free of personal information, or anonymized, must hold no direct
// identifier. Names the column, the kind and how many rows, never a value. A compute product's
// column declared `identifier` is exempt: its values never leave the exchange, jobs may only
// count them (check_compute_roles judges the others).
void check_identifiers(const Context& c, Findings& out) {
  const ScanResult* scan = parsed_scan(c);
  if (scan == nullptr || c.product.personal_information == PersonalInfo::identified) return;
  const std::string declared = c.product.personal_information == PersonalInfo::none
                                   ? "to hold no personal information"
                                   : "to be anonymized";
  for (const auto& [column, found] : identifiers_by_column(*scan, c.rules.identifier_columns)) {
    if (compute_identifier(c.product, column)) continue;
    out.block("P5", "personal_information.contains",
              "The column \"" + column + "\" holds " + found + ", but the data is declared " +
                  declared + ".");
  }
}

// P6 (SH-18, SH-22, CD-39): identified personal information trades only with the individuals'
// consent, which a reviewer checks covers this purpose, method and kind of data.
void check_consent(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (p.personal_information != PersonalInfo::identified) return;
  if (!p.consent_evidence_file_id || is_blank(*p.consent_evidence_file_id)) {
    out.block("P6", "personal_information.consent_evidence_file_id",
              "Data identifying people needs their consent; upload the evidence of it.");
    return;
  }
  out.review("P6", "personal_information.contains",
             "The data identifies people; a reviewer must check that their consent covers this "
             "purpose, method and kind of data, and is separate for any biometric data.");
}

// P5 (TJ-29): anonymized data must not let anyone single a person out, i.e. every combination
// of quasi-identifier values is shared by at least compliance.min_k_anonymity rows.
void check_k_anonymity(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (p.personal_information != PersonalInfo::anonymized) return;
  const std::string field = "personal_information.quasi_identifiers";
  if (p.quasi_identifiers.empty()) {
    out.review("P5", field,
               "No quasi-identifiers are declared, so k-anonymity was not checked; a reviewer "
               "must judge whether rows can be linked back to people.");
    return;
  }
  const ScanResult* scan = parsed_scan(c);
  if (scan == nullptr) return;
  if (!scan->missing_quasi_identifiers.empty()) {
    out.block("P5", field,
              "The declared quasi-identifiers " + quoted_list(scan->missing_quasi_identifiers) +
                  " are not columns of the data file.");
  }
  const int min_k = c.rules.min_k_anonymity;
  if (scan->k_min && *scan->k_min < min_k) {
    out.block("P5", field,
              "Some combination of " + quoted_list(p.quasi_identifiers) + " is shared by only " +
                  std::to_string(*scan->k_min) + (*scan->k_min == 1 ? " row" : " rows") +
                  " (k = " + std::to_string(*scan->k_min) + "); every combination needs at least " +
                  std::to_string(min_k) + ".");
  }
  if (scan->too_many_groups) {
    out.review("P5", field,
               "The quasi-identifiers take too many distinct combinations to check them all; "
               "a reviewer must judge whether rows can be linked back to people.");
  }
}

}  // namespace dx::compliance::detail
