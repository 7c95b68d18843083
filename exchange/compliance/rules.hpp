// The screening rules' parameters, from config/compliance/ (LEGAL.md rule table, category
// taxonomy, keyword and phrase lists in Chinese and English, when a column holds identifiers).
// Loaded once at start and passed down; immutable afterwards, so one Rules serves concurrent
// screenings.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::compliance {

namespace detail {
class TermMatcher;
}

struct RuleText {
  std::string rule;   // "P3"
  std::string basis;  // "CQ-36(2), CD-25(3), SH-55(2)"
  std::string title;  // the class or obligation in plain words
};

struct Category {
  std::string code;  // "transport.traffic"
  std::string name_en;
  std::string name_zh;
  bool prohibited = false;  // never trades, citing `prohibited_by`
  // The prohibited-trade rules a prohibited category cites: P1 unless the category says (the
  // profiles of identified persons are P5 and P2, not a matter of national security).
  std::vector<std::string> prohibited_by = {"P1"};
  bool important = false;   // listed in the important-data catalogue (P9): at least `important`
  bool public_data =
      false;  // P7: held by public bodies, so it trades only under authorised operation
};

// Terms from a list in config/compliance/, matched as substrings, ASCII case-insensitively, and
// in simplified and traditional Chinese whichever script the list uses (OpenCC, at load).
struct Terms {
  std::vector<std::string> terms;                      // as configured, for messages
  std::shared_ptr<const detail::TermMatcher> matcher;  // null when the list is empty
};

// P5 (TJ-29): when a column of values is a column of identity or mobile numbers
// (identifiers.json). An 18-digit serial passes the check character one time in eleven and an
// 11-digit amount often looks like a mobile number, so a column counts only when enough of its
// values with digits are such numbers (raw or masked); a number written inside text counts on
// its own wherever it is.
struct IdentifierColumns {
  double min_share = 0;        // share of a column's values with digits; 0 counts every number
  double min_share_named = 0;  // the same when the header names the kind (≤ min_share)
  Terms identity_headers;      // "身份证", "id_card", ...
  Terms mobile_headers;        // "手机", "phone", ...
};

struct Rules {
  std::map<std::string, RuleText> rules;  // by rule id
  std::vector<Category> categories;
  Terms national_security;  // P1: in declarations, column names and cell values
  Terms illegal_source;     // P4: phrases admitting data obtained illegally, in declarations
  Terms public_bodies;      // P7: public bodies and public data named in a source statement
  Terms lawful_phrases;     // P4, P7: phrases that hold such a term lawfully ("非公共数据")
  IdentifierColumns identifier_columns;
  int min_k_anonymity = 5;

  const Category* category(const std::string& code) const;
  const RuleText& rule(const std::string& id) const;  // throws std::out_of_range for an unknown id
};

// Reads DIR/rules.json, DIR/categories.json, DIR/keywords.json and DIR/identifiers.json, and
// OpenCC's conversion tables; an error names the file and key. Unknown keys are refused, so a
// misspelt list is not silently ignored.
Result<Rules> load_rules(const std::filesystem::path& dir, int min_k_anonymity);

}  // namespace dx::compliance
