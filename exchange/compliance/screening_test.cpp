// The screening engine rule by rule: for each rule a product that breaks it, and the clean
// product that passes. Rules, bases and keywords come from the real config/compliance/ files.
#include <gtest/gtest.h>

#include <algorithm>

#include "compliance/screening.hpp"
#include "compliance/test_data.hpp"

namespace dx::compliance {
namespace {

using namespace std::chrono;
using test::clean_product;
using test::kToday;

using test::describe;
using test::find;
using test::screen_with;

std::vector<Finding> screen_with(const Product& p) {
  const ScanResult scan = test::clean_scan();
  return screen_with(p, &scan);
}

ScanResult customer_scan(std::vector<std::string> qis = {}) {
  std::string csv = "district,age_band,mobile\n";
  for (int i = 0; i < 12; ++i) {
    csv += std::string(i < 6 ? "Xuhui" : "Minhang") + ",30-39," + test::mobile_number(i) + "\n";
  }
  return test::scan(csv, DataFormat::csv, std::move(qis));
}

ScanResult anonymized_scan(int rows_in_smallest_group) {
  std::string csv = "district,age_band,trips\n";
  for (int i = 0; i < 10; ++i) csv += "Xuhui,30-39,1\n";
  for (int i = 0; i < rows_in_smallest_group; ++i) csv += "Minhang,40-49,2\n";
  return test::scan(csv, DataFormat::csv, {"district", "age_band"});
}

Product anonymized_product() {
  Product p = clean_product();
  p.personal_information = PersonalInfo::anonymized;
  p.quasi_identifiers = {"district", "age_band"};
  return p;
}

Product third_party_product() {
  Product p = clean_product();
  p.rights_holder = RightsHolder::third_party;
  Authorization a;
  a.grantor_name = "Chengdu Traffic Sensors Ltd.";
  a.grantor_id = "91510100MA61234567";
  a.purposes = {"research", "planning"};
  a.resale_allowed = true;
  a.valid_until = 2027y / December / 31;
  a.evidence_file_id = "file_auth";
  p.authorization = a;
  return p;
}

TEST(Screening, CleanProductHasNoFinding) {
  EXPECT_TRUE(screen_with(clean_product()).empty()) << describe(screen_with(clean_product()));
  EXPECT_TRUE(screen_with(third_party_product()).empty());
  const ScanResult scan = anonymized_scan(5);
  EXPECT_TRUE(screen_with(anonymized_product(), &scan).empty());
}

TEST(Screening, EveryFindingCitesTheBasisOfItsRuleFromTheRuleTable) {
  Product p = clean_product();
  p.source_method.reset();
  p.rights_holder = RightsHolder::third_party;
  p.classification = Classification::core;
  const auto findings = screen_with(p);
  ASSERT_FALSE(findings.empty());
  for (const Finding& f : findings) EXPECT_EQ(f.basis, test::real_rules().rule(f.rule).basis);
  EXPECT_EQ(find(findings, "P3", Severity::block, "rights.authorization")->basis,
            "CQ-36(2), CD-25(3), SH-55(2)");
}

// ---- O1 ----
TEST(Screening, MissingSourceMethodBlocksUnderO1) {
  Product p = clean_product();
  p.source_method.reset();
  EXPECT_FINDING(screen_with(p), "O1", Severity::block, "source.method");
}

TEST(Screening, BlankSourceStatementBlocksUnderO1) {
  for (const char* statement : {"", "  \t", "\xE3\x80\x80"}) {
    Product p = clean_product();
    p.source_statement = statement;
    EXPECT_FINDING(screen_with(p), "O1", Severity::block, "source.statement");
  }
}

// ---- P1 and O18: category ----
TEST(Screening, ProhibitedCategoryBlocksUnderP1) {
  Product p = clean_product();
  p.category = "defense.military";
  const auto findings = screen_with(p);
  EXPECT_FINDING(findings, "P1", Severity::block, "category");
  EXPECT_TRUE(any_block(findings));
}

TEST(Screening, IdentifiedPersonalProfilesCiteP5AndP2NotP1) {
  Product p = clean_product();
  p.category = "personal.profiles_identified";
  const auto findings = screen_with(p);
  EXPECT_FINDING(findings, "P5", Severity::block, "category");
  EXPECT_FINDING(findings, "P2", Severity::block, "category");
  EXPECT_EQ(find(findings, "P1", Severity::block, "category"), nullptr);
}

TEST(Screening, UnknownCategoryBlocksUnderO18) {
  Product p = clean_product();
  p.category = "transport.teleportation";
  EXPECT_FINDING(screen_with(p), "O18", Severity::block, "category");
}

// ---- P1: keywords ----
TEST(Screening, ChineseKeywordInTitleRaisesAReviewNamingTheWord) {
  Product p = clean_product();
  p.title = "成都军事设施周边道路车流";
  const auto findings = screen_with(p);
  const Finding* f = find(findings, "P1", Severity::review, "title");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("\"军事设施\""), std::string::npos) << f->message;
  EXPECT_EQ(f->message.find("\"军事\""), std::string::npos) << f->message;
  EXPECT_FALSE(any_block(findings));
}

TEST(Screening, EnglishKeywordMatchesWhateverItsCase) {
  Product p = clean_product();
  p.description = "Includes traffic near STATE SECRET sites.";
  EXPECT_FINDING(screen_with(p), "P1", Severity::review, "description");
}

TEST(Screening, KeywordInAColumnNameRaisesAReview) {
  Product p = clean_product();
  const ScanResult scan = test::scan("station,Military_Base_Distance,vehicles\nS01,3.5,1200\n");
  const auto findings = screen_with(p, &scan);
  const Finding* f = find(findings, "P1", Severity::review, "data_file_id");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("Military_Base_Distance"), std::string::npos);
  EXPECT_NE(f->message.find("\"military base\""), std::string::npos);
}

