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
                        {"rate_limit_per_s", nullptr},
                        {"job_quota", nullptr}}}},
                     {"gateway", nullptr},
                     {"compute", nullptr},
                     {"data_dictionary",
                      {{{"name", "age"},
                        {"type", "integer"},
                        {"description", "years"},
                        {"role", "quasi_identifier"},
                        {"min", 0},
                        {"max", 120.5}}}}};
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

// The field names of the errors of parsing `body` as a seller's edit (minimum group size 5).
std::vector<std::string> error_fields(const json& body) {
  auto p = parse_product(body, 5);
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

json compute_product() {
  return {
      {"title", "t"},
      {"delivery_mode", "compute"},
      {"format", "csv"},
      {"compute", {{"min_group_size", 10}, {"approval", "seller"}, {"epsilon_per_licence", 2.5}}},
      {"data_dictionary",
       {{{"name", "phone"}, {"type", "text"}, {"role", "identifier"}},
        {{"name", "city"}, {"type", "text"}, {"role", "quasi_identifier"}},
        {{"name", "amount"}, {"type", "real"}, {"role", "sensitive"}, {"min", 0}, {"max", 1e4}}}},
      {"offers", {{{"name", "jobs"}, {"price_fen", 100}, {"job_quota", 50}}}}};
}

TEST(ProductJson, ComputeTermsAndJobQuotaRoundTripAndAreShownToEveryone) {
  auto p = parse_product(compute_product(), 5);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_EQ(p->compute->min_group_size, 10);
  EXPECT_EQ(p->compute->approval, compliance::Approval::seller);
  EXPECT_EQ(p->compute->epsilon_per_licence, 2.5);
  EXPECT_EQ(p->offers[0].job_quota, 50);
  EXPECT_EQ(p->data_dictionary[2].max, 1e4);
  const json terms = {{"min_group_size", 10}, {"approval", "seller"}, {"epsilon_per_licence", 2.5}};
  EXPECT_EQ(document_json(*p)["compute"], terms);
  const auto everyone = public_product_json(*p);
  EXPECT_EQ(everyone["compute"], terms);
  EXPECT_EQ(everyone["offers"][0]["job_quota"], 50);
  EXPECT_EQ(everyone["data_dictionary"][0]["role"], "identifier");
  EXPECT_EQ(everyone["data_dictionary"][2]["min"], 0);
  EXPECT_EQ(everyone["data_dictionary"][2]["max"], 1e4);
  // The stored document reads back as it was written.
  auto again = parse_product(document_json(*p));
  ASSERT_TRUE(again.ok()) << again.error().detail;
  EXPECT_EQ(document_json(*again), document_json(*p));
}

TEST(ProductJson, ExactAggregatesNeedNoBudget) {
  auto body = compute_product();
  body["compute"].erase("epsilon_per_licence");
  body["compute"]["approval"] = "automatic";
  auto p = parse_product(body, 5);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_FALSE(p->compute->epsilon_per_licence);
  EXPECT_EQ(public_product_json(*p)["compute"]["epsilon_per_licence"], nullptr);
}

TEST(ProductJson, ComputeFieldsAreCheckedOneByOne) {
  auto body = compute_product();
  body["compute"] = {{"min_group_size", 4}, {"approval", "never"}, {"epsilon_per_licence", 0}};
  body["offers"][0]["job_quota"] = 0;
  body["data_dictionary"][1]["min"] = 1;      // a text column has no bounds
  body["data_dictionary"][2]["min"] = 10;     // above max
  body["data_dictionary"][2]["max"] = "ten";  // not a number
  EXPECT_EQ(error_fields(body),
            (std::vector<std::string>{"offers[0].job_quota", "data_dictionary[1].min",
                                      "data_dictionary[2].max", "compute.min_group_size",
                                      "compute.approval", "compute.epsilon_per_licence"}));
  // The floor is config compliance.min_k_anonymity as the seller's edit passes it.
  body = compute_product();
  body["compute"]["min_group_size"] = 7;
  EXPECT_FALSE(parse_product(body, 8).ok());
  EXPECT_TRUE(parse_product(body, 7).ok());
  body["compute"]["min_group_size"] = 1'000'001;
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"compute.min_group_size"});
  body["compute"]["min_group_size"] = 10;
  body["compute"]["epsilon_per_licence"] = 100.5;
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"compute.epsilon_per_licence"});
  body["data_dictionary"][2]["min"] = 5;
  body["data_dictionary"][2]["max"] = 2;
  body["compute"]["epsilon_per_licence"] = nullptr;
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"data_dictionary[2].min"});
}

TEST(ProductJson, ComputeNeedsItsTermsAndADictionary) {
  auto body = compute_product();
  body.erase("compute");
  body["data_dictionary"] = json::array();
  EXPECT_EQ(error_fields(body), (std::vector<std::string>{"data_dictionary", "compute"}));
  body = compute_product();
  body["compute"] = "yes";
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"compute"});
  body = compute_product();
  json columns = json::array();
  for (int i = 0; i < 201; ++i)
    columns.push_back({{"name", "c" + std::to_string(i)}, {"type", "text"}, {"role", "attribute"}});
  body["data_dictionary"] = columns;
  EXPECT_EQ(error_fields(body), std::vector<std::string>{"data_dictionary"});
}

TEST(ProductJson, StoredComputeDocumentWithoutTermsStillReads) {
  auto body = compute_product();
  body.erase("compute");
  body["data_dictionary"] = json::array();
  auto p = parse_product(body);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_FALSE(p->compute);
  EXPECT_EQ(document_json(*p)["compute"], nullptr);
}

TEST(ProductJson, ComputeBelongsToComputeProductsOnly) {
  auto body = compute_product();
  body["delivery_mode"] = "api";
  EXPECT_EQ(error_fields(body), (std::vector<std::string>{"offers[0].job_quota", "compute"}));
}

TEST(ProductJson, TitleIsRequired) {
  auto p = parse_product(json::object());
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().errors[0].field, "title");
}

}  // namespace
}  // namespace dx::listing
