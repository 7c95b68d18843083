// P1 (CQ-36(1), CQ-7(1)): words that suggest data endangering national security or leaking state
// secrets. A word alone proves nothing ("military history"), so a match asks a reviewer to look
// rather than blocking. Matching is by substring: Chinese has no spaces between words.
#include <algorithm>

#include "compliance/checks.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

struct Keyword {
  std::string text;    // as configured, for the message
  std::string folded;  // as matched
};

std::vector<Keyword> folded_keywords(const Rules& rules) {
  std::vector<Keyword> out;
  for (const std::string& k : rules.national_security_keywords) out.push_back({k, fold_ascii(k)});
  return out;
}

// The keywords found in `text`, leaving out any found only as part of a longer one found
// ("军事" inside "军事设施"), so the message names the specific word.
std::vector<const Keyword*> find_keywords(const std::vector<Keyword>& keywords,
                                          std::string_view text) {
  const std::string folded = fold_ascii(text);
  std::vector<const Keyword*> found;
  for (const Keyword& k : keywords) {
    if (folded.find(k.folded) != std::string::npos) found.push_back(&k);
  }
  std::erase_if(found, [&found](const Keyword* k) {
    return std::any_of(found.begin(), found.end(), [k](const Keyword* longer) {
      return longer->folded.size() > k->folded.size() &&
             longer->folded.find(k->folded) != std::string::npos;
    });
  });
  return found;
}

void report(const std::vector<Keyword>& keywords, std::string_view text, const std::string& where,
            const std::string& field, Findings& out) {
  const std::vector<const Keyword*> found = find_keywords(keywords, text);
  if (found.empty()) return;
  std::string list;
  for (const Keyword* k : found) list += (list.empty() ? "\"" : ", \"") + k->text + "\"";
  out.review("P1", field,
             where + " contains the national-security " +
                 (found.size() == 1 ? "keyword " : "keywords ") + list +
                 "; a reviewer must check that the data endangers no national security and "
                 "holds no state secret.");
}

}  // namespace

void check_keywords(const Context& c, Findings& out) {
  const std::vector<Keyword> keywords = folded_keywords(c.rules);
  report(keywords, c.product.title, "The title", "title", out);
  report(keywords, c.product.description, "The description", "description", out);
  if (c.scan == nullptr) return;
  for (const std::string& column : c.scan->columns) {
    report(keywords, column, "The column name \"" + column + "\"", "data_file_id", out);
  }
}

}  // namespace dx::compliance::detail