// ---- P3 ----
TEST(Screening, ThirdPartyDataWithoutAuthorizationBlocksUnderP3) {
  Product p = third_party_product();
  p.authorization.reset();
  EXPECT_FINDING(screen_with(p), "P3", Severity::block, "rights.authorization");
}

TEST(Screening, AuthorizationWithoutEvidenceBlocks) {
  Product p = third_party_product();
  p.authorization->evidence_file_id.reset();
  EXPECT_FINDING(screen_with(p), "P3", Severity::block, "rights.authorization.evidence_file_id");
}

TEST(Screening, AuthorizationMustBeValidBeyondToday) {
  Product p = third_party_product();
  const std::string field = "rights.authorization.valid_until";
  p.authorization->valid_until.reset();
  EXPECT_FINDING(screen_with(p), "P3", Severity::block, field);
  p.authorization->valid_until = kToday;
  EXPECT_FINDING(screen_with(p), "P3", Severity::block, field);
  p.authorization->valid_until = year_month_day{sys_days{kToday} + days{1}};
  EXPECT_EQ(find(screen_with(p), "P3", Severity::block, field), nullptr);
}

TEST(Screening, OfferPurposeOutsideTheAuthorizationBlocksNamingPurposeAndOffer) {
  Product p = third_party_product();
  p.offers[0].purposes = {"research", "marketing"};
  const auto findings = screen_with(p);
  const Finding* f = find(findings, "P3", Severity::block, "offers[0].purposes");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("\"marketing\""), std::string::npos);
  EXPECT_NE(f->message.find("\"standard\""), std::string::npos);
  EXPECT_EQ(f->message.find("\"research\""), std::string::npos);
}

TEST(Screening, AuthorizationWithoutResaleBlocks) {
  Product p = third_party_product();
  p.authorization->resale_allowed = false;
  EXPECT_FINDING(screen_with(p), "P3", Severity::block, "rights.authorization.resale_allowed");
}

// ---- P5 ----
TEST(Screening, IdentifiersInDataDeclaredFreeOfPersonalInformationBlockUnderP5) {
  const ScanResult scan = customer_scan();
  const auto findings = screen_with(clean_product(), &scan);
  const Finding* f = find(findings, "P5", Severity::block, "personal_information.contains");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("\"mobile\""), std::string::npos);
  EXPECT_NE(f->message.find("mobile numbers in 12 rows"), std::string::npos) << f->message;
  EXPECT_EQ(f->message.find(test::mobile_number(0)), std::string::npos);
  EXPECT_EQ(f->message.find("138"), std::string::npos);
}

