#include "compliance/screening.hpp"

#include "compliance/checks.hpp"
#include "compliance/terms.hpp"

namespace dx::compliance {
namespace detail {

void Findings::block(const std::string& rule, std::string field, std::string message) {
  add(rule, Severity::block, std::move(field), std::move(message));
}

void Findings::review(const std::string& rule, std::string field, std::string message) {
  add(rule, Severity::review, std::move(field), std::move(message));
}

void Findings::add(const std::string& rule, Severity s, std::string field, std::string message) {
  findings_.push_back({rule, rules_.rule(rule).basis, s, std::move(message), std::move(field)});
}

std::string offer_field(std::size_t i, const char* member) {
  return "offers[" + std::to_string(i) + "]." + member;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string list;
  for (const std::string& n : items) list += (list.empty() ? "\"" : ", \"") + n + "\"";
  return list;
}

std::vector<std::string> terms_in(const Terms& list, std::string_view text, const Terms* lawful) {
  std::vector<std::string> found;
  if (!list.matcher) return found;
  const TermMatcher* exempt = lawful != nullptr ? lawful->matcher.get() : nullptr;
  for (std::size_t term : list.matcher->find(text, exempt)) found.push_back(list.terms[term]);
  return found;
}

std::string offer_name(const Offer& offer, std::size_t i) {
  if (offer.name.empty()) return "offer " + std::to_string(i + 1);
  return "the offer \"" + offer.name + "\"";
}

}  // namespace detail

namespace {

// In the order a seller reads the product: what it is, where it comes from, who may sell it,
// what the file holds, how it is sold.
constexpr detail::Check kChecks[] = {
    detail::check_category,       detail::check_keywords,     detail::check_source,
    detail::check_illegal_source, detail::check_rights,       detail::check_public_data,
    detail::check_grade,          detail::check_data_file,    detail::check_identifiers,
    detail::check_consent,        detail::check_k_anonymity,  detail::check_compute_data,
    detail::check_compute_roles,  detail::check_cross_border, detail::check_offers,
};

}  // namespace

std::vector<Finding> screen(const Product& product, const ScanResult* scan, const Rules& rules,
                            std::chrono::year_month_day today) {
  const detail::Context context{product, scan, rules, today};
  detail::Findings findings(rules);
  for (const detail::Check check : kChecks) check(context, findings);
  return findings.take();
}

}  // namespace dx::compliance
