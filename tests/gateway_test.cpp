// API.md "The data plane" over HTTPS, the gateway side: a buyer calls a seller's API through
// /gw/{trade}/… against a real upstream on loopback (tests/support/upstream.hpp); calls pass and
// are counted, every refusal answers its code and rule, a suspension, withdrawal, complaint or
// refund stops the very next call, the credentials never reach the buyer, a log or the disk
// unsealed, counts survive kill -9 (at most the last unwritten interval lost), and two gateway
// processes in front of one exchange share its licences, quotas and revocations.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/upstream.hpp"
#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

const std::string kNodeToken(40, 'n');

json config_patch() {
  return {{"gateway",
           {{"allow_private_upstreams", true}, {"flush_interval_ms", 200}, {"node_token", kNodeToken}, {"grant_calls", 2}}}};
}

struct OfferTerms {
  json quota = nullptr;  // calls per seat
  json rate = nullptr;
  int timeout_s = 5;
};

class GatewayTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    upstream_ = new Upstream();
    world_ = new TradingWorld(config_patch());
  }
  static void TearDownTestSuite() {
    delete world_;
    delete upstream_;
  }

  TradingWorld& w() { return *world_; }
  Upstream& up() { return *upstream_; }

  // A listed gateway product calling the loopback upstream; returns {product id, offer id}.
  std::pair<std::string, std::string> listed(const std::string& credentials, const OfferTerms& t = {},
                                             const std::string& base = "") {
    json p = sample_product(upload(*w().seller.client, sample_csv(), "text/csv", "trips.csv"));
    p["delivery_mode"] = "gateway";
    p["gateway"] = {{"upstream_url", base.empty() ? up().base_url() : base},
                    {"auth_header", "X-Api-Key"},
                    {"credentials", credentials},
                    {"routes",
                     {{{"method", "GET"}, {"path_prefix", "/echo"}},
                      {{"method", "ANY"}, {"path_prefix", "/bytes"}},
                      {{"method", "GET"}, {"path_prefix", "/slow"}},
                      {{"method", "GET"}, {"path_prefix", "/close"}}}},
                    {"timeout_s", t.timeout_s}};
    p["offers"][0]["call_quota"] = t.quota;
    p["offers"][0]["rate_limit_per_s"] = t.rate;
    const json product = list_product(*w().seller.client, *w().reviewer, p);
    return {product["id"], product["offers"][0]["id"]};
  }

  // A buyer holding one licence of `offer`, calling with an API key.
  struct Licensee {
    Party party;
    std::string trade;
    std::unique_ptr<HttpsClient> gw;  // authenticated by API key
  };
  Licensee licensee(const std::string& offer) {
    Licensee l{w().funded_buyer(1'000'000), "", nullptr};
    l.trade = TradingWorld::buy(*l.party.client, offer)["id"];
    auto key = l.party.client->post("/api/v1/api-keys", {{"name", "gateway"}});
    EXPECT_EQ(key.status, 201) << key.body;
    l.gw = std::make_unique<HttpsClient>(w().server.port());
    l.gw->token = key.json()["key"];
    return l;
  }

  static HttpResponse call(Licensee& l, const std::string& path, const std::string& method = "GET") {
    return l.gw->request(method, "/gw/" + l.trade + path);
  }

  static json usage(HttpsClient& c, const std::string& trade) {
    auto r = c.get("/api/v1/trades/" + trade + "/usage");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json();
  }

  // Calls of `trade` in the written usage batches (the records), once `want` are written or 15 s pass.
  std::int64_t written_calls(const std::string& trade, std::int64_t want) {
    (void)trade;
    std::int64_t calls = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (std::chrono::steady_clock::now() < deadline) {
      calls = 0;
      for (const auto& r : all_records(*w().admin))
        if (r["action"] == "gateway.usage_recorded") calls += r["data"]["calls"].get<std::int64_t>();
      if (calls >= want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return calls;
  }

  static void expect_problem(const HttpResponse& r, int status, const std::string& code) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << r.body;
    EXPECT_EQ(r.json().value("code", ""), code) << r.body;
  }

  static inline Upstream* upstream_ = nullptr;
  static inline TradingWorld* world_ = nullptr;
};

