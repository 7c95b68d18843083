// API.md "Identity verification (KYC)" over HTTPS (O2, CQ-37(2), CQ-11(3)).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>

#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

class KycTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    blocked_ = identity_number(1970);
    const auto list = std::filesystem::temp_directory_path() / ("dx-blocklist-" + std::to_string(getpid()));
    std::ofstream(list) << "# test\n" << blocked_ << "\n";
    server_ = new ServerProcess(nlohmann::json{{"kyc", {{"blocklist_file", list.string()}}}});
    server_->start();
    reviewer_ = new HttpsClient(server_->port());
    HttpsClient admin(server_->port());
    sign_in_admin(admin);
    const auto email = unique_email("reviewer");
    auto r = admin.post("/api/v1/staff/users", {{"email", email}, {"password", "reviewer password!"},
                                                {"display_name", "KYC reviewer"}, {"roles", {"kyc_reviewer"}}});
    if (r.status != 201) throw std::runtime_error(r.body);
    reviewer_->token = reviewer_->post("/api/v1/sessions", {{"email", email}, {"password", "reviewer password!"}})
                           .json()["token"];
  }
  static void TearDownTestSuite() {
    delete reviewer_;
    delete server_;
  }

  // A signed-in account of `kind` with one uploaded document.
  struct Party {
    std::unique_ptr<HttpsClient> client;
    std::string id, document;
  };
  Party party(const std::string& kind = "person") {
    Party p{std::make_unique<HttpsClient>(server_->port()), "", ""};
    const auto email = unique_email(kind);
    auto r = p.client->post("/api/v1/accounts", {{"email", email}, {"password", "party password 123"},
                                                 {"kind", kind}, {"display_name", "Party"}});
    p.id = r.json()["id"];
    p.client->token = p.client->post("/api/v1/sessions", {{"email", email}, {"password", "party password 123"}})
                          .json()["token"];
    p.document = p.client->request("POST", "/api/v1/files", "scan of an identity card",
                                   {{"Content-Type", "image/png"}}).json()["id"];
    return p;
  }
  static json person_body(const Party& p, const std::string& number) {
    return {{"legal_name", "王小明"}, {"id_number", number}, {"phone", "+86 138-0013-8000"},
            {"document_file_ids", {p.document}}};
  }
  static HttpResponse decide(const std::string& account, const std::string& decision, const std::string& reason = "checked") {
    return reviewer_->post("/api/v1/staff/kyc/" + account + "/decision", {{"decision", decision}, {"reason", reason}});
  }
  static json queue_entry(const std::string& account) {
    const auto queue = reviewer_->get("/api/v1/staff/kyc?status=submitted&limit=500").json();
    for (const auto& item : queue["items"])
      if (item["account_id"] == account) return item;
    return nullptr;
  }
  static bool check_passed(const json& entry, const std::string& name) {
    for (const auto& c : entry["checks"])
      if (c["name"] == name) return c["passed"];
    throw std::runtime_error("no check " + name);
  }

  static ServerProcess* server_;
  static HttpsClient* reviewer_;
  static std::string blocked_;
};
ServerProcess* KycTest::server_ = nullptr;
HttpsClient* KycTest::reviewer_ = nullptr;
std::string KycTest::blocked_;

