// Loading the rule table, taxonomy and keywords: the real files, and errors that name the file
// and the key.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>

#include "compliance/rules.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance {
namespace {

namespace fs = std::filesystem;

const fs::path kConfig = fs::path(DX_SOURCE_DIR) / "config" / "compliance";

TEST(Rules, RealConfigHasEveryRuleOfLegalMdWithItsBasis) {
  const Rules& rules = test::real_rules();
  EXPECT_EQ(rules.rules.size(), 28u);
  EXPECT_EQ(rules.rule("P1").basis, "CQ-36(1), CD-25(1), SH-55(1), CQ-7(1), TJ-29");
  EXPECT_EQ(rules.rule("P3").basis, "CQ-36(2), CD-25(3), SH-55(2)");
  EXPECT_EQ(rules.rule("P5").basis, "TJ-29");
  EXPECT_EQ(rules.rule("P8").basis, "CQ-10");
  EXPECT_EQ(rules.rule("O1").basis, "CQ-37(1)");
  EXPECT_EQ(rules.rule("O12").basis, "CQ-29, CQO-25, CQ-30");
  EXPECT_EQ(rules.rule("O18").basis, "CQ-14, SH-80, CD-13");
  EXPECT_FALSE(rules.rule("O9").title.empty());
  EXPECT_THROW(rules.rule("P10"), std::out_of_range);
  EXPECT_EQ(rules.min_k_anonymity, 5);
}

TEST(Rules, RealTaxonomyMarksProhibitedAndImportantCategories) {
  const Rules& rules = test::real_rules();
  for (const char* code : {"defense.military", "state_secrets", "personal.profiles_identified"}) {
    ASSERT_NE(rules.category(code), nullptr) << code;
    EXPECT_TRUE(rules.category(code)->prohibited) << code;
  }
  for (const char* code : {"geography.surveying_high_precision", "energy.grid", "health.genetic"}) {
    ASSERT_NE(rules.category(code), nullptr) << code;
    EXPECT_TRUE(rules.category(code)->important) << code;
  }
  const Category* traffic = rules.category("transport.traffic");
  ASSERT_NE(traffic, nullptr);
  EXPECT_FALSE(traffic->prohibited || traffic->important);
  EXPECT_EQ(traffic->name_zh, "道路交通");
  EXPECT_EQ(rules.category("no.such.category"), nullptr);
}

TEST(Rules, RealKeywordsHoldChineseAndEnglish) {
  const auto& k = test::real_rules().national_security.terms;
  for (const char* word :
       {"国家秘密", "军事设施", "涉密", "绝密", "state secret", "military base"}) {
    EXPECT_NE(std::find(k.begin(), k.end(), word), k.end()) << word;
  }
}

TEST(Rules, RealConfigHasPhraseListsAndIdentifierThresholds) {
  const Rules& rules = test::real_rules();
  for (const Terms* list : {&rules.illegal_source, &rules.public_bodies, &rules.lawful_phrases}) {
    EXPECT_FALSE(list->terms.empty());
    EXPECT_NE(list->matcher, nullptr);
  }
  const IdentifierColumns& c = rules.identifier_columns;
  EXPECT_GT(c.min_share, c.min_share_named);
  EXPECT_LE(c.min_share, 1.0);
  EXPECT_GT(c.min_share_named, 0.0);
  const auto& id_names = c.identity_headers.terms;
  EXPECT_NE(std::find(id_names.begin(), id_names.end(), "身份证"), id_names.end());
  const auto& mobile_names = c.mobile_headers.terms;
  EXPECT_NE(std::find(mobile_names.begin(), mobile_names.end(), "mobile"), mobile_names.end());
}

TEST(Rules, RealTaxonomyMarksPublicDataCategories) {
  const Rules& rules = test::real_rules();
  EXPECT_TRUE(rules.category("government.open_data")->public_data);
  EXPECT_TRUE(rules.category("population.census")->public_data);
  EXPECT_FALSE(rules.category("transport.traffic")->public_data);
}

// A copy of the real config in a fresh directory, to spoil one file per test.
class RulesFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("dx-compliance-rules-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    for (const char* name :
         {"rules.json", "categories.json", "keywords.json", "identifiers.json"}) {
      fs::copy_file(kConfig / name, dir_ / name);
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::trunc) << text;
  }
  void restore(const std::string& name) {
    fs::copy_file(kConfig / name, dir_ / name, fs::copy_options::overwrite_existing);
  }

  fs::path dir_;
};

