#include "compliance/rules_terms.hpp"

#include <stdexcept>

#include "compliance/config_json.hpp"
#include "compliance/terms.hpp"
#include "compliance/text.hpp"

namespace dx::compliance::detail {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The list at doc[key] as Terms; `where` prefixes the key in errors.
Result<Terms> terms_at(const fs::path& file, const json& doc, const std::string& key,
                       const ScriptForms& forms, const std::string& where = "") {
  auto list = strings_at(file, doc, key, where);
  if (!list) return list.error();
  try {
    return make_terms(std::move(*list), forms);
  } catch (const std::length_error& e) {
    return config_error(file, where + key, e.what());
  }
}

// A share in (0, 1] at doc[key].
Result<double> share_at(const fs::path& file, const json& doc, const std::string& key) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_number() || it->get<double>() <= 0 || it->get<double>() > 1) {
    return config_error(file, key, "must be a number above 0 and at most 1");
  }
  return it->get<double>();
}

}  // namespace

Terms make_terms(std::vector<std::string> terms, const ScriptForms& forms) {
  std::vector<TermForm> matched;
  for (std::size_t i = 0; i < terms.size(); ++i) {
    for (const std::string& form : forms.forms(terms[i])) {
      std::string folded = fold_text(form);
      if (!is_blank(folded)) matched.push_back({std::move(folded), i});
    }
  }
  Terms out;
  if (!terms.empty()) out.matcher = std::make_shared<const TermMatcher>(terms, matched);
  out.terms = std::move(terms);
  return out;
}

Status load_keywords(const fs::path& file, const ScriptForms& forms, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  const Status known = known_keys(
      file, *doc,
      {"note", "national_security", "illegal_source", "public_bodies", "lawful_phrases"}, "");
  if (!known) return known.error();
  for (const auto& [key, target] : {std::pair{"national_security", &out.national_security},
                                    std::pair{"illegal_source", &out.illegal_source},
                                    std::pair{"public_bodies", &out.public_bodies},
                                    std::pair{"lawful_phrases", &out.lawful_phrases}}) {
    auto terms = terms_at(file, *doc, key, forms);
    if (!terms) return terms.error();
    *target = std::move(*terms);
  }
  return ok_status();
}

Status load_identifier_columns(const fs::path& file, const ScriptForms& forms, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  const Status known =
      known_keys(file, *doc, {"note", "min_share", "min_share_named", "header_names"}, "");
  if (!known) return known.error();
  IdentifierColumns& columns = out.identifier_columns;
  auto share = share_at(file, *doc, "min_share");
  if (!share) return share.error();
  columns.min_share = *share;
  auto named = share_at(file, *doc, "min_share_named");
  if (!named) return named.error();
  if (*named > columns.min_share) {
    return config_error(file, "min_share_named", "must not be above min_share");
  }
  columns.min_share_named = *named;
  const auto headers = doc->find("header_names");
  if (headers == doc->end() || !headers->is_object()) {
    return config_error(file, "header_names", "must be an object");
  }
  const std::string where = "header_names.";
  const Status known_kinds =
      known_keys(file, *headers, {"identity_number", "mobile_number"}, where);
  if (!known_kinds) return known_kinds.error();
  for (const auto& [key, target] : {std::pair{"identity_number", &columns.identity_headers},
                                    std::pair{"mobile_number", &columns.mobile_headers}}) {
    auto terms = terms_at(file, *headers, key, forms, where);
    if (!terms) return terms.error();
    *target = std::move(*terms);
  }
  return ok_status();
}

}  // namespace dx::compliance::detail
