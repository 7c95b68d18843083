// Terms in what the seller declares and in the data. P1 (CQ-36(1), CQ-7(1)): words that suggest
// data endangering national security or leaking state secrets; a word alone proves nothing
// ("military history"), so a match asks a reviewer to look rather than blocking. P4 (CQ-36(3),
// CD-25(4), SH-55(3)): phrases admitting that the data was obtained illegally, which block.
// Matching is by substring (Chinese has no spaces between words), in both scripts (terms.hpp).
#include <tuple>

#include "compliance/checks.hpp"

namespace dx::compliance::detail {
namespace {

constexpr const char* kReviewP1 =
    "; a reviewer must check that the data endangers no national security and holds no state "
    "secret.";

std::string keyword_words(std::size_t n) { return n == 1 ? "keyword " : "keywords "; }

void report(const Terms& keywords, std::string_view text, const std::string& where,
            const std::string& field, Findings& out) {
  const std::vector<std::string> found = terms_in(keywords, text);
  if (found.empty()) return;
  out.review("P1", field,
             where + " contains the national-security " + keyword_words(found.size()) +
                 quoted_list(found) + kReviewP1);
}

// P1 in the data: one finding per column, naming each keyword and how many values hold it.
void report_values(const ScanResult& scan, Findings& out) {
  for (std::size_t i = 0; i < scan.keywords.size();) {
    const std::string& column = scan.keywords[i].column;
    std::string list;
    std::size_t n = 0;
    for (; i < scan.keywords.size() && scan.keywords[i].column == column; ++i, ++n) {
      const ColumnKeyword& k = scan.keywords[i];
      list += std::string(list.empty() ? "" : ", ") + "\"" + k.keyword + "\" in " +
              std::to_string(k.count) + (k.count == 1 ? " row" : " rows");
    }
    out.review("P1", "data_file_id",
               "The values of the column \"" + column + "\" contain the national-security " +
                   keyword_words(n) + list + kReviewP1);
  }
}

}  // namespace

void check_keywords(const Context& c, Findings& out) {
  const Terms& keywords = c.rules.national_security;
  report(keywords, c.product.title, "The title", "title", out);
  report(keywords, c.product.description, "The description", "description", out);
  if (c.scan == nullptr) return;
  for (const std::string& column : c.scan->columns) {
    report(keywords, column, "The column name \"" + column + "\"", "data_file_id", out);
  }
  report_values(*c.scan, out);
}

// P4: the seller's own words say the data was stolen, leaked, taken by intrusion or credential
// stuffing, scraped against a site's terms or bought on a black market.
void check_illegal_source(const Context& c, Findings& out) {
  const Product& p = c.product;
  for (const auto& [text, where, field] :
       {std::tuple{&p.source_statement, "The source statement", "source.statement"},
        std::tuple{&p.title, "The title", "title"},
        std::tuple{&p.description, "The description", "description"}}) {
    const std::vector<std::string> found =
        terms_in(c.rules.illegal_source, *text, &c.rules.lawful_phrases);
    if (found.empty()) continue;
    out.block("P4", field,
              std::string(where) + " says the data was obtained unlawfully (" + quoted_list(found) +
                  "); data obtained by theft, leaks, intrusion, credential stuffing, scraping "
                  "against a site's terms or a black-market purchase may not be traded.");
  }
}

}  // namespace dx::compliance::detail
