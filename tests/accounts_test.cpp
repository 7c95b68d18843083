// API.md "Accounts and sessions" over HTTPS, and the records those changes leave.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

class AccountsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(nlohmann::json{{"auth", {{"max_failed_logins", 3}}}});
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  HttpsClient client() { return HttpsClient(server_->port()); }
  static ServerProcess* server_;
};
ServerProcess* AccountsTest::server_ = nullptr;

json person(const std::string& email) {
  return {{"email", email}, {"password", "a long enough password"}, {"kind", "person"},
          {"display_name", "Li Lei"}};
}

std::size_t record_count(HttpsClient& admin) { return all_records(admin).size(); }

TEST_F(AccountsTest, RegisteringAnswersTheNewUnverifiedAccount) {
  HttpsClient c(server_->port());
  const auto email = unique_email("reg");
  auto r = c.post("/api/v1/accounts", person(email));
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["email"], email);
  EXPECT_EQ(j["kind"], "person");
  EXPECT_EQ(j["display_name"], "Li Lei");
  EXPECT_EQ(j["roles"], json::array());
  EXPECT_EQ(j["kyc_status"], "unverified");
  EXPECT_EQ(j["jurisdiction"], "CN");
  EXPECT_FALSE(j["id"].get<std::string>().empty());
  EXPECT_FALSE(j.contains("password"));
}

TEST_F(AccountsTest, SecondAccountWithSameEmailIsEmailTakenAndChangesNothing) {
  HttpsClient c(server_->port()), admin(server_->port());
  sign_in_admin(admin);
  const auto email = unique_email("dup");
  ASSERT_EQ(c.post("/api/v1/accounts", person(email)).status, 201);
  const auto before = record_count(admin);
  auto r = c.post("/api/v1/accounts", person(email));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.json()["code"], "email_taken");
  EXPECT_EQ(record_count(admin), before);
}

