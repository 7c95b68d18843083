// The term matcher behind keywords and phrases (P1, P4, P7, header names): substrings in any
// case, '_' and '-' as spaces, every written form of a term, the most specific term, lawful
// phrases that overlap a term, and the OpenCC forms of the real keyword list.
#include <gtest/gtest.h>

#include <algorithm>

#include "compliance/rules.hpp"
#include "compliance/script_forms.hpp"
#include "compliance/terms.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance::detail {
namespace {

TermMatcher matcher(const std::vector<std::string>& terms) {
  std::vector<TermForm> forms;
  for (std::size_t i = 0; i < terms.size(); ++i) forms.push_back({terms[i], i});
  return TermMatcher(terms, forms);
}

std::vector<std::string> found(const TermMatcher& m, std::string_view text,
                               const TermMatcher* lawful = nullptr) {
  std::vector<std::string> out;
  for (std::size_t t : m.find(text, lawful)) out.push_back(m.term(t));
  return out;
}

using Words = std::vector<std::string>;

TEST(Terms, FindsEveryTermAsASubstringInAnyCase) {
  const TermMatcher m = matcher({"state secret", "军事", "weapon", "he", "she", "hers"});
  EXPECT_EQ(found(m, "A STATE_SECRET weapons depot"), (Words{"state secret", "weapon"}));
  EXPECT_EQ(found(m, "ushers"), (Words{"she", "hers"}));  // overlapping, "he" inside both
  EXPECT_EQ(found(m, "军事"), (Words{"军事"}));
  EXPECT_EQ(found(m, "state  secret"), (Words{"state secret"}));  // runs of spaces fold
  EXPECT_TRUE(found(m, "statesecret, weap on, 军 事").empty());
  EXPECT_TRUE(found(m, "").empty());
}

TEST(Terms, ReportsEachOccurrenceWithItsPosition) {
  const TermMatcher m = matcher({"ab", "b"});
  std::vector<TermMatch> matches;
  m.scan("xabab", [&matches](const TermMatch& t) { matches.push_back(t); });
  ASSERT_EQ(matches.size(), 4u);
  EXPECT_EQ(matches[0].begin, 1u);
  EXPECT_EQ(matches[0].end, 3u);
  EXPECT_EQ(m.term(matches[1].term), "b");
  EXPECT_EQ(matches[1].begin, 2u);
}

TEST(Terms, KeepsTheMostSpecificTerm) {
  const TermMatcher m = matcher({"军事", "军事设施", "设施"});
  EXPECT_EQ(found(m, "军事设施周边"), (Words{"军事设施"}));
  EXPECT_EQ(found(m, "军事设施和军事博物馆"), (Words{"军事设施"}));
}

TEST(Terms, LawfulPhraseOverlappingATermCancelsThatOccurrenceOnly) {
  const TermMatcher terms = matcher({"公共数据", "撞库"});
  const TermMatcher lawful = matcher({"非公共数据", "撞库检测"});
  EXPECT_TRUE(found(terms, "本数据非公共数据", &lawful).empty());
  EXPECT_TRUE(found(terms, "通过撞库检测识别", &lawful).empty());
  EXPECT_EQ(found(terms, "非公共数据，另含公共数据", &lawful), (Words{"公共数据"}));
}

TEST(Terms, EveryFormOfATermReportsTheTerm) {
  std::vector<TermForm> forms = {{"军事设施", 0}, {"軍事設施", 0}};
  const TermMatcher m({"军事设施"}, forms);
  EXPECT_EQ(found(m, "鄰近軍事設施"), (Words{"军事设施"}));
}

TEST(Terms, OpenCcGivesTraditionalFormsOfTheKeywords) {
  auto forms = ScriptForms::open();
  ASSERT_TRUE(forms.ok()) << forms.error().detail;
  const auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  EXPECT_TRUE(has(forms->forms("军事设施"), "軍事設施"));
  EXPECT_TRUE(has(forms->forms("国家秘密"), "國家祕密"));  // s2t
  EXPECT_TRUE(has(forms->forms("国家秘密"), "國家秘密"));  // s2tw
  EXPECT_TRUE(has(forms->forms("卫健委"), "衞健委"));      // s2hk
  EXPECT_TRUE(has(forms->forms("軍事"), "军事"));          // a traditional term, t2s
  EXPECT_EQ(forms->forms("weapon"), (Words{"weapon"}));
}

TEST(Terms, RealNationalSecurityListMatchesTraditionalText) {
  const Terms& k = test::real_rules().national_security;
  ASSERT_NE(k.matcher, nullptr);
  const auto in = [&k](std::string_view text) {
    std::vector<std::string> out;
    for (std::size_t t : k.matcher->find(text)) out.push_back(k.terms[t]);
    return out;
  };
  EXPECT_EQ(in("涉及國家機密的檔案"), (Words{"国家机密"}));
  EXPECT_EQ(in("絕密文件"), (Words{"绝密"}));
  EXPECT_EQ(in("彈藥庫附近"), (Words{"弹药"}));
  EXPECT_TRUE(in("天气预报数据").empty());
}

}  // namespace
}  // namespace dx::compliance::detail
