#include "compliance/rules.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "compliance/config_json.hpp"
#include "compliance/rules_terms.hpp"

namespace dx::compliance {
namespace {

using detail::array_at;
using detail::config_error;
using detail::flag_at;
using detail::key_of;
using detail::known_keys;
using detail::read_json;
using detail::text_at;
using nlohmann::json;
namespace fs = std::filesystem;

// LEGAL.md defines P1-P9 and O1-O19; findings cite them by id, so every one must be present
// with its basis (config is the single source of rule texts).
constexpr int kProhibitedRules = 9;
constexpr int kObligations = 19;
constexpr int kSmallestK = 2;  // k = 1 is no anonymity at all

Status load_rule_texts(const fs::path& file, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  if (Status s = known_keys(file, *doc, {"source", "rules"}, ""); !s) return s.error();
  auto items = array_at(file, *doc, "rules");
  if (!items) return items.error();
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    RuleText text;
    for (auto [member, target] : {std::pair{"rule", &text.rule}, std::pair{"basis", &text.basis},
                                  std::pair{"title", &text.title}}) {
      const auto value = item.is_object() ? text_at(item, member) : std::nullopt;
      if (!value)
        return config_error(file, key_of("rules", i, member), "must be a non-empty string");
      *target = *value;
    }
    if (!out.rules.emplace(text.rule, text).second) {
      return config_error(file, key_of("rules", i, "rule"), "duplicate rule " + text.rule);
    }
  }
  for (const auto& [prefix, n] : {std::pair{'P', kProhibitedRules}, std::pair{'O', kObligations}}) {
    for (int k = 1; k <= n; ++k) {
      const std::string id = prefix + std::to_string(k);
      if (!out.rules.contains(id)) return config_error(file, "rules", "missing rule " + id);
    }
  }
  return ok_status();
}

Result<Category> read_category(const fs::path& file, const json& item, std::size_t i) {
  Category c;
  if (item.is_object()) {
    const Status known = known_keys(
        file, item, {"code", "name_en", "name_zh", "prohibited", "prohibited_by", "important", "public_data"},
        key_of("categories", i, "") + ".");
    if (!known) return known.error();
  }
  for (auto [member, target] : {std::pair{"code", &c.code}, std::pair{"name_en", &c.name_en},
                                std::pair{"name_zh", &c.name_zh}}) {
    const auto value = item.is_object() ? text_at(item, member) : std::nullopt;
    if (!value)
      return config_error(file, key_of("categories", i, member), "must be a non-empty string");
    *target = *value;
  }
  for (auto [member, target] :
       {std::pair{"prohibited", &c.prohibited}, std::pair{"important", &c.important},
        std::pair{"public_data", &c.public_data}}) {
    const auto value = flag_at(item, member);
    if (!value) return config_error(file, key_of("categories", i, member), "must be true or false");
    *target = *value;
  }
  if (c.prohibited && c.important) {
    return config_error(file, key_of("categories", i, ""),
                        "cannot be both prohibited and important");
  }
  if (item.contains("prohibited_by")) {
    const auto& by = item["prohibited_by"];
    const bool list = by.is_array() && !by.empty() &&
                      std::all_of(by.begin(), by.end(), [](const json& r) { return r.is_string(); });
    if (!list || !c.prohibited)
      return config_error(file, key_of("categories", i, "prohibited_by"),
                          "must be a non-empty list of rule ids, on a prohibited category");
    c.prohibited_by = by.get<std::vector<std::string>>();
  }
  return c;
}

Status load_categories(const fs::path& file, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  if (Status s = known_keys(file, *doc, {"note", "categories"}, ""); !s) return s.error();
  auto items = array_at(file, *doc, "categories");
  if (!items) return items.error();
  std::set<std::string> codes;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto category = read_category(file, (*items)[i], i);
    if (!category) return category.error();
    for (const auto& rule : category->prohibited_by)
      if (rule.empty() || rule[0] != 'P' || !out.rules.contains(rule))
        return config_error(file, key_of("categories", i, "prohibited_by"),
                            "names " + rule + ", which is no prohibited-trade rule of rules.json");
    if (!codes.insert(category->code).second) {
      return config_error(file, key_of("categories", i, "code"),
                          "duplicate code " + category->code);
    }
    out.categories.push_back(std::move(*category));
  }
  return ok_status();
}

}  // namespace

const Category* Rules::category(const std::string& code) const {
  for (const Category& c : categories) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const RuleText& Rules::rule(const std::string& id) const {
  const auto it = rules.find(id);
  if (it == rules.end()) throw std::out_of_range("no rule " + id + " in the rule table");
  return it->second;
}

Result<Rules> load_rules(const std::filesystem::path& dir, int min_k_anonymity) {
  Rules rules;
  if (min_k_anonymity < kSmallestK) {
    return field_error("compliance.min_k_anonymity",
                       "must be at least " + std::to_string(kSmallestK));
  }
  rules.min_k_anonymity = min_k_anonymity;
  for (const auto& [name, load] : {std::pair{"rules.json", &load_rule_texts},
                                   std::pair{"categories.json", &load_categories}}) {
    if (Status s = load(dir / name, rules); !s) return s.error();
  }
  auto forms = detail::ScriptForms::open();
  if (!forms) return forms.error();
  if (Status s = detail::load_keywords(dir / "keywords.json", *forms, rules); !s) return s.error();
  if (Status s = detail::load_identifier_columns(dir / "identifiers.json", *forms, rules); !s) {
    return s.error();
  }
  return rules;
}

}  // namespace dx::compliance
