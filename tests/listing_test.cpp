// API.md "Products and review" over HTTPS: drafts, screening at submission (each rule blocks or
// flags the product it should, citing rule and basis), review by staff, the public catalogue.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

class ListingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    server_->start();
    admin_ = new HttpsClient(server_->port());
    sign_in_admin(*admin_);
    kyc_ = staff_member(server_->port(), *admin_, {"kyc_reviewer"}).release();
    reviewer_ = staff_member(server_->port(), *admin_, {"listing_reviewer"}).release();
    second_reviewer_ = staff_member(server_->port(), *admin_, {"listing_reviewer"}).release();
  }
  static void TearDownTestSuite() {
    delete second_reviewer_;
    delete reviewer_;
    delete kyc_;
    delete admin_;
    delete server_;
  }

  void SetUp() override { seller_ = verified_person(server_->port(), *kyc_, "数据卖家 Seller"); }

  HttpsClient& seller() { return *seller_.client; }

  std::string csv_file(const std::string& content) { return upload(seller(), content, "text/csv", "data.csv"); }

  json create(const json& product) {
    auto r = seller().post("/api/v1/products", product);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  }

  json submit(const std::string& id) {
    auto r = seller().post("/api/v1/products/" + id + "/submit", json::object());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // The findings of submitting `product`, after checking the product was rejected.
  json rejected_findings(const json& product) {
    auto submitted = submit(create(product)["id"]);
    EXPECT_EQ(submitted["status"], "rejected") << submitted.dump(2);
    return submitted["findings"];
  }

  static bool has_finding(const json& findings, const std::string& rule, const std::string& severity = "block") {
    for (const auto& f : findings)
      if (f["rule"] == rule && f["severity"] == severity && !f["basis"].get<std::string>().empty() &&
          !f["message"].get<std::string>().empty())
        return true;
    return false;
  }

  std::string listed_product(json product) {
    const std::string id = create(product)["id"];
    EXPECT_EQ(submit(id)["status"], "in_review");
    auto d = reviewer_->post("/api/v1/staff/products/" + id + "/decision", {{"decision", "approve"}, {"reason", "complete"}});
    EXPECT_EQ(d.status, 200) << d.body;
    EXPECT_EQ(d.json()["status"], "listed");
    return id;
  }

  static json catalog(const std::string& query) {
    HttpsClient anyone(server_->port());
    auto r = anyone.get("/api/v1/catalog" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  static bool catalog_has(const json& page, const std::string& id) {
    for (const auto& item : page["items"])
      if (item["id"] == id) return true;
    return false;
  }

  static inline ServerProcess* server_ = nullptr;
  static inline HttpsClient* admin_ = nullptr;
  static inline HttpsClient* kyc_ = nullptr;
  static inline HttpsClient* reviewer_ = nullptr;
  static inline HttpsClient* second_reviewer_ = nullptr;
  Party seller_;
};

TEST_F(ListingTest, UnverifiedAccountCannotCreateProducts) {
  HttpsClient stranger(server_->port());
  register_and_sign_in(stranger, unique_email("unverified"));
  auto r = stranger.post("/api/v1/products", {{"title", "anything"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.json()["code"], "kyc_required");
  EXPECT_EQ(r.json()["rule"], "O2");
  EXPECT_EQ(r.json()["basis"], "CQ-37(2)");
}

TEST_F(ListingTest, DraftIsCreatedWithOfferIdsAndWrongTypesAreNamed) {
  auto draft = create(sample_product(csv_file(sample_csv())));
  EXPECT_EQ(draft["status"], "draft");
  EXPECT_EQ(draft["version"], 1);
  ASSERT_EQ(draft["offers"].size(), 1u);
  EXPECT_FALSE(draft["offers"][0]["id"].get<std::string>().empty());

  auto bad = seller().post("/api/v1/products", {{"title", 5}, {"classification", "secret"},
                                                {"offers", {{{"name", "x"}, {"price_fen", "free"}}}}});
  EXPECT_EQ(bad.status, 422);
  const auto problem = bad.json();
  std::set<std::string> fields;
  for (const auto& e : problem["errors"]) fields.insert(e["field"].get<std::string>());
  EXPECT_TRUE(fields.count("title")) << bad.body;
  EXPECT_TRUE(fields.count("classification"));
  EXPECT_TRUE(fields.count("offers[0].price_fen"));
}

TEST_F(ListingTest, FilesOfOtherAccountsCannotBeNamed) {
  auto other = verified_person(server_->port(), *kyc_);
  const auto theirs = upload(*other.client, sample_csv(), "text/csv");
  auto r = seller().post("/api/v1/products", sample_product(theirs));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["field"], "data_file_id");
}

TEST_F(ListingTest, CleanProductPassesReviewAndIsFoundInChineseAndEnglish) {
  const std::string id = create(sample_product(csv_file(sample_csv())))["id"];
  auto submitted = submit(id);
  EXPECT_EQ(submitted["status"], "in_review");
  for (const auto& f : submitted["findings"]) EXPECT_NE(f["severity"], "block") << f.dump();
  EXPECT_EQ(submitted["data"]["rows"], 30);

  EXPECT_FALSE(catalog_has(catalog("?q=taxi"), id)) << "not listed yet";
  HttpsClient anyone(server_->port());
  EXPECT_EQ(anyone.get("/api/v1/products/" + id).status, 404);

  auto queue = reviewer_->get("/api/v1/staff/reviews?status=in_review").json();
  bool queued = false;
  for (const auto& item : queue["items"]) queued = queued || item["id"] == id;
  EXPECT_TRUE(queued);

  auto d = reviewer_->post("/api/v1/staff/products/" + id + "/decision", {{"decision", "approve"}, {"reason", "complete"}});
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(d.json()["status"], "listed");

  EXPECT_TRUE(catalog_has(catalog("?q=taxi"), id));
  EXPECT_TRUE(catalog_has(catalog("?q=Taxi%20trips"), id));
  EXPECT_TRUE(catalog_has(catalog("?q=%E4%BA%A4%E9%80%9A"), id));  // 交通
  EXPECT_TRUE(catalog_has(catalog("?q=%E5%AE%A2%E6%B5%81"), id));  // 客流
  EXPECT_FALSE(catalog_has(catalog("?q=%E5%8C%BB%E7%96%97"), id)); // 医疗
  EXPECT_TRUE(catalog_has(catalog("?category=transport"), id));
  EXPECT_FALSE(catalog_has(catalog("?category=health"), id));

  auto view = anyone.get("/api/v1/products/" + id);
  ASSERT_EQ(view.status, 200);
  const auto pub = view.json();
  EXPECT_EQ(pub["seller"]["display_name"], "数据卖家 Seller");
  EXPECT_EQ(pub["seller"]["identity_verified"], true);
  EXPECT_EQ(pub["source"]["statement"], "Counted by our own roadside sensors in 2026.");
  EXPECT_EQ(pub["offers"][0]["price_fen"], 100000);
  EXPECT_FALSE(view.body.find("data_file_id") != std::string::npos);
  EXPECT_FALSE(pub.contains("findings"));
  EXPECT_FALSE(pub.contains("reviews"));
}

TEST_F(ListingTest, ListedProductCannotBeEditedAndWithdrawalRemovesItFromTheCatalog) {
  auto product = sample_product(csv_file(sample_csv()));
  const auto id = listed_product(product);
  auto put = seller().put("/api/v1/products/" + id, product);
  EXPECT_EQ(put.status, 409);
  EXPECT_EQ(put.json()["code"], "invalid_state");
  auto w = seller().post("/api/v1/products/" + id + "/withdraw", json::object());
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json()["status"], "withdrawn");
  EXPECT_FALSE(catalog_has(catalog("?q=taxi&limit=500"), id));
  HttpsClient anyone(server_->port());
  EXPECT_EQ(anyone.get("/api/v1/products/" + id).status, 404);
}

TEST_F(ListingTest, AnotherAccountsProductAnswers404) {
  const std::string id = create(sample_product(csv_file(sample_csv())))["id"];
  auto other = verified_person(server_->port(), *kyc_);
  EXPECT_EQ(other.client->get("/api/v1/products/" + id).status, 404);
  EXPECT_EQ(other.client->put("/api/v1/products/" + id, sample_product("x")).status, 404);
  EXPECT_EQ(other.client->post("/api/v1/products/" + id + "/submit", json::object()).status, 404);
  EXPECT_EQ(other.client->post("/api/v1/products/" + id + "/withdraw", json::object()).status, 404);
}

TEST_F(ListingTest, IdentifiersInDataBlockAndAFixedVersionPassesWhileTheFirstIsKept) {
  std::string csv = "name,phone,district\n";
  for (int i = 0; i < 12; ++i) csv += "Rider,1380013" + std::to_string(8000 + i) + ",Xuhui\n";
  auto product = sample_product(csv_file(csv));
  const std::string id = create(product)["id"];
  auto first = submit(id);
  ASSERT_EQ(first["status"], "rejected");
  ASSERT_TRUE(has_finding(first["findings"], "P5"));
  const auto text = first["findings"].dump();
  EXPECT_NE(text.find("phone"), std::string::npos) << text;
  EXPECT_NE(text.find("12"), std::string::npos) << text;
  EXPECT_EQ(text.find("13800138000"), std::string::npos) << "never the values";

  product["data_file_id"] = csv_file(sample_csv());
  auto fixed = seller().put("/api/v1/products/" + id, product);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json()["status"], "draft");
  EXPECT_EQ(fixed.json()["version"], 2);
  auto second = submit(id);
  EXPECT_EQ(second["status"], "in_review") << second.dump(2);
  ASSERT_EQ(second["versions"].size(), 2u);
  EXPECT_TRUE(has_finding(second["versions"][0]["findings"], "P5"));
}

TEST_F(ListingTest, EveryRuleBlocksTheProductItShould) {
  const auto data = csv_file(sample_csv());
  {
    auto p = sample_product(data);
    p["source"]["statement"] = " ";
    EXPECT_TRUE(has_finding(rejected_findings(p), "O1"));
  }
  {
    auto p = sample_product(data);
    p["rights"] = {{"holder", "third_party"}};
    EXPECT_TRUE(has_finding(rejected_findings(p), "P3"));
  }
  {
    auto p = sample_product(data);
    p["rights"] = {{"holder", "third_party"},
                   {"authorization", {{"grantor_name", "Grantor Ltd"}, {"grantor_id", "91310000MA1FL0000X"},
                                      {"purposes", {"marketing"}}, {"resale_allowed", true},
                                      {"valid_until", "2099-12-31"}, {"evidence_file_id", upload(seller(), "signed", "application/pdf")}}}};
    EXPECT_TRUE(has_finding(rejected_findings(p), "P3")) << "authorization does not cover research";
  }
  {
    auto p = sample_product(data);
    p["personal_information"] = {{"contains", "identified"}, {"quasi_identifiers", json::array()}};
    EXPECT_TRUE(has_finding(rejected_findings(p), "P6"));
  }
  {
    auto p = sample_product(data);
    p["personal_information"] = {{"contains", "anonymized"}, {"quasi_identifiers", {"district", "trips"}}};
    const auto findings = rejected_findings(p);
    EXPECT_TRUE(has_finding(findings, "P5"));
    EXPECT_NE(findings.dump().find("1"), std::string::npos);  // the k found
  }
  {
    auto p = sample_product(data);
    p["classification"] = "core";
    EXPECT_TRUE(has_finding(rejected_findings(p), "P9"));
  }
  {
    auto p = sample_product(data);
    p["classification"] = "important";
    EXPECT_TRUE(has_finding(rejected_findings(p), "P9"));
  }
  {
    auto p = sample_product(data);
    p["personal_information"] = {{"contains", "anonymized"}, {"quasi_identifiers", {"district", "age_band"}}};
    p["offers"][0]["cross_border"] = true;
    EXPECT_TRUE(has_finding(rejected_findings(p), "P8"));
  }
  {
    auto p = sample_product(data);
    p["source"]["method"] = "public_data_authorized";
    EXPECT_TRUE(has_finding(rejected_findings(p), "P7"));
  }
  {
    auto p = sample_product(data);
    p["category"] = "defense.military";
    EXPECT_TRUE(has_finding(rejected_findings(p), "P1"));
  }
  {
    auto p = sample_product(csv_file("district,trips\nXuhui,1,extra\n"));
    EXPECT_TRUE(has_finding(rejected_findings(p), "O9"));
  }
}

TEST_F(ListingTest, ScreeningSeesDataHoweverItIsWrittenAndPassesItsLookAlikes) {
  auto blocked_for = [&](const std::string& content, const std::string& format) {
    auto p = sample_product(csv_file(content));
    p["format"] = format;
    return rejected_findings(p);
  };
  // P5: identity numbers with spaces inside free text, and mobile numbers with +86, in TSV.
  std::string notes = "district\tnote\n", phones = "district\tcontact\n";
  for (int i = 0; i < 12; ++i) {
    notes += "Xuhui\t rider " + std::to_string(i) + " ID 110105 19491231 002X called\n";
    phones += "Xuhui\t+86 138-0013-" + std::to_string(8000 + i) + "\n";
  }
  EXPECT_TRUE(has_finding(blocked_for(notes, "tsv"), "P5"));
  EXPECT_TRUE(has_finding(blocked_for(phones, "tsv"), "P5"));
  // In nested JSON Lines values, full-width digits.
  std::string lines;
  for (int i = 0; i < 12; ++i) lines += R"({"district":"Xuhui","rider":{"phone":"１３８００１３８０００"}})" "\n";
  EXPECT_TRUE(has_finding(blocked_for(lines, "jsonl"), "P5"));
  // A file declared CSV that is tab-separated is itself a finding (O9).
  EXPECT_TRUE(has_finding(blocked_for("district\ttrips\nXuhui\t120\nPudong\t80\n", "csv"), "O9"));
  // P4: a source statement that admits credential stuffing.
  auto stuffed = sample_product(csv_file(sample_csv()));
  stuffed["source"]["statement"] = "通过撞库获取的某平台用户出行记录";
  EXPECT_TRUE(has_finding(rejected_findings(stuffed), "P4"));
  // P7: a statement naming a public body, whatever method the seller declared.
  auto public_body = sample_product(csv_file(sample_csv()));
  public_body["source"]["statement"] = "数据来自某市公安局交通管理部门的内部统计";
  EXPECT_TRUE(has_finding(rejected_findings(public_body), "P7"));
  // P1 in the cells, in traditional characters: a reviewer must look.
  std::string secret = "district,age_band,note\n";
  for (int i = 0; i < 30; ++i) secret += std::string(i % 3 == 0 ? "Xuhui" : i % 3 == 1 ? "Pudong" : "Jingan") +
                                         (i % 2 ? ",18-30," : ",31-45,") + (i == 7 ? "國防設施附近" : "ordinary") + "\n";
  auto p1 = sample_product(csv_file(secret));
  p1["personal_information"] = {{"contains", "none"}};
  const auto submitted = submit(create(p1)["id"]);
  EXPECT_TRUE(has_finding(submitted["findings"], "P1", "review")) << submitted["findings"].dump(2);

  // Lawful look-alikes: an 18-digit serial column, an 11-digit amount column, masked numbers.
  std::string lawful = "district,age_band,serial,amount_fen,contact\n";
  for (int i = 0; i < 30; ++i)
    lawful += std::string(i % 3 == 0 ? "Xuhui" : i % 3 == 1 ? "Pudong" : "Jingan") + (i % 2 ? ",18-30," : ",31-45,") +
              std::to_string(900000000000000000LL + 7919LL * i) + "," + std::to_string(12000000000LL + 37 * i) +
              ",138****" + std::to_string(1000 + i) + "\n";
  auto clean = sample_product(csv_file(lawful));
  const auto passed = submit(create(clean)["id"]);
  EXPECT_EQ(passed["status"], "in_review") << passed["findings"].dump(2);
  EXPECT_FALSE(has_finding(passed["findings"], "P5"));
}

TEST_F(ListingTest, AnonymizedDataWithEnoughKPasses) {
  auto p = sample_product(csv_file(sample_csv()));
  p["personal_information"] = {{"contains", "anonymized"}, {"quasi_identifiers", {"district", "age_band"}}};
  auto submitted = submit(create(p)["id"]);
  EXPECT_EQ(submitted["status"], "in_review") << submitted.dump(2);
}

TEST_F(ListingTest, ImportantDataNeedsTwoDifferentReviewers) {
  auto p = sample_product(csv_file(sample_csv()));
  p["classification"] = "important";
  p["security_assessment_file_id"] = upload(seller(), "assessment report", "application/pdf");
  const std::string id = create(p)["id"];
  ASSERT_EQ(submit(id)["status"], "in_review");
  const auto path = "/api/v1/staff/products/" + id + "/decision";
  auto first = reviewer_->post(path, {{"decision", "approve"}, {"reason", "assessment read"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["status"], "in_review");
  auto again = reviewer_->post(path, {{"decision", "approve"}, {"reason", "again"}});
  EXPECT_EQ(again.status, 409);
  auto second = second_reviewer_->post(path, {{"decision", "approve"}, {"reason", "agree"}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["status"], "listed");
}

TEST_F(ListingTest, ReviewerRejectionGoesBackToTheSellerWithTheReason) {
  const std::string id = create(sample_product(csv_file(sample_csv())))["id"];
  ASSERT_EQ(submit(id)["status"], "in_review");
  auto d = reviewer_->post("/api/v1/staff/products/" + id + "/decision",
                           {{"decision", "reject"}, {"reason", "The source statement needs the sensor locations."}});
  ASSERT_EQ(d.status, 200) << d.body;
  auto mine = seller().get("/api/v1/products/" + id).json();
  EXPECT_EQ(mine["status"], "rejected");
  EXPECT_EQ(mine["reviews"][0]["reason"], "The source statement needs the sensor locations.");
  EXPECT_EQ(reviewer_->post("/api/v1/staff/products/" + id + "/decision", {{"decision", "approve"}, {"reason", "x"}}).status, 409);
  EXPECT_EQ(submit(id)["status"], "in_review") << "a rejected product can be resubmitted";
}

TEST_F(ListingTest, OnlyListingReviewersDecideAndBadDecisionsAreNamed) {
  const std::string id = create(sample_product(csv_file(sample_csv())))["id"];
  EXPECT_EQ(seller().post("/api/v1/staff/products/" + id + "/decision", {{"decision", "approve"}, {"reason", "mine"}}).status, 403);
  auto bad = reviewer_->post("/api/v1/staff/products/" + id + "/decision", {{"decision", "maybe"}});
  EXPECT_EQ(bad.status, 422);
}

TEST_F(ListingTest, EveryStepIsRecorded) {
  const auto id = listed_product(sample_product(csv_file(sample_csv())));
  std::set<std::string> actions;
  const auto records = all_records(*admin_);
  for (const auto& r : records)
    if (r["subject"] == id) actions.insert(r["action"].get<std::string>());
  for (const char* a : {"product.created", "product.submitted", "product.approved", "product.listed"})
    EXPECT_TRUE(actions.count(a)) << a;
}

TEST_F(ListingTest, SellerListsOwnProducts) {
  const std::string id = create(sample_product(csv_file(sample_csv())))["id"];
  auto mine = seller().get("/api/v1/products?status=draft").json();
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["id"], id);
}

}  // namespace
}  // namespace dx::test
