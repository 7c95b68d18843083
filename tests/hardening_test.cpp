// What a hostile client tries, over HTTPS against the real server: parallel password guesses,
// bytes that are not UTF-8 in headers, sums past int64, duplicate JSON keys, malformed HTTP, weak
// TLS 1.2 suites, locking staff out, floods of requests, sign-ups and uploads, and reading the
// metrics from the public port.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "test_util.hpp"

namespace dx::test {
namespace {

using nlohmann::json;
using namespace std::string_literals;

void expect_problem(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
  EXPECT_EQ(r.json().value("code", ""), code) << r.body;
}

HttpResponse upload_response(HttpsClient& c, const std::string& body) {
  return c.request("POST", "/api/v1/files", body, {{"Content-Type", "text/plain"}});
}

// POST /accounts for a new person.
HttpResponse sign_up(HttpsClient& c, const std::string& stem) {
  return c.post("/api/v1/accounts", {{"email", unique_email(stem)}, {"password", "correct horse battery"},
                                     {"kind", "person"}, {"display_name", stem}});
}

// Runs `n` calls of `fn(i)` at once, each on a thread of its own.
template <typename Fn>
void in_parallel(int n, Fn fn) {
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) threads.emplace_back([&fn, i] { fn(i); });
  for (auto& t : threads) t.join();
}

class HardeningTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess();
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static std::uint16_t port() { return server_->port(); }
  static inline ServerProcess* server_ = nullptr;
};

TEST_F(HardeningTest, ParallelWrongPasswordsAreLimitedExactlyLikeSerialOnes) {
  HttpsClient owner(port());
  const std::string email = unique_email("guessed");
  register_and_sign_in(owner, email);
  std::atomic<int> refused{0}, wrong{0};
  in_parallel(40, [&](int) {
    HttpsClient c(port());
    const auto r = c.post("/api/v1/sessions", {{"email", email}, {"password", "not the password at all"}});
    if (r.status == 429) ++refused;
    if (r.status == 401) ++wrong;
  });
  EXPECT_EQ(wrong.load(), 5) << "auth.max_failed_logins guesses are judged, however parallel";
  EXPECT_EQ(refused.load(), 35);
  const auto r = HttpsClient(port()).post("/api/v1/sessions", {{"email", email}, {"password", "correct horse battery"}});
  expect_problem(r, 429, "too_many_requests");
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST_F(HardeningTest, SuccessfulSignInsDoNotHoldTheirAddress) {
  HttpsClient c(port());
  const std::string email = unique_email("often");
  register_and_sign_in(c, email);
  for (int i = 0; i < 60; ++i)
    ASSERT_EQ(c.post("/api/v1/sessions", {{"email", email}, {"password", "correct horse battery"}}).status, 201) << i;
}

std::size_t stored_blobs(const std::filesystem::path& data) {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(data / "blobs"))
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp") ++n;
  return n;
}