TEST_F(GatewayTest, CallsPassAreCountedAndTheCredentialsNeverReachTheBuyer) {
  const std::string secret = "sk-gw-" + unique_email("k").substr(0, 16);
  auto [product, offer] = listed(secret, {.quota = 100});
  auto l = licensee(offer);
  up().clear();
  auto r = l.gw->request("GET", "/gw/" + l.trade + "/echo/items?x=1&y=%E4%B8%AD", "",
                         {{"Cookie", "session=buyer"}, {"X-Trace", "t1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto seen = up().requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/echo/items?x=1&y=%E4%B8%AD");
  EXPECT_EQ(seen[0].headers.at("x-api-key"), secret) << "the upstream gets the seller's credentials";
  EXPECT_EQ(seen[0].headers.count("authorization"), 0u) << "never the buyer's key";
  EXPECT_EQ(seen[0].headers.count("cookie"), 0u);
  EXPECT_EQ(seen[0].headers.at("x-trace"), "t1");

  // A large answer streams through intact and its bytes are counted.
  auto big = call(l, "/bytes/3000000");
  ASSERT_EQ(big.status, 200);
  EXPECT_EQ(Upstream::sha256_hex(big.body), Upstream::sha256_hex(Upstream::pattern(3000000)));
  // A request body goes up whole.
  const std::string upload_body(2'000'000, 'u');
  auto posted = l.gw->request("POST", "/gw/" + l.trade + "/bytes/10", upload_body, {{"Content-Type", "text/plain"}});
  ASSERT_EQ(posted.status, 200);
  EXPECT_EQ(up().requests().back().body_size, upload_body.size());

  const json u = usage(*l.party.client, l.trade);
  EXPECT_EQ(u["calls"], 3);
  EXPECT_GE(u["bytes_out"].get<std::int64_t>(), 3000000);
  EXPECT_EQ(u["quota"], 100);
  EXPECT_EQ(u["remaining"], 97);
  ASSERT_EQ(u["by_day"].size(), 1u);
  EXPECT_EQ(u["by_day"][0]["calls"], 3);
  EXPECT_EQ(usage(*w().seller.client, l.trade)["calls"], 3) << "the seller sees its buyers' use";
  EXPECT_EQ(usage(*w().finance, l.trade)["calls"], 3) << "and staff";
  auto stranger = verified_person(w().server.port(), *w().kyc, "Stranger");
  EXPECT_EQ(stranger.client->get("/api/v1/trades/" + l.trade + "/usage").status, 404);

  EXPECT_GE(written_calls(l.trade, 3), 3) << "the counts are written in batches with their record";
  for (const auto& view : {call(l, "/bytes/10").body, big.body.substr(0, 100), usage(*l.party.client, l.trade).dump(),
                           l.party.client->get("/api/v1/contracts/" + TradingWorld::buy(*l.party.client, offer)["contract_id"].get<std::string>()).body})
    EXPECT_EQ(view.find(secret), std::string::npos);
  EXPECT_EQ(w().server.log_text().find(secret), std::string::npos) << "no log line holds the credentials";
  EXPECT_FALSE(occurs_in_tree(w().server.data_dir(), secret)) << "nor the disk, unsealed";
}

TEST_F(GatewayTest, EveryRefusalAnswersItsCode) {
  auto [product, offer] = listed("sk-refusals", {.quota = 3, .rate = nullptr, .timeout_s = 1});
  auto l = licensee(offer);
  expect_problem(call(l, "/admin"), 404, "route_not_licensed");
  expect_problem(call(l, "/echo", "POST"), 404, "route_not_licensed");
  expect_problem(call(l, "/echo/%2e%2e/admin"), 404, "route_not_licensed");
  expect_problem(call(l, "/echo%2F..%2Fadmin"), 404, "route_not_licensed");
  HttpsClient anonymous(w().server.port());
  expect_problem(anonymous.get("/gw/" + l.trade + "/echo"), 401, "unauthenticated");
  auto other = licensee(offer);
  expect_problem(other.gw->get("/gw/" + l.trade + "/echo"), 404, "not_found");
  expect_problem(other.gw->get("/gw/trd_missing/echo"), 404, "not_found");

  expect_problem(call(l, "/slow/5000"), 504, "upstream_timeout");
  expect_problem(call(l, "/close"), 502, "upstream_failed");
  // Failed calls never reached a usable answer and are not counted: the quota is still whole.
  EXPECT_EQ(usage(*l.party.client, l.trade)["remaining"], 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(l, "/echo").status, 200);
  auto over = call(l, "/echo");
  expect_problem(over, 429, "quota_exhausted");
  EXPECT_EQ(over.json()["rule"], "O12");

  auto [p2, limited] = listed("sk-rate", {.quota = nullptr, .rate = 1});
  auto r = licensee(limited);
  int refused = 0;
  for (int i = 0; i < 5; ++i) {
    auto a = call(r, "/echo");
    if (a.status == 429) {
      expect_problem(a, 429, "rate_limited");
      EXPECT_FALSE(a.header("retry-after").empty());
      ++refused;
    }
  }
  EXPECT_GE(refused, 1) << "five calls at once against one call per second";

  auto [p3, dead] = listed("sk-dead", {}, "http://127.0.0.1:1");
  auto d = licensee(dead);
  expect_problem(call(d, "/echo"), 502, "upstream_failed");
}

TEST_F(GatewayTest, SuspensionsWithdrawalComplaintsAndRefundsStopTheNextCall) {
  auto [product, offer] = listed("sk-cut");
  auto l = licensee(offer);
  ASSERT_EQ(call(l, "/echo").status, 200);

  // The buyer suspended (O14), then reinstated.
  const std::string buyer_path = "/api/v1/staff/accounts/" + l.party.id;
  ASSERT_EQ(w().admin->post(buyer_path + "/suspend", {{"reason", "misuse"}}).status, 200);
  auto refused = call(l, "/echo");
  expect_problem(refused, 403, "account_suspended");
  ASSERT_EQ(w().admin->post(buyer_path + "/reinstate", {{"reason", "rectified"}}).status, 200);
  EXPECT_EQ(call(l, "/echo").status, 200);

  // The seller suspended (O14): its products are not tradable.
  const std::string seller_path = "/api/v1/staff/accounts/" + w().seller.id;
  ASSERT_EQ(w().admin->post(seller_path + "/suspend", {{"reason", "investigation"}}).status, 200);
  expect_problem(call(l, "/echo"), 409, "product_not_tradable");
  ASSERT_EQ(w().admin->post(seller_path + "/reinstate", {{"reason", "cleared"}}).status, 200);
  EXPECT_EQ(call(l, "/echo").status, 200);

  // A complaint with evidence suspends the product at once (O13).
  auto objector = verified_person(w().server.port(), *w().kyc, "Objector");
  auto filed = objector.client->post(
      "/api/v1/complaints", {{"product_id", product}, {"type", "privacy"}, {"statement", "Our customers' trips."},
                             {"evidence_file_ids", {upload(*objector.client, "Letter.", "text/plain", "e.txt")}}});
  ASSERT_EQ(filed.status, 201) << filed.body;
  auto stopped = call(l, "/echo");
  expect_problem(stopped, 409, "product_not_tradable");
  EXPECT_EQ(stopped.json()["rule"], "O13");

  // A refunded licence is inactive (O12).
  auto [p2, offer2] = listed("sk-refund");
  auto r = licensee(offer2);
  ASSERT_EQ(call(r, "/echo").status, 200);
  ASSERT_EQ(r.party.client->post("/api/v1/trades/" + r.trade + "/dispute", {{"reason", "the API answers nothing useful"}}).status, 200);
  EXPECT_EQ(call(r, "/echo").status, 200) << "a disputed licence still serves until staff decide";
  ASSERT_EQ(w().finance->post("/api/v1/staff/trades/" + r.trade + "/resolve", {{"outcome", "refund"}, {"reason", "upheld"}}).status, 200);
  expect_problem(call(r, "/echo"), 403, "licence_inactive");

  // The seller withdraws the product.
  auto [p3, offer3] = listed("sk-withdraw");
  auto v = licensee(offer3);
  ASSERT_EQ(w().seller.client->post("/api/v1/products/" + p3 + "/withdraw", json::object()).status, 200);
  expect_problem(call(v, "/echo"), 409, "product_not_tradable");
}

// Counts live in memory and are written every flush interval: kill -9 loses at most the calls of
// the last unwritten interval, and never lets the quota be passed by more than those.
TEST(GatewayCrashTest, WrittenCountsSurviveKillAndTheQuotaHoldsAfterRestart) {
  Upstream upstream;
  TradingWorld w(config_patch());
  json p = sample_product(upload(*w.seller.client, sample_csv(), "text/csv", "trips.csv"));
  p["delivery_mode"] = "gateway";
  p["gateway"] = {{"upstream_url", upstream.base_url()}, {"auth_header", "X-Api-Key"}, {"credentials", "sk-crash"},
                  {"routes", {{{"method", "GET"}, {"path_prefix", "/echo"}}}}, {"timeout_s", 5}};
  p["offers"][0]["call_quota"] = 6;
  const std::string offer = list_product(*w.seller.client, *w.reviewer, p)["offers"][0]["id"];
  auto buyer = w.funded_buyer(1'000'000);
  const std::string trade = TradingWorld::buy(*buyer.client, offer)["id"];
  const std::string key = buyer.client->post("/api/v1/api-keys", {{"name", "crash"}}).json()["key"];
  for (int i = 0; i < 4; ++i) ASSERT_EQ(buyer.client->get("/gw/" + trade + "/echo").status, 200);
  // Wait until the four are written (their batch's record), then kill.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  std::int64_t written = 0;
  while (written < 4 && std::chrono::steady_clock::now() < deadline) {
    written = 0;
    for (const auto& r : all_records(*w.admin))
      if (r["action"] == "gateway.usage_recorded") written += r["data"]["calls"].get<std::int64_t>();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(written, 4);
  w.server.kill_hard();
  w.server.start();
  w.connect();
  buyer.client = std::make_unique<HttpsClient>(w.server.port());
  buyer.client->token = key;
  const json u = buyer.client->get("/api/v1/trades/" + trade + "/usage").json();
  EXPECT_EQ(u["calls"], 4) << "written counts survive kill -9";
  EXPECT_EQ(u["remaining"], 2);
  EXPECT_EQ(buyer.client->get("/gw/" + trade + "/echo").status, 200);
  EXPECT_EQ(buyer.client->get("/gw/" + trade + "/echo").status, 200);
  EXPECT_EQ(buyer.client->get("/gw/" + trade + "/echo").status, 429) << "the quota holds after the restart";
}

// Two gateway processes in front of one exchange: each verifies the exchange's signed grants,
// forwards on its own, reports usage back, and drops a licence the exchange ends within a second.
TEST(GatewayNodesTest, TwoNodesShareLicencesQuotasAndRevocations) {
  Upstream upstream;
  TradingWorld w(config_patch());
  json p = sample_product(upload(*w.seller.client, sample_csv(), "text/csv", "trips.csv"));
  p["delivery_mode"] = "gateway";
  p["gateway"] = {{"upstream_url", upstream.base_url()}, {"auth_header", "X-Api-Key"}, {"credentials", "sk-nodes"},
                  {"routes", {{{"method", "GET"}, {"path_prefix", "/echo"}}}}, {"timeout_s", 5}};
  p["offers"][0]["call_quota"] = 7;
  const std::string offer = list_product(*w.seller.client, *w.reviewer, p)["offers"][0]["id"];
  auto buyer = w.funded_buyer(1'000'000);
  const std::string trade = TradingWorld::buy(*buyer.client, offer)["id"];
  auto key = buyer.client->post("/api/v1/api-keys", {{"name", "nodes"}}).json()["key"].get<std::string>();

  const std::string core = "https://localhost:" + std::to_string(w.server.port());
  const std::string ca = (w.server.data_dir() / "tls" / "cert.pem").string();
  std::vector<std::unique_ptr<ServerProcess>> nodes;
  std::vector<std::unique_ptr<HttpsClient>> via;
  for (const char* id : {"node-a", "node-b"}) {
    auto n = std::make_unique<ServerProcess>(json{{"gateway", {{"allow_private_upstreams", true}, {"node_token", kNodeToken},
                                                               {"flush_interval_ms", 200}}}});
    n->run_as({"gateway", "--core", core, "--core-ca", ca, "--node-id", id}, "gateway_listening");
    n->start();
    via.push_back(std::make_unique<HttpsClient>(n->port()));
    via.back()->token = key;
    nodes.push_back(std::move(n));
  }
  // Calls alternate between the nodes; the quota of 7 holds across both (each uses only calls
  // the exchange leased to it, two at a time here).
  int passed = 0, exhausted = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = via[i % 2]->get("/gw/" + trade + "/echo");
    if (r.status == 200) ++passed;
    else if (r.status == 429 && r.json()["code"] == "quota_exhausted") ++exhausted;
    else ADD_FAILURE() << r.status << " " << r.body;
  }
  EXPECT_LE(passed, 7) << "never more than the quota";
  EXPECT_GE(passed, 5) << "leases held by the other node are returned when used or expired";
  EXPECT_EQ(passed + exhausted, 12);
  EXPECT_EQ(upstream.requests().size(), static_cast<std::size_t>(passed));
  // Both nodes report: the exchange's usage reaches what passed.
  std::int64_t counted = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (counted < passed && std::chrono::steady_clock::now() < deadline) {
    counted = buyer.client->get("/api/v1/trades/" + trade + "/usage").json()["calls"].get<std::int64_t>();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(counted, passed);

  // A fresh licence; the buyer suspended at the exchange: both nodes stop it (within a second's poll).
  const std::string trade2 = TradingWorld::buy(*buyer.client, offer)["id"];
  for (auto& c : via) ASSERT_EQ(c->get("/gw/" + trade2 + "/echo").status, 200);
  ASSERT_EQ(w.admin->post("/api/v1/staff/accounts/" + buyer.id + "/suspend", {{"reason", "misuse"}}).status, 200);
  for (auto& c : via) {
    int status = 200;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (status == 200 && std::chrono::steady_clock::now() < until) {
      status = c->get("/gw/" + trade2 + "/echo").status;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, 403) << "the node dropped the suspended buyer's grant";
  }
  // The node token guards the exchange's node routes.
  HttpsClient intruder(w.server.port());
  intruder.token = std::string(40, 'x');
  EXPECT_EQ(intruder.post("/api/v1/gateway/grants", {{"trade_id", trade2}, {"authorization", "Bearer " + key}}).status, 401);
  for (auto& n : nodes) EXPECT_EQ(n->log_text().find("sk-nodes"), std::string::npos);
}

}  // namespace
}  // namespace dx::test
