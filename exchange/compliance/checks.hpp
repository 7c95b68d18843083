// Internal to dx_compliance: the screening rules, one function each, over one product. Each adds
// its findings; none depends on another's, so screen() runs them as a table.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/product.hpp"
#include "compliance/rules.hpp"
#include "compliance/scanner.hpp"

namespace dx::compliance::detail {

struct Context {
  const Product& product;
  const ScanResult* scan;  // nullptr: no data file was scanned
  const Rules& rules;
  std::chrono::year_month_day today;
};

// Collects findings, citing each rule's basis from the rule table so config is the only source.
class Findings {
 public:
  explicit Findings(const Rules& rules) : rules_(rules) {}
  void block(const std::string& rule, std::string field, std::string message);
  void review(const std::string& rule, std::string field, std::string message);
  std::vector<Finding> take() { return std::move(findings_); }

 private:
  void add(const std::string& rule, Severity s, std::string field, std::string message);
  const Rules& rules_;
  std::vector<Finding> findings_;
};

using Check = void (*)(const Context&, Findings&);

// Declarations (checks_declared.cpp)
void check_source(const Context& c, Findings& out);        // O1
void check_category(const Context& c, Findings& out);      // P1 prohibited, O18 unknown
void check_rights(const Context& c, Findings& out);        // P3
void check_public_data(const Context& c, Findings& out);   // P7
void check_grade(const Context& c, Findings& out);         // P9, O18 misgraded
void check_cross_border(const Context& c, Findings& out);  // P8
void check_offers(const Context& c, Findings& out);        // O12
// Terms (keywords.cpp)
void check_keywords(const Context& c, Findings& out);        // P1, in declarations and data
void check_illegal_source(const Context& c, Findings& out);  // P4
// The data file (checks_data.cpp)
void check_data_file(const Context& c, Findings& out);    // O9
void check_identifiers(const Context& c, Findings& out);  // P5
void check_consent(const Context& c, Findings& out);      // P6
void check_k_anonymity(const Context& c, Findings& out);  // P5
// Compute products (checks_compute.cpp)
void check_compute_data(const Context& c, Findings& out);   // O15
void check_compute_roles(const Context& c, Findings& out);  // P5

// The scan when the data file was read to its end, else nullptr.
const ScanResult* parsed_scan(const Context& c);
// The columns of the scan holding raw identifiers, with what they hold in plain words ("mobile
// numbers in 120 rows"), in column order; judged by the rules' IdentifierColumns.
std::vector<std::pair<std::string, std::string>> identifiers_by_column(
    const ScanResult& scan, const IdentifierColumns& rules);
// Whether `column` is declared `identifier` in a compute product's data dictionary.
bool compute_identifier(const Product& p, const std::string& column);

// "offers[2].purposes"
std::string offer_field(std::size_t i, const char* member);
// "\"a\", \"b\"".
std::string quoted_list(const std::vector<std::string>& items);
// The terms of `list` in `text` (quoted_list), leaving out those inside a longer one found and
// those overlapping one of `lawful`; empty when there is none.
std::vector<std::string> terms_in(const Terms& list, std::string_view text,
                                  const Terms* lawful = nullptr);
// "the offer "standard"" or "offer 3" when it has no name.
std::string offer_name(const Offer& offer, std::size_t i);

}  // namespace dx::compliance::detail
