#include "compliance/rules.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace dx::compliance {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// LEGAL.md defines P1-P9 and O1-O19; findings cite them by id, so every one must be present
// with its basis (config is the single source of rule texts).
constexpr int kProhibitedRules = 9;
constexpr int kObligations = 19;
constexpr int kSmallestK = 2;  // k = 1 is no anonymity at all

Error config_error(const fs::path& file, const std::string& key, const std::string& what) {
  Error e = field_error(file.filename().string() + ": " + key, what);
  e.detail = file.string() + ": " + key + ": " + what;
  return e;
}

Result<json> read_json(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(Errc::internal, file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  json doc = json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return config_error(file, "(document)", "is not valid JSON");
  if (!doc.is_object()) return config_error(file, "(document)", "must be a JSON object");
  return doc;
}

// The array at `key`, or an error naming it.
Result<json> array_at(const fs::path& file, const json& doc, const std::string& key) {
  const auto it = doc.find(key);
  if (it == doc.end() || !it->is_array() || it->empty()) {
    return config_error(file, key, "must be a non-empty array");
  }
  return *it;
}

std::string key_of(const std::string& array, std::size_t i, const std::string& member) {
  return array + "[" + std::to_string(i) + "]" + (member.empty() ? "" : "." + member);
}

// The non-empty string at item[member], or nullopt.
std::optional<std::string> text_at(const json& item, const std::string& member) {
  const auto it = item.find(member);
  if (it == item.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> flag_at(const json& item, const std::string& member) {
  const auto it = item.find(member);
  if (it == item.end()) return false;
  if (!it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

Status load_rule_texts(const fs::path& file, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
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
  for (auto [member, target] : {std::pair{"code", &c.code}, std::pair{"name_en", &c.name_en},
                                std::pair{"name_zh", &c.name_zh}}) {
    const auto value = item.is_object() ? text_at(item, member) : std::nullopt;
    if (!value)
      return config_error(file, key_of("categories", i, member), "must be a non-empty string");
    *target = *value;
  }
  for (auto [member, target] :
       {std::pair{"prohibited", &c.prohibited}, std::pair{"important", &c.important}}) {
    const auto value = flag_at(item, member);
    if (!value) return config_error(file, key_of("categories", i, member), "must be true or false");
    *target = *value;
  }
  if (c.prohibited && c.important) {
    return config_error(file, key_of("categories", i, ""),
                        "cannot be both prohibited and important");
  }
  return c;
}

Status load_categories(const fs::path& file, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  auto items = array_at(file, *doc, "categories");
  if (!items) return items.error();
  std::set<std::string> codes;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto category = read_category(file, (*items)[i], i);
    if (!category) return category.error();
    if (!codes.insert(category->code).second) {
      return config_error(file, key_of("categories", i, "code"),
                          "duplicate code " + category->code);
    }
    out.categories.push_back(std::move(*category));
  }
  return ok_status();
}

Status load_keywords(const fs::path& file, Rules& out) {
  auto doc = read_json(file);
  if (!doc) return doc.error();
  auto items = array_at(file, *doc, "national_security");
  if (!items) return items.error();
  for (std::size_t i = 0; i < items->size(); ++i) {
    const json& item = (*items)[i];
    if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
      return config_error(file, key_of("national_security", i, ""), "must be a non-empty string");
    }
    out.national_security_keywords.push_back(item.get<std::string>());
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
  for (const auto& [name, load] :
       {std::pair{"rules.json", &load_rule_texts}, std::pair{"categories.json", &load_categories},
        std::pair{"keywords.json", &load_keywords}}) {
    if (Status s = load(dir / name, rules); !s) return s.error();
  }
  return rules;
}

}  // namespace dx::compliance
