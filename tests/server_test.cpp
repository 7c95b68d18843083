// The HTTPS backbone: TLS, routing, problem answers, limits, health, metrics, OpenAPI, config,
// graceful stop.
#include <gtest/gtest.h>

#include "test_util.hpp"

namespace dx::test {
namespace {

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(nlohmann::json{{"limits", {{"json_body_bytes", 4096}}}});
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* ServerTest::server_ = nullptr;

void expect_problem(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto j = r.json();
  EXPECT_EQ(j["status"], status);
  EXPECT_EQ(j["code"], code);
  EXPECT_TRUE(j.contains("type") && j.contains("title") && j.contains("detail"));
}

TEST_F(ServerTest, HealthzAnswersOk) {
  HttpsClient c(server_->port());
  auto r = c.get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.json(), nlohmann::json({{"status", "ok"}}));
  EXPECT_FALSE(r.header("x-request-id").empty());
}

TEST_F(ServerTest, NegotiatesModernTlsAndRefusesLegacyVersions) {
  HttpsClient c(server_->port());
  const auto v = c.tls_version();
  EXPECT_TRUE(v == "TLSv1.2" || v == "TLSv1.3") << v;
  EXPECT_FALSE(HttpsClient::accepts_legacy_tls(server_->port()));
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  HttpsClient c(server_->port());
  for (int i = 0; i < 20; ++i) ASSERT_EQ(c.get("/healthz").status, 200);
}

TEST_F(ServerTest, UnknownRouteIsProblem404) {
  HttpsClient c(server_->port());
  expect_problem(c.get("/api/v1/no-such-thing"), 404, "not_found");
}

TEST_F(ServerTest, WrongMethodIsProblem405) {
  HttpsClient c(server_->port());
  expect_problem(c.request("PUT", "/healthz"), 405, "method_not_allowed");
}

TEST_F(ServerTest, MalformedJsonIsProblem400) {
  HttpsClient c(server_->port());
  expect_problem(c.request("POST", "/api/v1/accounts", "{not json",
                           {{"Content-Type", "application/json"}}),
                 400, "malformed_json");
  expect_problem(c.request("POST", "/api/v1/accounts", "[1,2]", {{"Content-Type", "application/json"}}),
                 400, "malformed_json");
}

TEST_F(ServerTest, WrongMediaTypeIsProblem415) {
  HttpsClient c(server_->port());
  expect_problem(c.request("POST", "/api/v1/accounts", "email=a", {{"Content-Type", "text/plain"}}),
                 415, "unsupported_media_type");
}

TEST_F(ServerTest, OversizedBodyIsProblem413) {
  HttpsClient c(server_->port());
  const std::string big = "{\"display_name\":\"" + std::string(8000, 'x') + "\"}";
  expect_problem(c.request("POST", "/api/v1/accounts", big, {{"Content-Type", "application/json"}}),
                 413, "payload_too_large");
  // The server is still there for the next client.
  HttpsClient again(server_->port());
  EXPECT_EQ(again.get("/healthz").status, 200);
}

TEST_F(ServerTest, OversizedHeadersAreRefused) {
  HttpsClient c(server_->port());
  auto r = c.request("GET", "/healthz", "", {{"X-Padding", std::string(40 * 1024, 'a')}});
  expect_problem(r, 413, "payload_too_large");
}

TEST_F(ServerTest, ProtectedRouteWithoutTokenIsProblem401) {
  HttpsClient c(server_->port());
  auto r = c.get("/api/v1/me");
  expect_problem(r, 401, "unauthenticated");
  EXPECT_FALSE(r.header("www-authenticate").empty());
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  HttpsClient c(server_->port());
  c.get("/healthz");
  c.get("/api/v1/nothing-here");
  auto r = HttpsClient(server_->metrics_port()).get("/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("dx_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("status=\"404\""), std::string::npos);
  EXPECT_NE(r.body.find("dx_http_request_duration_seconds_bucket{route=\"/healthz\",method=\"GET\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(r.body.find("dx_http_open_connections "), std::string::npos);
}

TEST_F(ServerTest, OpenApiDocumentsEveryServedRoute) {
  HttpsClient c(server_->port());
  auto doc = c.get("/api/v1/openapi.json").json();
  ASSERT_EQ(doc["openapi"], "3.0.3");
  const std::vector<std::pair<std::string, std::string>> served = {
      {"/api/v1/accounts", "post"},        {"/api/v1/sessions", "post"},
      {"/api/v1/sessions/current", "delete"}, {"/api/v1/me", "get"},
      {"/api/v1/api-keys", "post"},        {"/api/v1/api-keys", "get"},
      {"/api/v1/api-keys/{id}", "delete"}, {"/api/v1/staff/users", "post"},
      {"/api/v1/staff/accounts/{id}/suspend", "post"},
      {"/api/v1/staff/accounts/{id}/reinstate", "post"},
      {"/api/v1/files", "post"},           {"/api/v1/files/{id}", "get"},
      {"/api/v1/audit/events", "get"},     {"/api/v1/exchange/keys", "get"},
      {"/healthz", "get"},                 {"/metrics", "get"},
      {"/api/v1/openapi.json", "get"}};
  for (const auto& [path, method] : served) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    EXPECT_TRUE(doc["paths"][path].contains(method)) << method << " " << path;
  }
  // And every documented operation is really served (none answers 404 or 405).
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      std::string target = path;
      for (auto at = target.find('{'); at != std::string::npos; at = target.find('{'))
        target.replace(at, target.find('}', at) - at + 1, "x");
      std::string verb = method;
      for (auto& ch : verb) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      auto r = c.request(verb, target);
      EXPECT_NE(r.status, 405) << verb << " " << target;
      if (r.status == 404) {
        EXPECT_NE(r.json()["detail"], "No such resource.") << verb << " " << target;
      }
    }
  }
}