TEST_F(RulesFiles, CopyOfTheRealConfigLoads) { EXPECT_TRUE(load_rules(dir_, 5).ok()); }

TEST_F(RulesFiles, MissingRuleIsAnErrorNamingFileAndRule) {
  write("rules.json", R"J({"rules": [{"rule": "P1", "basis": "CQ-36(1)", "title": "t"}]})J");
  const auto r = load_rules(dir_, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  EXPECT_NE(r.error().detail.find("rules.json: rules: missing rule P2"), std::string::npos)
      << r.error().detail;
}

TEST_F(RulesFiles, EmptyBasisIsAnErrorNamingItsKey) {
  write("rules.json", R"J({"rules": [{"rule": "P1", "basis": "", "title": "t"}]})J");
  const auto r = load_rules(dir_, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("rules.json: rules[0].basis"), std::string::npos)
      << r.error().detail;
}

TEST_F(RulesFiles, CategoryWithoutChineseNameIsAnError) {
  write("categories.json", R"J({"categories": [{"code": "a.b", "name_en": "A"}]})J");
  const auto r = load_rules(dir_, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().detail.find("categories.json: categories[0].name_zh"), std::string::npos)
      << r.error().detail;
}

TEST_F(RulesFiles, DuplicateCategoryAndNonBooleanFlagAreErrors) {
  write("categories.json",
        R"J({"categories": [{"code": "a", "name_en": "A", "name_zh": "甲"},
                           {"code": "a", "name_en": "A", "name_zh": "甲"}]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("categories[1].code"), std::string::npos);
  write(
      "categories.json",
      R"J({"categories": [{"code": "a", "name_en": "A", "name_zh": "甲", "important": "yes"}]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("categories[0].important"), std::string::npos);
}

TEST_F(RulesFiles, InvalidJsonAndWrongShapesAreErrors) {
  write("keywords.json", "{\"national_security\": [");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json"), std::string::npos);
  write("keywords.json", R"J({"national_security": ["ok", 3]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json: national_security[1]"),
            std::string::npos);
  write("keywords.json", R"J({"note": "no lists"})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json: national_security"),
            std::string::npos);
}

TEST_F(RulesFiles, UnknownKeysAreRefusedNamingThem) {
  write("keywords.json", R"J({"national_security": ["a"], "illegal_source": ["b"],
                             "public_bodies": ["c"], "lawful_phrases": ["d"], "ilegal": ["e"]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json: ilegal: is not a known key"),
            std::string::npos);
  restore("keywords.json");
  write(
      "categories.json",
      R"J({"categories": [{"code": "a", "name_en": "A", "name_zh": "甲", "public-data": true}]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("categories[0].public-data"),
            std::string::npos);
  restore("categories.json");
  write("identifiers.json", R"J({"min_share": 0.8, "min_share_named": 0.3, "minshare": 1,
                                "header_names": {"identity_number": ["a"], "mobile_number": ["b"]}})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("identifiers.json: minshare"),
            std::string::npos);
}

TEST_F(RulesFiles, AProhibitedCategoryCitesKnownProhibitedTradeRules) {
  const auto load_with = [&](const std::string& extra) {
    write("categories.json", R"J({"categories": [{"code": "a", "name_en": "A", "name_zh": "甲", )J" + extra + "}]}");
    return load_rules(dir_, 5);
  };
  auto good = load_with(R"J("prohibited": true, "prohibited_by": ["P5", "P2"])J");
  ASSERT_TRUE(good.ok()) << good.error().detail;
  EXPECT_EQ(good->category("a")->prohibited_by, (std::vector<std::string>{"P5", "P2"}));
  EXPECT_NE(load_with(R"J("prohibited": true, "prohibited_by": ["O5"])J").error().detail.find("categories[0].prohibited_by"),
            std::string::npos);
  EXPECT_NE(load_with(R"J("prohibited": true, "prohibited_by": ["P10"])J").error().detail.find("prohibited_by"),
            std::string::npos);
  EXPECT_NE(load_with(R"J("prohibited_by": ["P5"])J").error().detail.find("on a prohibited category"),
            std::string::npos);
  restore("categories.json");
}