TEST(Screening, IdentifiersInDataDeclaredAnonymizedBlockUnderP5) {
  const ScanResult scan = customer_scan({"district", "age_band"});
  EXPECT_FINDING(screen_with(anonymized_product(), &scan), "P5", Severity::block,
                 "personal_information.contains");
}

TEST(Screening, SmallestGroupBelowMinimumKBlocksWithTheKFound) {
  const ScanResult scan = anonymized_scan(4);
  const auto findings = screen_with(anonymized_product(), &scan);
  const Finding* f =
      find(findings, "P5", Severity::block, "personal_information.quasi_identifiers");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("k = 4"), std::string::npos) << f->message;
  EXPECT_NE(f->message.find("at least 5"), std::string::npos) << f->message;
}

TEST(Screening, DeclaredQuasiIdentifierMissingFromTheDataBlocks) {
  Product p = anonymized_product();
  p.quasi_identifiers.push_back("postcode");
  std::string csv = "district,age_band\n";
  for (int i = 0; i < 6; ++i) csv += "Xuhui,30-39\n";
  const ScanResult scan = test::scan(csv, DataFormat::csv, p.quasi_identifiers);
  const auto findings = screen_with(p, &scan);
  const Finding* f =
      find(findings, "P5", Severity::block, "personal_information.quasi_identifiers");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("\"postcode\""), std::string::npos);
}

TEST(Screening, AnonymizedWithoutQuasiIdentifiersGoesToReview) {
  Product p = anonymized_product();
  p.quasi_identifiers.clear();
  const auto findings = screen_with(p);
  EXPECT_FINDING(findings, "P5", Severity::review, "personal_information.quasi_identifiers");
  EXPECT_FALSE(any_block(findings)) << describe(findings);
}

// ---- P6 ----
TEST(Screening, IdentifiedDataWithoutConsentBlocksUnderP6) {
  Product p = clean_product();
  p.personal_information = PersonalInfo::identified;
  const ScanResult scan = customer_scan();
  const auto findings = screen_with(p, &scan);
  EXPECT_FINDING(findings, "P6", Severity::block, "personal_information.consent_evidence_file_id");
  EXPECT_EQ(find(findings, "P5", Severity::block, "personal_information.contains"), nullptr);
}

TEST(Screening, IdentifiedDataWithConsentGoesToReview) {
  Product p = clean_product();
  p.personal_information = PersonalInfo::identified;
  p.consent_evidence_file_id = "file_consent";
  const ScanResult scan = customer_scan();
  const auto findings = screen_with(p, &scan);
  EXPECT_FINDING(findings, "P6", Severity::review, "personal_information.contains");
  EXPECT_FALSE(any_block(findings)) << describe(findings);
}

// ---- P7 ----
TEST(Screening, PublicDataWithoutOperationAuthorizationBlocksUnderP7) {
  Product p = clean_product();
  p.source_method = SourceMethod::public_data_authorized;
  EXPECT_FINDING(screen_with(p), "P7", Severity::block, "public_data_authorization_id");
  p.public_data_authorization_id = "CQ-PD-2026-0042";
  EXPECT_TRUE(screen_with(p).empty()) << describe(screen_with(p));
}

// ---- P8 ----
TEST(Screening, CrossBorderOfferOnImportantDataBlocksUnderP8) {
  Product p = clean_product();
  p.classification = Classification::important;
  p.security_assessment_file_id = "file_assessment";
  p.offers.push_back(p.offers[0]);
  p.offers[1].cross_border = true;
  const auto findings = screen_with(p);
  EXPECT_FINDING(findings, "P8", Severity::block, "offers[1].cross_border");
  EXPECT_EQ(find(findings, "P8", Severity::block, "offers[0].cross_border"), nullptr);
}

TEST(Screening, CrossBorderOfferOnPersonalInformationBlocks) {
  Product p = anonymized_product();
  p.offers[0].cross_border = true;
  const ScanResult scan = anonymized_scan(5);
  EXPECT_FINDING(screen_with(p, &scan), "P8", Severity::block, "offers[0].cross_border");
}