TEST_F(KycTest, PersonSubmitsAndIsApprovedByAReviewer) {
  auto p = party();
  const auto number = identity_number();
  auto r = p.client->post("/api/v1/kyc", person_body(p, number));
  ASSERT_EQ(r.status, 202) << r.body;
  EXPECT_EQ(r.json()["status"], "submitted");
  auto mine = p.client->get("/api/v1/kyc").json();
  EXPECT_EQ(mine["status"], "submitted");
  EXPECT_EQ(mine["id_number_masked"], number.substr(0, 6) + "********" + number.substr(14));
  EXPECT_EQ(mine["legal_name"], "王小明");

  auto entry = queue_entry(p.id);
  ASSERT_FALSE(entry.is_null());
  EXPECT_EQ(entry["kind"], "person");
  EXPECT_TRUE(check_passed(entry, "check_characters"));
  EXPECT_TRUE(check_passed(entry, "age"));
  EXPECT_TRUE(check_passed(entry, "duplicate_identity"));
  EXPECT_TRUE(check_passed(entry, "blocklist"));
  EXPECT_EQ(entry["id_number_masked"], mine["id_number_masked"]);

  auto d = decide(p.id, "approve");
  ASSERT_EQ(d.status, 200) << d.body;
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "verified");
  EXPECT_EQ(p.client->get("/api/v1/me").json()["kyc_status"], "verified");
  EXPECT_TRUE(queue_entry(p.id).is_null());
}

TEST_F(KycTest, InvalidNumbersAre422NamingTheField) {
  auto p = party();
  std::string bad = identity_number();
  bad[17] = bad[17] == '1' ? '2' : '1';
  auto r = p.client->post("/api/v1/kyc", {{"legal_name", "李雷"}, {"id_number", bad}, {"phone", "12345"},
                                          {"document_file_ids", json::array()}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const auto problem = r.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"id_number", "phone", "document_file_ids"}));
  EXPECT_EQ(r.body.find(bad), std::string::npos) << "the number is echoed back";
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "unverified");
}

TEST_F(KycTest, DocumentsMustBeYourOwnUploads) {
  auto p = party(), other = party();
  auto body = person_body(p, identity_number());
  body["document_file_ids"] = {other.document};
  auto r = p.client->post("/api/v1/kyc", body);
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.json()["errors"][0]["field"], "document_file_ids");
}

TEST_F(KycTest, OrganizationSubmitsCreditCodeAndRepresentative) {
  auto org = party("organization");
  std::string bad_rep = identity_number();
  bad_rep[10] = '1', bad_rep[11] = '3';  // month 13
  auto invalid = org.client->post("/api/v1/kyc", {{"legal_name", "上海数据科技有限公司"}, {"uscc", "91350100M000100Y44"},
                                                  {"legal_representative", {{"name", "张三"}, {"id_number", bad_rep}}},
                                                  {"document_file_ids", {org.document}}});
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  std::set<std::string> fields;
  const auto problem = invalid.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"uscc", "legal_representative.id_number"}));

  const auto code = credit_code();
  auto ok = org.client->post("/api/v1/kyc", {{"legal_name", "上海数据科技有限公司"}, {"uscc", code},
                                             {"legal_representative", {{"name", "张三"}, {"id_number", identity_number()}}},
                                             {"document_file_ids", {org.document}}});
  ASSERT_EQ(ok.status, 202) << ok.body;
  auto mine = org.client->get("/api/v1/kyc").json();
  EXPECT_EQ(mine["uscc"], code);
  EXPECT_EQ(mine["legal_representative"]["name"], "张三");
  ASSERT_EQ(decide(org.id, "approve").status, 200);
  EXPECT_EQ(org.client->get("/api/v1/kyc").json()["status"], "verified");
}

TEST_F(KycTest, RejectedAccountCanFixAndResubmit) {
  auto p = party();
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, identity_number())).status, 202);
  ASSERT_EQ(decide(p.id, "reject", "the document is unreadable").status, 200);
  auto mine = p.client->get("/api/v1/kyc").json();
  EXPECT_EQ(mine["status"], "rejected");
  EXPECT_EQ(mine["reason"], "the document is unreadable");
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, identity_number())).status, 202);
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "submitted");
  EXPECT_EQ(decide(p.id, "approve").status, 200);
}

TEST_F(KycTest, IdentityVerifiedForOneAccountIsRefusedForAnother) {
  auto first = party(), second = party();
  const auto number = identity_number();
  ASSERT_EQ(first.client->post("/api/v1/kyc", person_body(first, number)).status, 202);
  ASSERT_EQ(decide(first.id, "approve").status, 200);
  auto r = second.client->post("/api/v1/kyc", person_body(second, number));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "identity_in_use");
  EXPECT_EQ(r.json()["rule"], "O2");
  EXPECT_EQ(r.json()["basis"], "CQ-37(2)");
}