TEST_F(RulesFiles, PhraseListsMustBeNonEmptyStrings) {
  write("keywords.json", R"J({"national_security": ["a"], "illegal_source": ["b", ""],
                             "public_bodies": ["c"], "lawful_phrases": ["d"]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json: illegal_source[1]"),
            std::string::npos);
  write("keywords.json", R"J({"national_security": ["a"], "illegal_source": ["b"],
                             "lawful_phrases": ["d"]})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("keywords.json: public_bodies"),
            std::string::npos);
}

TEST_F(RulesFiles, IdentifierSharesOutOfRangeAreRefused) {
  const auto with = [this](const std::string& shares) {
    write("identifiers.json", "{" + shares + R"J(, "header_names": {"identity_number": ["a"],
                                                  "mobile_number": ["b"]}})J");
    const auto r = load_rules(dir_, 5);
    return r.ok() ? std::string("loaded") : r.error().detail;
  };
  EXPECT_EQ(with(R"J("min_share": 0.8, "min_share_named": 0.3)J"), "loaded");
  EXPECT_NE(with(R"J("min_share": 0, "min_share_named": 0)J").find("min_share: must be"),
            std::string::npos);
  EXPECT_NE(with(R"J("min_share": 1.5, "min_share_named": 0.3)J").find("min_share"),
            std::string::npos);
  EXPECT_NE(with(R"J("min_share": "0.8", "min_share_named": 0.3)J").find("min_share"),
            std::string::npos);
  EXPECT_NE(with(R"J("min_share": 0.5, "min_share_named": 0.6)J")
                .find("min_share_named: must not be above min_share"),
            std::string::npos);
  EXPECT_NE(with(R"J("min_share": 0.8)J").find("min_share_named"), std::string::npos);
  write("identifiers.json", R"J({"min_share": 0.8, "min_share_named": 0.3,
                                "header_names": {"identity_number": ["a"]}})J");
  EXPECT_NE(load_rules(dir_, 5).error().detail.find("header_names.mobile_number"),
            std::string::npos);
}

TEST_F(RulesFiles, UnreadableFileIsAnInternalError) {
  fs::remove(dir_ / "categories.json");
  const auto r = load_rules(dir_, 5);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::internal);
  EXPECT_NE(r.error().detail.find("categories.json"), std::string::npos);
}

TEST_F(RulesFiles, MinimumKBelowTwoIsRefused) {
  const auto r = load_rules(dir_, 1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  ASSERT_EQ(r.error().errors.size(), 1u);
  EXPECT_EQ(r.error().errors[0].field, "compliance.min_k_anonymity");
}

TEST(Product, EnumerationNamesRoundTrip) {
  for (auto v : {SourceMethod::collected, SourceMethod::generated, SourceMethod::licensed,
                 SourceMethod::public_data_authorized}) {
    EXPECT_EQ(parse_source_method(to_string(v)), v);
  }
  for (auto v : {PersonalInfo::none, PersonalInfo::anonymized, PersonalInfo::identified}) {
    EXPECT_EQ(parse_personal_info(to_string(v)), v);
  }
  for (auto v : {Classification::general, Classification::important, Classification::core}) {
    EXPECT_EQ(parse_classification(to_string(v)), v);
  }
  for (auto v : {UpdateFrequency::once, UpdateFrequency::daily, UpdateFrequency::weekly,
                 UpdateFrequency::monthly, UpdateFrequency::realtime}) {
    EXPECT_EQ(parse_update_frequency(to_string(v)), v);
  }
  EXPECT_EQ(parse_rights_holder("third_party"), RightsHolder::third_party);
  EXPECT_EQ(parse_delivery_mode("compute"), DeliveryMode::compute);
  EXPECT_STREQ(to_string(Disposal::del), "delete");
  EXPECT_EQ(parse_disposal("return"), Disposal::ret);
  EXPECT_FALSE(parse_source_method("stolen").has_value());
  EXPECT_FALSE(parse_classification("General").has_value());
}

TEST(Product, DeclaredFormatsTheScannerReads) {
  EXPECT_EQ(data_format("csv"), DataFormat::csv);
  EXPECT_EQ(data_format("jsonl"), DataFormat::jsonl);
  EXPECT_EQ(data_format("ndjson"), DataFormat::jsonl);
  EXPECT_EQ(data_format("tsv"), DataFormat::tsv);
  EXPECT_EQ(data_format("xlsx"), DataFormat::other);
  EXPECT_EQ(data_format(""), DataFormat::other);
}

}  // namespace
}  // namespace dx::compliance
