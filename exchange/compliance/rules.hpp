// The screening rules' parameters, from config/compliance/ (LEGAL.md rule table, category
// taxonomy, keyword lists in Chinese and English). Loaded once at start and passed down.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::compliance {

struct RuleText {
  std::string rule;   // "P3"
  std::string basis;  // "CQ-36(2), CD-25(3), SH-55(2)"
  std::string title;  // the class or obligation in plain words
};

struct Category {
  std::string code;        // "transport.traffic"
  std::string name_en;
  std::string name_zh;
  bool prohibited = false;  // P1: never trades
  bool important = false;   // listed in the important-data catalogue (P9): at least `important`
};

struct Rules {
  std::map<std::string, RuleText> rules;        // by rule id
  std::vector<Category> categories;
  std::vector<std::string> national_security_keywords;  // P1, matched case-insensitively
  int min_k_anonymity = 5;

  const Category* category(const std::string& code) const;
  const RuleText& rule(const std::string& id) const;  // throws std::out_of_range for an unknown id
};

// Reads DIR/rules.json, DIR/categories.json and DIR/keywords.json; an error names the file and key.
Result<Rules> load_rules(const std::filesystem::path& dir, int min_k_anonymity);

}  // namespace dx::compliance