TEST_F(KycTest, DuplicatePendingIdentityIsFlaggedAndTheSecondApprovalRefused) {
  auto first = party(), second = party();
  const auto number = identity_number();
  ASSERT_EQ(first.client->post("/api/v1/kyc", person_body(first, number)).status, 202);
  ASSERT_EQ(second.client->post("/api/v1/kyc", person_body(second, number)).status, 202);
  EXPECT_FALSE(check_passed(queue_entry(second.id), "duplicate_identity"));
  ASSERT_EQ(decide(first.id, "approve").status, 200);
  auto r = decide(second.id, "approve");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "identity_in_use");
}

TEST_F(KycTest, BlocklistedIdentityFailsItsCheckAndCannotBeApproved) {
  auto p = party();
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, blocked_)).status, 202);
  EXPECT_FALSE(check_passed(queue_entry(p.id), "blocklist"));
  auto r = decide(p.id, "approve");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "submitted");
}

TEST_F(KycTest, MinorFailsTheAgeCheckAndCannotBeApproved) {
  auto p = party();
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, identity_number(2016))).status, 202);
  EXPECT_FALSE(check_passed(queue_entry(p.id), "age"));
  EXPECT_EQ(decide(p.id, "approve").status, 409);
}

TEST_F(KycTest, OnlyKycReviewersSeeTheQueueAndDecide) {
  auto p = party();
  EXPECT_EQ(p.client->get("/api/v1/staff/kyc").status, 403);
  EXPECT_EQ(p.client->post("/api/v1/staff/kyc/" + p.id + "/decision", {{"decision", "approve"}, {"reason", "me"}}).status, 403);
  EXPECT_EQ(decide("acc_nobody", "approve").status, 404);
  EXPECT_EQ(reviewer_->post("/api/v1/staff/kyc/" + p.id + "/decision", {{"decision", "maybe"}, {"reason", "x"}}).status, 422);
}

TEST_F(KycTest, SuspendedVerifiedAccountShowsSuspended) {
  auto p = party();
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, identity_number())).status, 202);
  ASSERT_EQ(decide(p.id, "approve").status, 200);
  HttpsClient admin(server_->port());
  sign_in_admin(admin);
  ASSERT_EQ(admin.post("/api/v1/staff/accounts/" + p.id + "/suspend", {{"reason", "misuse"}}).status, 200);
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "suspended");
  ASSERT_EQ(admin.post("/api/v1/staff/accounts/" + p.id + "/reinstate", {{"reason", "rectified"}}).status, 200);
  EXPECT_EQ(p.client->get("/api/v1/kyc").json()["status"], "verified");
}

TEST_F(KycTest, IdentityNumbersNeverRestInPlaintextOrInRecords) {
  auto p = party();
  const auto number = identity_number();
  ASSERT_EQ(p.client->post("/api/v1/kyc", person_body(p, number)).status, 202);
  ASSERT_EQ(decide(p.id, "approve").status, 200);
  EXPECT_FALSE(occurs_in_tree(server_->data_dir(), number));
  EXPECT_FALSE(occurs_in_tree(server_->data_dir(), "13800138000"));
  HttpsClient admin(server_->port());
  sign_in_admin(admin);
  bool submitted = false, approved = false;
  for (const auto& r : all_records(admin)) {
    EXPECT_EQ(r.dump().find(number), std::string::npos);
    if (r["subject"] == p.id && r["action"] == "kyc.submitted") submitted = true;
    if (r["subject"] == p.id && r["action"] == "kyc.approved") approved = r["data"]["reason"] == "checked";
  }
  EXPECT_TRUE(submitted);
  EXPECT_TRUE(approved);
}

}  // namespace
}  // namespace dx::test