TEST_F(AccountsTest, InvalidFieldsAre422NamingEachField) {
  HttpsClient c(server_->port());
  auto r = c.post("/api/v1/accounts", {{"email", "not-an-address"}, {"password", "short"},
                                       {"kind", "robot"}, {"display_name", 42},
                                       {"jurisdiction", "XX"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.json()["code"], "validation_failed");
  std::set<std::string> fields;
  const auto problem = r.json();
  for (const auto& e : problem["errors"]) fields.insert(e["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"email", "password", "kind", "display_name", "jurisdiction"}));
}

TEST_F(AccountsTest, SignInGivesATokenThatOpensMe) {
  HttpsClient c(server_->port());
  const auto email = unique_email("me");
  auto account = register_and_sign_in(c, email);
  auto me = c.get("/api/v1/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.json()["id"], account["id"]);
  EXPECT_EQ(me.json()["email"], email);
}

TEST_F(AccountsTest, WrongPasswordAndUnknownEmailBothAnswerInvalidCredentials) {
  HttpsClient c(server_->port());
  const auto email = unique_email("wrong");
  ASSERT_EQ(c.post("/api/v1/accounts", person(email)).status, 201);
  auto wrong = c.post("/api/v1/sessions", {{"email", email}, {"password", "not the password"}});
  auto unknown = c.post("/api/v1/sessions", {{"email", unique_email("nobody")}, {"password", "whatever it is"}});
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.json()["code"], "invalid_credentials");
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.json()["code"], "invalid_credentials");
}

TEST_F(AccountsTest, RepeatedFailedSignInsAreThrottledWithRetryAfter) {
  HttpsClient c(server_->port());
  const auto email = unique_email("throttle");
  ASSERT_EQ(c.post("/api/v1/accounts", person(email)).status, 201);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(c.post("/api/v1/sessions", {{"email", email}, {"password", "bad password!"}}).status, 401);
  auto r = c.post("/api/v1/sessions", {{"email", email}, {"password", "a long enough password"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.json()["code"], "too_many_requests");
  EXPECT_GT(std::stoi(r.header("retry-after")), 0);
}

TEST_F(AccountsTest, SignOutEndsTheSession) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("out"));
  EXPECT_EQ(c.get("/api/v1/me").status, 200);  // the principal is now cached
  EXPECT_EQ(c.del("/api/v1/sessions/current").status, 204);
  EXPECT_EQ(c.get("/api/v1/me").status, 401);
}

TEST_F(AccountsTest, UnknownTokenIs401) {
  HttpsClient c(server_->port());
  c.token = "dxs_forged";
  EXPECT_EQ(c.get("/api/v1/me").status, 401);
}

TEST_F(AccountsTest, ApiKeyIsShownOnceAndWorksUntilRevoked) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("key"));
  auto created = c.post("/api/v1/api-keys", {{"name", "analytics job"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string key = created.json()["key"], id = created.json()["id"];
  EXPECT_EQ(key.rfind("dxk_", 0), 0u);

  auto list = c.get("/api/v1/api-keys").json();
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["id"], id);
  EXPECT_FALSE(list["items"][0].contains("key"));

  HttpsClient program(server_->port());
  program.token = key;
  EXPECT_EQ(program.get("/api/v1/me").status, 200);
  EXPECT_EQ(c.del("/api/v1/api-keys/" + id).status, 204);
  EXPECT_EQ(program.get("/api/v1/me").status, 401);
  EXPECT_EQ(c.get("/api/v1/api-keys").json()["items"].size(), 0u);
}

TEST_F(AccountsTest, ApiKeyListPagesWithCursor) {
  HttpsClient c(server_->port());
  register_and_sign_in(c, unique_email("page"));
  for (int i = 0; i < 3; ++i) ASSERT_EQ(c.post("/api/v1/api-keys", {{"name", "k" + std::to_string(i)}}).status, 201);
  auto first = c.get("/api/v1/api-keys?limit=2").json();
  ASSERT_EQ(first["items"].size(), 2u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto second = c.get("/api/v1/api-keys?limit=2&cursor=" + first["next_cursor"].get<std::string>()).json();
  ASSERT_EQ(second["items"].size(), 1u);
  EXPECT_EQ(second["items"][0]["name"], "k2");
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(c.get("/api/v1/api-keys?limit=0").status, 422);
}

TEST_F(AccountsTest, AnotherAccountsApiKeyAnswers404) {
  HttpsClient owner(server_->port()), other(server_->port());
  register_and_sign_in(owner, unique_email("owner"));
  register_and_sign_in(other, unique_email("other"));
  const std::string id = owner.post("/api/v1/api-keys", {{"name", "mine"}}).json()["id"];
  auto r = other.del("/api/v1/api-keys/" + id);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.json()["code"], "not_found");
  EXPECT_EQ(owner.get("/api/v1/api-keys").json()["items"].size(), 1u);
}

TEST_F(AccountsTest, OnlyAdminsCreateStaffUsersWithKnownRoles) {
  HttpsClient user(server_->port()), admin(server_->port());
  register_and_sign_in(user, unique_email("plain"));
  sign_in_admin(admin);
  const json staff = {{"email", unique_email("reviewer")}, {"password", "reviewer password 1"},
                      {"display_name", "Reviewer"}, {"roles", {"kyc_reviewer", "auditor"}}};
  auto refused = user.post("/api/v1/staff/users", staff);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.json()["code"], "forbidden");
  auto created = admin.post("/api/v1/staff/users", staff);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["kind"], "staff");
  EXPECT_EQ(created.json()["roles"], json({"kyc_reviewer", "auditor"}));
  json bad = staff;
  bad["email"] = unique_email("bad-role");
  bad["roles"] = {"janitor"};
  auto invalid = admin.post("/api/v1/staff/users", bad);
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(invalid.json()["errors"][0]["field"], "roles");
}

TEST_F(AccountsTest, StaffSuspendAndReinstateAnAccount) {
  HttpsClient user(server_->port()), admin(server_->port());
  auto account = register_and_sign_in(user, unique_email("suspend"));
  sign_in_admin(admin);
  const std::string base = "/api/v1/staff/accounts/" + account["id"].get<std::string>();
  EXPECT_EQ(user.post(base + "/suspend", {{"reason", "self"}}).status, 403);
  EXPECT_EQ(admin.post(base + "/suspend", json::object()).status, 422);
  auto s = admin.post(base + "/suspend", {{"reason", "misuse of licensed data (O14)"}});
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.json()["suspended"], true);
  EXPECT_EQ(user.get("/api/v1/me").json()["suspended"], true);
  EXPECT_EQ(admin.post(base + "/suspend", {{"reason", "again"}}).json()["code"], "invalid_state");
  auto r = admin.post(base + "/reinstate", {{"reason", "rectified"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json()["suspended"], false);
  EXPECT_EQ(admin.post("/api/v1/staff/accounts/acc_missing/suspend", {{"reason", "x"}}).status, 404);
}

TEST_F(AccountsTest, EveryChangeIsRecordedInAHashChainWithoutPersonalData) {
  HttpsClient user(server_->port()), admin(server_->port());
  const auto email = unique_email("recorded");
  auto account = register_and_sign_in(user, email);
  sign_in_admin(admin);
  auto records = all_records(admin);
  ASSERT_GT(records.size(), 2u);
  std::string prev(32, '\0');
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& r = records[i];
    EXPECT_EQ(r["seq"], i + 1);
    const auto leaf = crypto::unbase64(r["leaf"].get<std::string>());
    ASSERT_TRUE(leaf.has_value());
    auto parsed = json::parse(*leaf);
    EXPECT_EQ(parsed["action"], r["action"]);
    EXPECT_EQ(parsed["subject"], r["subject"]);
    EXPECT_EQ(parsed["seq"], r["seq"]);
    prev = crypto::sha256(prev + *leaf);
    EXPECT_EQ(crypto::hex(prev), r["hash"]);
    EXPECT_EQ(leaf->find(email), std::string::npos) << "an e-mail address in record " << r["seq"];
  }
  auto created = admin.get("/api/v1/audit/events?action=account.created&subject=" +
                           account["id"].get<std::string>()).json()["items"];
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["data"]["kind"], "person");
  EXPECT_EQ(user.get("/api/v1/audit/events").status, 403);
}