TEST_F(ServerTest, PublishesItsEd25519Key) {
  HttpsClient c(server_->port());
  auto keys = c.get("/api/v1/exchange/keys").json()["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["algorithm"], "Ed25519");
  EXPECT_NE(keys[0]["public_key_pem"].get<std::string>().find("BEGIN PUBLIC KEY"), std::string::npos);
}

TEST(ServerLifecycle, SigtermDrainsAndExitsZero) {
  ServerProcess server;
  server.start();
  HttpsClient c(server.port());
  ASSERT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(server.stop_gracefully(), 0);
}

TEST(ServerLifecycle, InvalidConfigStopsTheStartWithAClearMessage) {
  ServerProcess server(nlohmann::json{{"settlement", {{"fee_bps", "one percent"}}}});
  EXPECT_THROW(server.start(), std::runtime_error);
  EXPECT_NE(server.log_text().find("settlement.fee_bps: must be an integer"), std::string::npos)
      << server.log_text();
}

TEST(ServerLifecycle, UnknownConfigKeyIsRefused) {
  ServerProcess server(nlohmann::json{{"sesions", {{"lifetime_s", 10}}}});
  EXPECT_THROW(server.start(), std::runtime_error);
  EXPECT_NE(server.log_text().find("sesions: unknown key"), std::string::npos) << server.log_text();
}

TEST(ServerLifecycle, LogsOneJsonLinePerRequest) {
  ServerProcess server;
  server.start();
  HttpsClient c(server.port());
  c.get("/healthz");
  ASSERT_EQ(server.stop_gracefully(), 0);
  const auto log = server.log_text();
  const auto at = log.find("\"route\":\"/healthz\"");
  ASSERT_NE(at, std::string::npos) << log;
  const auto start = log.rfind('\n', at) + 1;
  auto line = nlohmann::json::parse(log.substr(start, log.find('\n', at) - start));
  EXPECT_EQ(line["status"], 200);
  EXPECT_TRUE(line.contains("request_id") && line.contains("latency_ms") && line.contains("ts"));
}

}  // namespace
}  // namespace dx::test