TEST(Screening, CrossBorderOfferOnGeneralNonPersonalDataPasses) {
  Product p = clean_product();
  p.offers[0].cross_border = true;
  EXPECT_TRUE(screen_with(p).empty()) << describe(screen_with(p));
}

// ---- P9 and O18: grade ----
TEST(Screening, CoreDataBlocksUnderP9) {
  Product p = clean_product();
  p.classification = Classification::core;
  EXPECT_FINDING(screen_with(p), "P9", Severity::block, "classification");
}

TEST(Screening, ImportantDataNeedsASecurityAssessment) {
  Product p = clean_product();
  p.classification = Classification::important;
  EXPECT_FINDING(screen_with(p), "P9", Severity::block, "security_assessment_file_id");
  p.security_assessment_file_id = "file_assessment";
  EXPECT_TRUE(screen_with(p).empty()) << describe(screen_with(p));
}

TEST(Screening, ImportantCategoryGradedGeneralBlocksAsMisgraded) {
  Product p = clean_product();
  p.category = "energy.grid";
  EXPECT_FINDING(screen_with(p), "O18", Severity::block, "classification");
}

// ---- O9 ----
TEST(Screening, FileDeliveryWithoutDataFileBlocksUnderO9) {
  Product p = clean_product();
  p.data_file_id.reset();
  EXPECT_FINDING(screen_with(p, nullptr), "O9", Severity::block, "data_file_id");
}

TEST(Screening, ApiDeliveryWithoutFileGoesToReview) {
  Product p = clean_product();
  p.data_file_id.reset();
  p.delivery_mode = DeliveryMode::api;
  const auto findings = screen_with(p, nullptr);
  EXPECT_FINDING(findings, "O9", Severity::review, "data_file_id");
  EXPECT_FALSE(any_block(findings));
}

TEST(Screening, DataFileThatDoesNotParseBlocksWithTheParseError) {
  const ScanResult scan = test::scan("a,b\n1,2\n3\n");
  const auto findings = screen_with(clean_product(), &scan);
  const Finding* f = find(findings, "O9", Severity::block, "data_file_id");
  ASSERT_NE(f, nullptr) << describe(findings);
  EXPECT_NE(f->message.find("line 3: 1 fields where the header has 2"), std::string::npos);
}

TEST(Screening, DataFileWithNoRowsBlocks) {
  const ScanResult scan = test::scan("station,hour,vehicles\n");
  EXPECT_FINDING(screen_with(clean_product(), &scan), "O9", Severity::block, "data_file_id");
}

TEST(Screening, UnreadableFormatGoesToReview) {
  Product p = clean_product();
  p.format = "xlsx";
  const auto findings = screen_with(p, nullptr);
  EXPECT_FINDING(findings, "O9", Severity::review, "format");
  EXPECT_FALSE(any_block(findings)) << describe(findings);
}

// ---- O12 ----
TEST(Screening, ProductWithoutOffersBlocksUnderO12) {
  Product p = clean_product();
  p.offers.clear();
  EXPECT_FINDING(screen_with(p), "O12", Severity::block, "offers");
}

TEST(Screening, EachMissingOfferTermBlocksNamingItsField) {
  const std::vector<std::pair<std::string, void (*)(Offer&)>> cases = {
      {"offers[0].purposes", [](Offer& o) { o.purposes.clear(); }},
      {"offers[0].purposes", [](Offer& o) { o.purposes = {" "}; }},
      {"offers[0].scenario", [](Offer& o) { o.scenario = ""; }},
      {"offers[0].term_days", [](Offer& o) { o.term_days = 0; }},
      {"offers[0].price_fen", [](Offer& o) { o.price_fen = -1; }},
      {"offers[0].security_measures", [](Offer& o) { o.security_measures = " "; }},
      {"offers[0].seats", [](Offer& o) { o.seats = 0; }},
  };
  for (const auto& [field, spoil] : cases) {
    Product p = clean_product();
    spoil(p.offers[0]);
    const auto findings = screen_with(p);
    EXPECT_FINDING(findings, "O12", Severity::block, field);
    EXPECT_EQ(findings.size(), 1u) << describe(findings);
  }
}

}  // namespace
}  // namespace dx::compliance