TEST_F(HardeningTest, HeaderBytesThatAreNotUtf8AreRefusedAtTheEdgeAndChangeNothing) {
  HttpsClient c(port()), admin(port());
  register_and_sign_in(c, unique_email("bytes"));
  sign_in_admin(admin);
  const auto records_before = all_records(admin).size();
  const auto blobs_before = stored_blobs(server_->data_dir());
  auto r = c.request("POST", "/api/v1/files", "district,trips\nXuhui,120\n", {{"Content-Type", "text/csv; x=\xff"}});
  expect_problem(r, 415, "unsupported_media_type");
  r = c.request("POST", "/api/v1/files", "a,b\n1,2\n", {{"Content-Type", "text/csv"}, {"X-File-Name", "\xc3\x28.csv"}});
  expect_problem(r, 400, "malformed_request");
  r = c.request("GET", "/api/v1/me", "", {{"X-Note", "\xed\xa0\x80"}});  // an encoded surrogate
  expect_problem(r, 400, "malformed_request");
  r = c.get("/api/v1/files/%FF");
  expect_problem(r, 400, "malformed_request");
  EXPECT_EQ(stored_blobs(server_->data_dir()), blobs_before) << "no orphan blob";
  // The writer went on as before: no command failed, nothing was rebuilt, the next upload works.
  EXPECT_EQ(server_->log_text().find("command_failed"), std::string::npos);
  EXPECT_EQ(server_->log_text().find("batch_failed"), std::string::npos);
  r = c.request("POST", "/api/v1/files", "a,b\n1,2\n", {{"Content-Type", "text/csv"}, {"X-File-Name", "数据.csv"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["file_name"], "数据.csv");
  EXPECT_EQ(all_records(admin).size(), records_before + 1) << "the one upload only";
}

TEST_F(HardeningTest, ALongFileNameIsCutBetweenCharacters) {
  HttpsClient c(port());
  register_and_sign_in(c, unique_email("long-name"));
  std::string name;
  for (int i = 0; i < 100; ++i) name += "数";  // 300 bytes
  auto r = c.request("POST", "/api/v1/files", "a\n1\n", {{"Content-Type", "text/csv"}, {"X-File-Name", name}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["file_name"].get<std::string>(), name.substr(0, 255));  // 85 whole characters
}

TEST_F(HardeningTest, DepositsThatWouldOverflowAnySumAreRefusedAndTheSummaryStaysRight) {
  HttpsClient admin(port());
  sign_in_admin(admin);
  auto finance = staff_member(port(), admin, {"finance"});
  HttpsClient a(port()), b(port());
  const std::string ida = register_and_sign_in(a, unique_email("rich-a"))["id"];
  const std::string idb = register_and_sign_in(b, unique_email("rich-b"))["id"];
  auto deposit = [&](const std::string& account, std::int64_t fen) {
    return finance->post("/api/v1/staff/deposits", {{"account_id", account}, {"amount_fen", fen}, {"reference", "wire"}});
  };
  expect_problem(deposit(ida, std::numeric_limits<std::int64_t>::max()), 422, "validation_failed");
  const auto before = finance->get("/api/v1/staff/ledger/summary").json();
  const std::int64_t room = 1'000'000'000'000'000'000 - before["deposits_fen"].get<std::int64_t>();
  ASSERT_EQ(deposit(ida, room - 1).status, 201);
  ASSERT_EQ(deposit(idb, 1).status, 201);
  auto over = deposit(idb, 1);
  expect_problem(over, 422, "validation_failed");
  EXPECT_EQ(over.json()["errors"][0]["field"], "amount_fen");
  auto summary = finance->get("/api/v1/staff/ledger/summary");
  ASSERT_EQ(summary.status, 200) << summary.body;
  EXPECT_TRUE(summary.json()["conserved"].get<bool>()) << summary.body;
  EXPECT_EQ(summary.json()["deposits_fen"], 1'000'000'000'000'000'000);
  EXPECT_EQ(b.get("/api/v1/balance").json()["available_fen"], 1);
}

TEST_F(HardeningTest, DuplicateJsonKeysAreRefusedEverywhere) {
  HttpsClient c(port());
  const std::string email = unique_email("dup");
  register_and_sign_in(c, email);
  auto r = c.request("POST", "/api/v1/sessions",
                     R"({"email":")" + email + R"(","password":"x","password":"correct horse battery"})",
                     {{"Content-Type", "application/json"}});
  expect_problem(r, 400, "malformed_json");
  EXPECT_NE(r.json()["detail"].get<std::string>().find("password"), std::string::npos);
  r = c.request("POST", "/api/v1/api-keys", R"({"name":"a","nested":{"k":1,"k":2}})",
                {{"Content-Type", "application/json"}});
  expect_problem(r, 400, "malformed_json");
  EXPECT_EQ(c.get("/api/v1/api-keys").json()["items"].size(), 0u) << "nothing was made";
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST_F(HardeningTest, MalformedHttpGetsAProblemBeforeTheConnectionCloses) {
  const std::map<std::string, std::string> requests = {
      {"NUL in a header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n"s},
      {"Content-Length and Transfer-Encoding",
       "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
      {"two Content-Lengths", "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}"},
      {"a header line without a colon", "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n"},
  };
  for (const auto& [what, bytes] : requests) {
    const std::string answer = HttpsClient::raw_exchange(port(), bytes);
    EXPECT_TRUE(starts_with(answer, "HTTP/1.1 400")) << what << ":\n" << answer;
    EXPECT_NE(answer.find("application/problem+json"), std::string::npos) << what;
    EXPECT_NE(answer.find("\"code\":\"malformed_request\""), std::string::npos) << what;
  }
  const std::string http2 = HttpsClient::raw_exchange(port(), "GET /healthz HTTP/2.0\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(starts_with(http2, "HTTP/1.1 505")) << http2;
  EXPECT_NE(http2.find("http_version_not_supported"), std::string::npos) << http2;
  const std::string http09 = HttpsClient::raw_exchange(port(), "GET /healthz\r\n\r\n");
  EXPECT_TRUE(starts_with(http09, "HTTP/1.1 505") || starts_with(http09, "HTTP/1.1 400")) << http09;
  EXPECT_NE(http09.find("application/problem+json"), std::string::npos) << http09;
  // The server is none the worse for it.
  EXPECT_EQ(HttpsClient(port()).get("/healthz").status, 200);
}

TEST_F(HardeningTest, ConnectionCloseIsHonouredAndAChunkHeaderCannotGrowWithoutBound) {
  const std::string closed =
      HttpsClient::raw_exchange(port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(starts_with(closed, "HTTP/1.1 200")) << closed;
  EXPECT_NE(closed.find("Connection: close"), std::string::npos) << "and the server closed: " << closed;
  const std::string endless = "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n1;" + std::string(2 << 20, 'a');
  const std::string answer = HttpsClient::raw_exchange(port(), endless);
  EXPECT_TRUE(starts_with(answer, "HTTP/1.1 400")) << answer.substr(0, 200);
}

TEST_F(HardeningTest, Tls12OffersOnlyForwardSecretAeadSuites) {
  EXPECT_TRUE(HttpsClient::accepts_tls12_cipher(port(), "ECDHE-ECDSA-AES128-GCM-SHA256"));
  EXPECT_TRUE(HttpsClient::accepts_tls12_cipher(port(), "ECDHE-ECDSA-CHACHA20-POLY1305"));
  for (const char* cbc : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA256"})
    EXPECT_FALSE(HttpsClient::accepts_tls12_cipher(port(), cbc)) << cbc;
}

TEST_F(HardeningTest, StaffAreSuspendedOnlyByAnAdminAndLoseEveryPowerAtOnce) {
  HttpsClient admin(port());
  sign_in_admin(admin);
  const std::string admin_id = admin.get("/api/v1/me").json()["id"];
  auto officer = staff_member(port(), admin, {"complaints_officer"});
  auto reviewer = staff_member(port(), admin, {"kyc_reviewer", "auditor"});
  const std::string reviewer_id = reviewer->get("/api/v1/me").json()["id"];
  const std::string officer_id = officer->get("/api/v1/me").json()["id"];

  expect_problem(officer->post("/api/v1/staff/accounts/" + admin_id + "/suspend", {{"reason", "coup"}}), 403,
                 "forbidden");
  expect_problem(officer->post("/api/v1/staff/accounts/" + reviewer_id + "/suspend", {{"reason", "x"}}), 403,
                 "forbidden");
  ASSERT_EQ(reviewer->get("/api/v1/staff/kyc").status, 200);
  ASSERT_EQ(admin.post("/api/v1/staff/accounts/" + reviewer_id + "/suspend", {{"reason", "left the exchange"}}).status,
            200);
  expect_problem(reviewer->get("/api/v1/staff/kyc"), 403, "forbidden");
  expect_problem(reviewer->get("/api/v1/audit/events"), 403, "forbidden");
  expect_problem(officer->post("/api/v1/staff/accounts/" + reviewer_id + "/reinstate", {{"reason", "x"}}), 403,
                 "forbidden");
  ASSERT_EQ(admin.post("/api/v1/staff/accounts/" + reviewer_id + "/reinstate", {{"reason", "back"}}).status, 200);
  EXPECT_EQ(reviewer->get("/api/v1/staff/kyc").status, 200);
  expect_problem(admin.post("/api/v1/staff/accounts/" + admin_id + "/suspend", {{"reason", "x"}}), 409,
                 "invalid_state");
  // A second admin may suspend the first while the second remains.
  auto second = staff_member(port(), admin, {"admin"});
  EXPECT_EQ(second->post("/api/v1/staff/accounts/" + officer_id + "/suspend", {{"reason", "x"}}).status, 200);
}

TEST_F(HardeningTest, MetricsAreNotServedOnThePublicPort) {
  expect_problem(HttpsClient(port()).get("/metrics"), 404, "not_found");
  ASSERT_NE(server_->metrics_port(), 0);
  HttpsClient scraper(server_->metrics_port());
  auto r = scraper.get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("dx_http_open_connections "), std::string::npos);
  EXPECT_EQ(scraper.get("/healthz").status, 200);
  EXPECT_EQ(scraper.get("/api/v1/me").status, 404) << "the metrics listener serves nothing else";
}

TEST(HardeningLimits, MetricsOnThePublicPortNeedTheMetricsToken) {
  const std::string token(40, 'm');
  ServerProcess server(json{{"metrics", {{"listen", ""}, {"token", token}}}});
  server.start();
  EXPECT_EQ(server.metrics_port(), 0);
  HttpsClient c(server.port());
  expect_problem(c.get("/metrics"), 401, "unauthenticated");
  expect_problem(c.request("GET", "/metrics", "", {{"Authorization", "Bearer " + std::string(40, 'x')}}), 401,
                 "unauthenticated");
  auto r = c.request("GET", "/metrics", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("dx_http_requests_total"), std::string::npos);
}

TEST(HardeningLimits, RequestsFromOneAddressAreRateLimited) {
  ServerProcess server(json{{"limits", {{"requests_per_second_per_ip", 1}, {"burst_per_ip", 5}}}});
  server.start();
  HttpsClient c(server.port());
  int ok = 0;
  HttpResponse refused;
  for (int i = 0; i < 8; ++i) {
    auto r = c.get("/healthz");
    if (r.status == 200) ++ok;
    else refused = r;
  }
  EXPECT_LE(ok, 7) << "a burst of 5 and at most a token or two more";
  expect_problem(refused, 429, "too_many_requests");
  EXPECT_FALSE(refused.header("retry-after").empty());
}

TEST(HardeningLimits, SignUpsFromOneAddressAreRateLimited) {
  ServerProcess server(json{{"limits", {{"signups_per_minute_per_ip", 1}, {"signup_burst_per_ip", 3}}}});
  server.start();
  HttpsClient c(server.port());
  for (int i = 0; i < 3; ++i) ASSERT_EQ(sign_up(c, "burst").status, 201);
  auto r = sign_up(c, "burst");
  expect_problem(r, 429, "too_many_requests");
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST(HardeningLimits, ABurstOfSignUpsGets503WithRetryAfterAndNeverCrowdsOutASignIn) {
  // A real work factor and a queue of two, so that thirty sign-ups at once overflow it.
  ServerProcess server(json{{"auth", {{"scrypt_log2_n", 16}, {"max_queued_hashes", 2}}}});
  server.start();
  HttpsClient member(server.port());
  const std::string email = unique_email("member");
  register_and_sign_in(member, email);
  std::atomic<int> created{0}, busy{0};
  std::atomic<bool> retry_after{true};
  int sign_in = 0;
  in_parallel(31, [&](int i) {
    HttpsClient c(server.port());
    if (i == 30) {
      sign_in = c.post("/api/v1/sessions", {{"email", email}, {"password", "correct horse battery"}}).status;
      return;
    }
    auto r = sign_up(c, "flood");
    if (r.status == 201) ++created;
    if (r.status == 503) {
      ++busy;
      if (r.header("retry-after").empty()) retry_after = false;
    }
  });
  EXPECT_EQ(sign_in, 201) << "sign-ins have a queue of their own";
  EXPECT_GT(busy.load(), 0);
  EXPECT_TRUE(retry_after.load());
  EXPECT_EQ(created + busy, 30);
}

TEST(HardeningLimits, UploadsAreLimitedPerAccountPerDayAndInAll) {
  ServerProcess server(json{{"limits", {{"upload_bytes_per_day", 2048}, {"stored_bytes_per_account", 3072}}}});
  server.start();
  HttpsClient c(server.port());
  register_and_sign_in(c, unique_email("uploader"));
  const std::string kb(1024, 'x');
  ASSERT_EQ(upload_response(c, kb + "1").status, 201);
  auto r = upload_response(c, kb + "2");
  expect_problem(r, 429, "upload_quota_exceeded");
  EXPECT_FALSE(r.header("retry-after").empty());
  ASSERT_EQ(upload_response(c, "small").status, 201);
  HttpsClient other(server.port());
  register_and_sign_in(other, unique_email("other-uploader"));
  EXPECT_EQ(upload_response(other, kb).status, 201) << "the quota is per account";

  ServerProcess stored(json{{"limits", {{"upload_bytes_per_day", 1 << 20}, {"stored_bytes_per_account", 2048}}}});
  stored.start();
  HttpsClient d(stored.port());
  register_and_sign_in(d, unique_email("hoarder"));
  ASSERT_EQ(upload_response(d, kb + "a").status, 201);
  expect_problem(upload_response(d, kb + "b"), 413, "storage_quota_exceeded");
}

}  // namespace
}  // namespace dx::test
