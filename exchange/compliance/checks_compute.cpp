// The rules judged on compute products (API.md "The data plane"): the exchange can load the data
// file into the database jobs query, its columns are the data dictionary's (O15: the buyer gets
// only results of jobs run on it), and every column holding identifiers is declared `identifier`,
// so that jobs may only count it (P5, TJ-29).

#include <set>

#include "compliance/checks.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

bool is_compute(const Product& p) { return p.delivery_mode == DeliveryMode::compute; }

// The formats the dataset loader reads; anything else cannot become a database.
bool loadable(const std::string& declared) {
  const DataFormat f = data_format(declared);
  return f == DataFormat::csv || f == DataFormat::tsv || f == DataFormat::jsonl;
}

std::vector<std::string> missing_from(const std::vector<std::string>& names,
                                      const std::set<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& n : names)
    if (!in.contains(n)) out.push_back(n);
  return out;
}

// The file's columns and the dictionary's names are the same set: the loader types each column
// by its entry, and jobs are judged by the entries' roles.
void check_columns(const Product& p, const ScanResult& scan, Findings& out) {
  std::vector<std::string> declared;
  for (const auto& col : p.data_dictionary) declared.push_back(col.name);
  const auto not_declared =
      missing_from(scan.columns, std::set<std::string>(declared.begin(), declared.end()));
  const auto not_in_file =
      missing_from(declared, std::set<std::string>(scan.columns.begin(), scan.columns.end()));
  if (!not_declared.empty())
    out.block("O15", "data_dictionary",
              "The data file's columns " + quoted_list(not_declared) +
                  " are not in the data dictionary; describe every column of the file.");
  if (!not_in_file.empty())
    out.block("O15", "data_dictionary",
              "The data dictionary's columns " + quoted_list(not_in_file) +
                  " are not columns of the data file.");
}

}  // namespace

bool compute_identifier(const Product& p, const std::string& column) {
  if (!is_compute(p)) return false;
  for (const auto& col : p.data_dictionary)
    if (col.name == column) return col.role == ColumnRole::identifier;
  return false;
}

// O15 (CQO-13): a compute product is delivered only as results of jobs the exchange runs on its
// data file, so it needs the file in a format the exchange loads, the terms jobs run under and a
// dictionary that describes exactly the file's columns.
void check_compute_data(const Context& c, Findings& out) {
  const Product& p = c.product;
  if (!is_compute(p)) return;
  if (!p.compute)
    out.block("O15", "compute",
              "A compute product needs its compute terms: min_group_size and approval.");
  if (p.data_dictionary.empty())
    out.block(
        "O15", "data_dictionary",
        "A compute product needs its data dictionary: jobs are judged by its columns' roles.");
  if (!p.data_file_id || is_blank(*p.data_file_id))
    out.block("O15", "data_file_id",
              "A compute product needs its data file: the exchange loads it and runs the buyers' "
              "jobs on it.");
  if (!loadable(p.format))
    out.block("O15", "format",
              "A compute product's data file must be CSV, TSV or JSON Lines (format \"csv\", "
              "\"tsv\" or \"jsonl\"); \"" +
                  p.format + "\" cannot be loaded for jobs.");
  const ScanResult* scan = parsed_scan(c);
  if (scan != nullptr && !p.data_dictionary.empty()) check_columns(p, *scan, out);
}

// P5 (TJ-29): a column in which the scan finds identifiers must be declared `identifier`, the one
// role jobs may only count; declared otherwise, a job could group by it or read it out.
void check_compute_roles(const Context& c, Findings& out) {
  const Product& p = c.product;
  const ScanResult* scan = parsed_scan(c);
  if (!is_compute(p) || scan == nullptr) return;
  for (const auto& [column, found] : identifiers_by_column(*scan, c.rules.identifier_columns)) {
    for (std::size_t i = 0; i < p.data_dictionary.size(); ++i) {
      const Column& col = p.data_dictionary[i];
      if (col.name != column || col.role == ColumnRole::identifier) continue;
      out.block("P5", "data_dictionary[" + std::to_string(i) + "].role",
                "The column \"" + column + "\" holds " + found + " but is declared \"" +
                    to_string(col.role) +
                    "\"; declare it \"identifier\", so that jobs may only count it.");
    }
  }
}

}  // namespace dx::compliance::detail
