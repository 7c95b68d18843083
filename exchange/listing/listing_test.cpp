#include <gtest/gtest.h>

#include "listing/catalog_terms.hpp"
#include "listing/product_json.hpp"
#include "listing/review_rules.hpp"

namespace dx::listing {
namespace {

using nlohmann::json;

TEST(CatalogTerms, ChineseRunsBecomeCharacterPairsThenSingleCharacters) {
  EXPECT_EQ(index_terms("交通流量"), "交通 通流 流量 交 通 流 量");
}

TEST(CatalogTerms, WordsAreLowerCasedAndPunctuationSeparates) {
  EXPECT_EQ(index_terms("Taxi-Trips, 2026!"), "taxi trips 2026");
}

TEST(CatalogTerms, MixedTextKeepsBothKinds) {
  EXPECT_EQ(index_terms("GPS轨迹data"), "gps 轨迹 data 轨 迹");
}

TEST(CatalogTerms, InvalidUtf8IsASeparator) {
  EXPECT_EQ(index_terms(std::string("ab\xff" "cd")), "ab cd");
}

TEST(CatalogTerms, QueryOfATwoCharacterWordIsOnePairTerm) {
  EXPECT_EQ(match_expression("交通"), "\"交通\"");
}

TEST(CatalogTerms, LongerChineseQueryIsAPhraseOfPairs) {
  EXPECT_EQ(match_expression("交通流量"), "\"交通 通流 流量\"");
}

TEST(CatalogTerms, SingleCharacterQueryMatchesTheCharacter) {
  EXPECT_EQ(match_expression("量"), "\"量\"");
}

TEST(CatalogTerms, LastEnglishWordMatchesAsPrefix) {
  EXPECT_EQ(match_expression("Taxi tri"), "\"taxi\" \"tri\"*");
}

TEST(CatalogTerms, QueryWithoutSearchableCharactersIsEmpty) {
  EXPECT_EQ(match_expression("\"*() -"), "");
}

TEST(CatalogTerms, QuotesCannotEscapeTheExpression) {
  EXPECT_EQ(match_expression("a\" OR \"b"), "\"a\" \"or\" \"b\"*");
}

ReviewState in_review(bool important = false) { return {"in_review", "seller", important, {}}; }

TEST(ReviewRules, OneApprovalListsGeneralData) {
  auto r = review_outcome(in_review(), "rev1", true);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r == ReviewOutcome::Next::listed);
}

TEST(ReviewRules, ImportantDataWaitsForASecondReviewer) {
  auto state = in_review(true);
  auto first = review_outcome(state, "rev1", true);
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(*first == ReviewOutcome::Next::awaits_second_approval);
  state.approvers = {"rev1"};
  EXPECT_EQ(review_outcome(state, "rev1", true).error().code, Errc::invalid_state);
  auto second = review_outcome(state, "rev2", true);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(*second == ReviewOutcome::Next::listed);
  EXPECT_EQ(second->approvals, 2u);
}

TEST(ReviewRules, RejectionRejects) {
  auto r = review_outcome(in_review(true), "rev1", false);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(*r == ReviewOutcome::Next::rejected);
}

TEST(ReviewRules, NobodyReviewsTheirOwnProduct) {
  EXPECT_EQ(review_outcome(in_review(), "seller", true).error().code, Errc::forbidden);
}

TEST(ReviewRules, OnlyProductsInReviewAreDecided) {
  EXPECT_EQ(review_outcome({"draft", "seller", false, {}}, "rev1", true).error().code, Errc::invalid_state);
}

TEST(ProductJson, RoundTripsEveryField) {
  const json body = {{"title", "t"},
                     {"description", "d"},
                     {"category", "transport.traffic"},
                     {"source", {{"method", "licensed"}, {"statement", "s"}}},
                     {"rights",
                      {{"holder", "third_party"},
                       {"authorization",
                        {{"grantor_name", "g"},
                         {"grantor_id", "id"},
                         {"purposes", {"research"}},
                         {"resale_allowed", true},
                         {"valid_until", "2027-12-31"},
                         {"evidence_file_id", "file_1"}}}}},
                     {"public_data_authorization_id", "pda-1"},
                     {"personal_information",
                      {{"contains", "anonymized"},
                       {"quasi_identifiers", {"age"}},
                       {"consent_evidence_file_id", nullptr}}},
                     {"classification", "important"},
                     {"security_assessment_file_id", "file_2"},
                     {"data_file_id", "file_3"},
                     {"format", "csv"},
                     {"delivery_mode", "api"},
                     {"update_frequency", "daily"},
                     {"offers",
                      {{{"id", ""},
                        {"name", "standard"},
                        {"purposes", {"research"}},
                        {"scenario", "sc"},
                        {"term_days", 365},
                        {"price_fen", 100000},
                        {"seats", 3},
                        {"cross_border", false},
                        {"security_measures", "m"},
                        {"disposal", "return"},
                        {"call_quota", nullptr},
                        {"rate_limit_per_s", nullptr}}}},
                     {"gateway", nullptr},
                     {"data_dictionary",
                      {{{"name", "age"},
                        {"type", "integer"},
                        {"description", "years"},
                        {"role", "quasi_identifier"}}}}};
  auto p = parse_product(body);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_EQ(document_json(*p), body);
}

TEST(ProductJson, PublicViewHidesFilesEvidenceAndGrantor) {
  auto p = parse_product({{"title", "t"}, {"data_file_id", "file_3"}, {"security_assessment_file_id", "file_2"},
                          {"rights", {{"holder", "third_party"}, {"authorization", {{"grantor_id", "secret-id"}}}}}});
  ASSERT_TRUE(p.ok());
  const auto text = public_product_json(*p).dump();
  EXPECT_EQ(text.find("file_"), std::string::npos);
  EXPECT_EQ(text.find("secret-id"), std::string::npos);
}

TEST(ProductJson, BadDateAndUnknownEnumerationsAreFieldErrors) {
  auto p = parse_product({{"title", "t"}, {"delivery_mode", "pigeon"},
                          {"rights", {{"authorization", {{"valid_until", "2027-02-30"}}}}}});
  ASSERT_FALSE(p.ok());
  ASSERT_EQ(p.error().errors.size(), 2u);
  EXPECT_EQ(p.error().errors[0].field, "rights.authorization.valid_until");
  EXPECT_EQ(p.error().errors[1].field, "delivery_mode");
}

json gateway_product() {
  return {
      {"title", "t"},
      {"delivery_mode", "gateway"},
      {"gateway",
       {{"upstream_url", "https://api.example.com/v1"},
        {"auth_header", "X-Api-Key"},
        {"credentials", "sk-secret-1"},
        {"routes", {{{"method", "GET"}, {"path_prefix", "/weather"}}}}}},
      {"offers",
       {{{"name", "calls"}, {"price_fen", 100}, {"call_quota", 1000}, {"rate_limit_per_s", 5}}}}};
}

TEST(ProductJson, GatewayCredentialsAreStoredButNeverShown) {
  auto p = parse_product(gateway_product());
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_EQ(p->gateway->timeout_s, 30);
  EXPECT_EQ(document_json(*p)["gateway"]["credentials"], "sk-secret-1");
  const auto owner = owner_product_json(*p);
  EXPECT_EQ(owner.dump().find("sk-secret-1"), std::string::npos);
  EXPECT_EQ(owner["gateway"]["credentials_set"], true);
  EXPECT_EQ(owner["offers"][0]["call_quota"], 1000);
  const auto everyone = public_product_json(*p);
  EXPECT_EQ(
      everyone["gateway"],
      json({{"routes", {{{"method", "GET"}, {"path_prefix", "/weather"}}}}, {"timeout_s", 30}}));
  EXPECT_EQ(everyone["offers"][0]["rate_limit_per_s"], 5);
}

// The field names of the errors of parsing `body`.
std::vector<std::string> error_fields(const json& body) {
  auto p = parse_product(body);
  std::vector<std::string> out;
  if (!p.ok())
    for (const auto& e : p.error().errors) out.push_back(e.field);
  return out;
}

TEST(ProductJson, GatewayFieldsAreCheckedOneByOne) {
  auto body = gateway_product();
  body["gateway"]["auth_header"] = "X-Forwarded-For";
  body["gateway"]["credentials"] = "line\nbreak";
  body["gateway"]["routes"] = {{{"method", "TRACE"}, {"path_prefix", "/a"}},
                               {{"method", "GET"}, {"path_prefix", "/a/../b"}}};
  body["gateway"]["timeout_s"] = 121;
  body["offers"][0]["call_quota"] = 0;
  EXPECT_EQ(error_fields(body),
            (std::vector<std::string>{"offers[0].call_quota", "gateway.auth_header",
                                      "gateway.credentials", "gateway.routes[0].method",
                                      "gateway.routes[1].path_prefix", "gateway.timeout_s"}));
}

TEST(ProductJson, GatewayBelongsToGatewayProductsOnly) {
  auto body = gateway_product();
  body["delivery_mode"] = "file";
  EXPECT_EQ(
      error_fields(body),
      (std::vector<std::string>{"offers[0].call_quota", "offers[0].rate_limit_per_s", "gateway"}));
  body = gateway_product();
  body.erase("gateway");
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"gateway"});
}

TEST(ProductJson, DataDictionaryNamesAreUnique) {
  json body = {{"title", "t"},
               {"data_dictionary",
                {{{"name", "a"}, {"type", "text"}, {"role", "attribute"}},
                 {{"name", "a"}, {"type", "blob"}, {"role", "attribute"}}}}};
  EXPECT_EQ(error_fields(body),
            (std::vector<std::string>{"data_dictionary[1].type", "data_dictionary[1].name"}));
}

TEST(ProductJson, TitleIsRequired) {
  auto p = parse_product(json::object());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().errors[0].field, "title");
}

}  // namespace
}  // namespace dx::listing