TEST_F(AccountsTest, NoPasswordTokenOrKeyIsStoredInPlaintext) {
  HttpsClient c(server_->port());
  const std::string password = "plaintext-canary-password-77";
  register_and_sign_in(c, unique_email("canary"), password);
  const std::string token = c.token;
  const std::string key = c.post("/api/v1/api-keys", {{"name", "canary"}}).json()["key"];
  for (const auto& secret : {password, token, key})
    EXPECT_FALSE(occurs_in_tree(server_->data_dir(), secret)) << "found a secret in the data directory";
}

TEST(AccountsLifecycle, AccountsAndSessionsSurviveARestart) {
  ServerProcess server;
  server.start();
  std::string token;
  {
    HttpsClient c(server.port());
    register_and_sign_in(c, unique_email("restart"));
    token = c.token;
  }
  ASSERT_EQ(server.stop_gracefully(), 0);
  server.start();
  HttpsClient c(server.port());
  c.token = token;
  EXPECT_EQ(c.get("/api/v1/me").status, 200);
}

TEST(AccountsLifecycle, SessionsExpireAfterTheirConfiguredLifetime) {
  ServerProcess server(nlohmann::json{{"sessions", {{"lifetime_s", 1}}}});
  server.start();
  HttpsClient c(server.port());
  register_and_sign_in(c, unique_email("expiry"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(c.get("/api/v1/me").status, 401);
}

// API keys listed through the account index with a lag of 2 (store/account_index.hpp): every
// page reads keys from the owner's lists, from past the mark, or both.
class ApiKeysWithAShortAccountIndexLagTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(json{{"store", {{"account_index_lag", 2}}}});
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::vector<std::string> listed(HttpsClient& c, int limit) {
    std::vector<std::string> ids;
    std::string cursor;
    for (;;) {
      const auto page =
          c.get("/api/v1/api-keys?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor)).json();
      for (const auto& item : page["items"]) ids.push_back(item["id"]);
      if (page["next_cursor"].is_null()) return ids;
      cursor = page["next_cursor"];
    }
  }
  static ServerProcess* server_;
};
ServerProcess* ApiKeysWithAShortAccountIndexLagTest::server_ = nullptr;

TEST_F(ApiKeysWithAShortAccountIndexLagTest, EachAccountListsItsOwnLiveKeysOnceInOrder) {
  HttpsClient owner(server_->port()), other(server_->port()), admin(server_->port());
  register_and_sign_in(owner, unique_email("lists"));
  register_and_sign_in(other, unique_email("lists-other"));
  sign_in_admin(admin);
  std::vector<std::string> live, others, created;
  for (int i = 0; i < 9; ++i) {
    const std::string id = owner.post("/api/v1/api-keys", {{"name", "k" + std::to_string(i)}}).json()["id"];
    others.push_back(other.post("/api/v1/api-keys", {{"name", "o" + std::to_string(i)}}).json()["id"]);
    created.push_back(id);
    created.push_back(others.back());
    if (i % 3 == 1) {
      ASSERT_EQ(owner.del("/api/v1/api-keys/" + id).status, 204);
    } else {
      live.push_back(id);
    }
  }
  for (const int limit : {1, 2, 4, 100}) {
    EXPECT_EQ(listed(owner, limit), live) << limit;
    EXPECT_EQ(listed(other, limit), others) << limit;
  }
  // The records of the keys' creation, found by action across the mark as well: each of these
  // keys once (other suites' keys may be there too), in the order they were made.
  std::vector<std::string> recorded;
  std::string cursor;
  for (;;) {
    const auto page = admin.get("/api/v1/audit/events?action=api_key.created&limit=3" +
                                (cursor.empty() ? "" : "&after_seq=" + cursor)).json();
    for (const auto& r : page["items"]) {
      EXPECT_EQ(r["action"], "api_key.created");
      if (std::find(created.begin(), created.end(), r["subject"]) != created.end()) recorded.push_back(r["subject"]);
    }
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(recorded, created);
  // Most of the owner's keys were read from its lists: the writer wrote them as it went.
  store::Db db(server_->data_dir() / "exchange.db", store::OpenMode::read_only);
  auto st = db.prepare("SELECT count(*) FROM account_index WHERE source = 'api_keys' AND owner = ?");
  st.bind(1, owner.get("/api/v1/me").json()["id"].get<std::string>());
  ASSERT_TRUE(st.step());
  EXPECT_GT(st.int64(0), 3);
}

}  // namespace
}  // namespace dx::test
