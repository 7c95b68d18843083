// API.md "The data plane" over HTTPS, the listing side: gateway products with their upstream,
// credentials that no answer, record, log or file on disk ever shows, offers with call quotas,
// gateway trades delivered at the fill with their quota in the contract, and review's live check
// of the upstream against a small HTTP server in this file.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "trade_fixture.hpp"

namespace dx::test {
namespace {

using nlohmann::json;

// A plain HTTP server on loopback that answers every request 200 "ok" and keeps what it was sent.
class Upstream {
 public:
  Upstream() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
      throw std::runtime_error("the test upstream cannot listen");
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~Upstream() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::uint16_t port() const { return port_; }
  std::string requests() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }

  // A port nothing listens on (bound, then closed).
  static std::uint16_t closed_port() {
    Upstream gone;
    return gone.port();
  }

 private:
  void serve() {
    while (!stopping_) {
      const int conn = ::accept(fd_, nullptr, nullptr);
      if (conn < 0) return;
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(conn, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard lock(mutex_);
        seen_ += request;
      }
      const std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      [[maybe_unused]] const auto sent = ::send(conn, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(conn);
    }
  }

  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::string seen_;
};

// A gateway product over `sample_product`, calling `upstream_url` with `credentials`.
json gateway_product(const std::string& data_file_id, const std::string& upstream_url,
                     const std::string& credentials) {
  json p = sample_product(data_file_id);
  p["delivery_mode"] = "gateway";
  p["gateway"] = {{"upstream_url", upstream_url},
                  {"auth_header", "X-Api-Key"},
                  {"credentials", credentials},
                  {"routes",
                   {{{"method", "GET"}, {"path_prefix", "/weather"}},
                    {{"method", "ANY"}, {"path_prefix", "/q"}}}},
                  {"timeout_s", 5}};
  p["offers"][0]["call_quota"] = 1000;
  p["offers"][0]["rate_limit_per_s"] = 5;
  p["data_dictionary"] = {
      {{"name", "district"}, {"type", "text"}, {"description", "区"}, {"role", "quasi_identifier"}},
      {{"name", "trips"}, {"type", "integer"}, {"description", "trips"}, {"role", "attribute"}}};
  return p;
}

std::set<std::string> error_fields(const HttpResponse& r) {
  std::set<std::string> out;
  const json problem = r.json();
  for (const auto& e : problem["errors"]) out.insert(e["field"].get<std::string>());
  return out;
}

class GatewayListingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    upstream_ = new Upstream();
    world_ = new TradingWorld(json{{"gateway", {{"allow_private_upstreams", true}}}});
  }
  static void TearDownTestSuite() {
    delete world_;
    delete upstream_;
  }

  TradingWorld& w() { return *world_; }
  HttpsClient& seller() { return *w().seller.client; }
  std::string upstream_url() {
    return "http://127.0.0.1:" + std::to_string(upstream_->port()) + "/v1";
  }
  std::string data_file() { return upload(seller(), sample_csv(), "text/csv", "trips.csv"); }

  // A draft gateway product with fresh credentials; returns {product, credentials}.
  std::pair<json, std::string> draft(const std::string& url = "") {
    const std::string credentials = "sk-live-" + unique_email("secret").substr(0, 20);
    auto r = seller().post(
        "/api/v1/products",
        gateway_product(data_file(), url.empty() ? upstream_url() : url, credentials));
    EXPECT_EQ(r.status, 201) << r.body;
    return {r.json(), credentials};
  }

  json upstream_check(HttpsClient& who, const std::string& id, int status = 200) {
    auto r = who.get("/api/v1/staff/products/" + id + "/upstream-check");
    EXPECT_EQ(r.status, status) << r.body;
    return r.json();
  }

  static inline Upstream* upstream_ = nullptr;
  static inline TradingWorld* world_ = nullptr;
};

TEST_F(GatewayListingTest, GatewayProductIsListedAndNoViewShowsTheCredentials) {
  auto [created, credentials] = draft();
  const std::string id = created["id"];
  EXPECT_EQ(created["delivery_mode"], "gateway");
  EXPECT_EQ(created["gateway"]["credentials_set"], true);
  EXPECT_EQ(created["gateway"]["upstream_url"], upstream_url());
  EXPECT_EQ(created["gateway"]["auth_header"], "X-Api-Key");
  EXPECT_FALSE(created["gateway"].contains("credentials"));
  EXPECT_EQ(created["offers"][0]["call_quota"], 1000);
  EXPECT_EQ(created["offers"][0]["rate_limit_per_s"], 5);
  EXPECT_EQ(created["data_dictionary"][0]["role"], "quasi_identifier");

  auto submitted = seller().post("/api/v1/products/" + id + "/submit", json::object());
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  ASSERT_EQ(submitted.json()["status"], "in_review") << submitted.body;
  auto approved = w().reviewer->post("/api/v1/staff/products/" + id + "/decision",
                                     {{"decision", "approve"}, {"reason", "ok"}});
  ASSERT_EQ(approved.status, 200) << approved.body;

  HttpsClient anyone(w().server.port());
  const auto pub = anyone.get("/api/v1/products/" + id).json();
  EXPECT_EQ(pub["gateway"], (json{{"routes", created["gateway"]["routes"]}, {"timeout_s", 5}}));
  EXPECT_EQ(pub["offers"][0]["call_quota"], 1000);
  EXPECT_EQ(pub["data_dictionary"].size(), 2u);
  const auto staff = w().reviewer->get("/api/v1/products/" + id).json();
  EXPECT_EQ(staff["gateway"]["upstream_url"], upstream_url());
  EXPECT_EQ(staff["gateway"]["credentials_set"], true);

  const auto gateways = anyone.get("/api/v1/catalog?delivery_mode=gateway");
  ASSERT_EQ(gateways.status, 200) << gateways.body;
  bool found = false;
  const json gateway_page = gateways.json();
  for (const auto& item : gateway_page["items"]) {
    EXPECT_EQ(item["delivery_mode"], "gateway");
    found = found || item["id"] == id;
  }
  EXPECT_TRUE(found) << gateways.body;
  const json file_page = anyone.get("/api/v1/catalog?delivery_mode=file").json();
  for (const auto& item : file_page["items"]) EXPECT_NE(item["id"], id);
  EXPECT_EQ(anyone.get("/api/v1/catalog?delivery_mode=pigeon").status, 422);

  const std::string everything =
      seller().get("/api/v1/products/" + id).body + pub.dump() + staff.dump() + gateways.body +
      seller().get("/api/v1/products").body +
      w().reviewer->get("/api/v1/staff/reviews?status=listed").body +
      upstream_check(*w().reviewer, id).dump() + all_records(*w().admin).dump();
  EXPECT_EQ(everything.find(credentials), std::string::npos);
  EXPECT_EQ(w().server.log_text().find(credentials), std::string::npos);
  EXPECT_FALSE(occurs_in_tree(w().server.data_dir(), credentials))
      << "the credentials are sealed at rest";
}

TEST_F(GatewayListingTest, LiveCheckCallsTheUpstreamWithTheCredentialsAndIsRecorded) {
  auto [created, credentials] = draft();
  const std::string id = created["id"];
  const auto check = upstream_check(*w().reviewer, id);
  EXPECT_EQ(check["reachable"], true) << check.dump();
  EXPECT_EQ(check["status"], 200);
  EXPECT_EQ(check["address"], "127.0.0.1");
  EXPECT_TRUE(check["latency_ms"].is_number_integer());
  EXPECT_TRUE(check["error"].is_null());
  EXPECT_EQ(check["upstream_url"], upstream_url());
  EXPECT_FALSE(check["checked_at"].get<std::string>().empty());
  const std::string seen = upstream_->requests();
  EXPECT_NE(seen.find("GET /v1/weather HTTP/1.1"), std::string::npos) << seen;
  EXPECT_NE(seen.find("X-Api-Key: " + credentials), std::string::npos) << seen;

  bool recorded = false;
  for (const auto& r : all_records(*w().admin))
    recorded = recorded || (r["action"] == "product.upstream_checked" && r["subject"] == id &&
                            r["data"]["reachable"] == true);
  EXPECT_TRUE(recorded);
  EXPECT_EQ(upstream_check(*w().admin, id)["reachable"], true) << "admins may check too";
  EXPECT_EQ(seller().get("/api/v1/staff/products/" + id + "/upstream-check").status, 403);
}

TEST_F(GatewayListingTest, LiveCheckOfADeadUpstreamIsAnAnswerNotAnError) {
  auto [created, credentials] =
      draft("http://127.0.0.1:" + std::to_string(Upstream::closed_port()));
  const auto check = upstream_check(*w().reviewer, created["id"]);
  EXPECT_EQ(check["reachable"], false);
  EXPECT_TRUE(check["status"].is_null());
  EXPECT_FALSE(check["error"].get<std::string>().empty());
  EXPECT_EQ(check.dump().find(credentials), std::string::npos);

  auto file_product = seller().post("/api/v1/products", sample_product(data_file())).json();
  upstream_check(*w().reviewer, file_product["id"], 404);
  upstream_check(*w().reviewer, "prd_missing", 404);
}

TEST_F(GatewayListingTest, EveryBadGatewayFieldIsNamedAndNothingIsStored) {
  const json good = gateway_product(data_file(), upstream_url(), "sk-test");
  const auto before = seller().get("/api/v1/products?limit=500").json()["items"].size();
  const std::string long_path = "/" + std::string(512, 'a');
  const std::vector<std::pair<std::function<void(json&)>, std::string>> cases = {
      {[](json& p) { p["gateway"]["auth_header"] = "Host"; }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["auth_header"] = "x-forwarded-for"; }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["auth_header"] = "Transfer-Encoding"; }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["auth_header"] = "Cookie"; }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["auth_header"] = "Api Key"; }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["auth_header"] = std::string(65, 'x'); }, "gateway.auth_header"},
      {[](json& p) { p["gateway"]["credentials"] = "a\r\nX-Evil: 1"; }, "gateway.credentials"},
      {[](json& p) { p["gateway"]["credentials"] = ""; }, "gateway.credentials"},
      {[](json& p) { p["gateway"]["credentials"] = std::string(4097, 'k'); },
       "gateway.credentials"},
      {[](json& p) { p["gateway"].erase("credentials"); }, "gateway.credentials"},
      {[](json& p) { p["gateway"]["routes"] = json::array(); }, "gateway.routes"},
      {[](json& p) {
         p["gateway"]["routes"] = json::array();
         for (int i = 0; i < 51; ++i)
           p["gateway"]["routes"].push_back({{"method", "GET"}, {"path_prefix", "/r"}});
       },
       "gateway.routes"},
      {[](json& p) { p["gateway"]["routes"][0]["method"] = "TRACE"; }, "gateway.routes[0].method"},
      {[](json& p) { p["gateway"]["routes"][1]["path_prefix"] = "weather"; },
       "gateway.routes[1].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/a/../b"; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/a/./b"; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/a?b=1"; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/a#b"; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/%2e%2e"; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["routes"][0]["path_prefix"] = "/a\tb"; },
       "gateway.routes[0].path_prefix"},
      {[&](json& p) { p["gateway"]["routes"][0]["path_prefix"] = long_path; },
       "gateway.routes[0].path_prefix"},
      {[](json& p) { p["gateway"]["timeout_s"] = 0; }, "gateway.timeout_s"},
      {[](json& p) { p["gateway"]["timeout_s"] = 121; }, "gateway.timeout_s"},
      {[](json& p) { p["gateway"]["upstream_url"] = "ftp://127.0.0.1/"; }, "gateway.upstream_url"},
      {[](json& p) { p["gateway"]["upstream_url"] = "http://user:pw@127.0.0.1/"; },
       "gateway.upstream_url"},
      {[](json& p) { p.erase("gateway"); }, "gateway"},
      {[](json& p) {
         p["delivery_mode"] = "file";
         p["offers"][0].erase("call_quota");
         p["offers"][0].erase("rate_limit_per_s");
       },
       "gateway"},
      {[](json& p) {
         p["delivery_mode"] = "api";
         p.erase("gateway");
       },
       "offers[0].call_quota"},
      {[](json& p) {
         p["delivery_mode"] = "api";
         p.erase("gateway");
       },
       "offers[0].rate_limit_per_s"},
      {[](json& p) { p["offers"][0]["call_quota"] = 0; }, "offers[0].call_quota"},
      {[](json& p) { p["offers"][0]["rate_limit_per_s"] = 100001; }, "offers[0].rate_limit_per_s"},
      {[](json& p) { p["data_dictionary"][1]["name"] = "district"; }, "data_dictionary[1].name"},
      {[](json& p) { p["data_dictionary"][0]["role"] = "secret"; }, "data_dictionary[0].role"},
      {[](json& p) { p["data_dictionary"][0]["type"] = "blob"; }, "data_dictionary[0].type"},
  };
  for (const auto& [mutate, field] : cases) {
    json body = good;
    mutate(body);
    auto r = seller().post("/api/v1/products", body);
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    EXPECT_TRUE(error_fields(r).count(field)) << field << ": " << r.body;
  }
  EXPECT_EQ(seller().get("/api/v1/products?limit=500").json()["items"].size(), before);
  EXPECT_EQ(seller().post("/api/v1/products", good).status, 201) << "the unchanged body is valid";
}

TEST_F(GatewayListingTest, GatewayTradeIsDeliveredAtTheFillWithItsQuotaInTheContract) {
  auto p = gateway_product(data_file(), upstream_url(), "sk-trade");
  const std::string offer = list_product(seller(), *w().reviewer, p)["offers"][0]["id"];
  auto buyer = w().funded_buyer(1'000'000);
  const auto trade = TradingWorld::buy(*buyer.client, offer, 100000, 3);
  const std::string id = trade["id"];
  EXPECT_EQ(trade["status"], "delivered");
  EXPECT_FALSE(trade["acceptance_due_at"].is_null());

  const auto contract =
      buyer.client->get("/api/v1/contracts/" + trade["contract_id"].get<std::string>());
  ASSERT_EQ(contract.status, 200) << contract.body;
  const auto c = contract.json();
  EXPECT_EQ(c["quota"], (json{{"calls", 3000}, {"rate_limit_per_s", 5}}));
  EXPECT_EQ(c["gateway"]["routes"], p["gateway"]["routes"]);
  EXPECT_EQ(c["delivery_mode"], "gateway");
  EXPECT_FALSE(c["term"]["end"].get<std::string>().empty());
  EXPECT_EQ(contract.body.find("sk-trade"), std::string::npos);
  auto html =
      buyer.client->request("GET", "/api/v1/contracts/" + trade["contract_id"].get<std::string>(),
                            "", {{"Accept", "text/html"}});
  EXPECT_NE(html.body.find("调用配额"), std::string::npos) << html.body;
  EXPECT_NE(html.body.find("3000"), std::string::npos);

  for (const auto& r :
       {buyer.client->get("/api/v1/trades/" + id + "/data"),
        buyer.client->get("/api/v1/trades/" + id + "/access"),
        seller().post("/api/v1/trades/" + id + "/deliver", {{"endpoint", "https://api.example.com"},
                                                            {"credentials", "k"},
                                                            {"instructions", "x"}})}) {
    EXPECT_EQ(r.status, 409) << r.body;
    EXPECT_EQ(r.json()["code"], "invalid_state");
    EXPECT_NE(r.json()["detail"].get<std::string>().find("/gw/" + id + "/"), std::string::npos)
        << r.body;
  }
}

// The default policy: https upstreams on public addresses only (no server-side request forgery).
class GatewayPolicyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { world_ = new TradingWorld(); }
  static void TearDownTestSuite() { delete world_; }
  HttpsClient& seller() { return *world_->seller.client; }

  HttpResponse create(const std::string& url) {
    return seller().post(
        "/api/v1/products",
        gateway_product(upload(seller(), sample_csv(), "text/csv"), url, "sk-policy"));
  }

  static inline TradingWorld* world_ = nullptr;
};

TEST_F(GatewayPolicyTest, PrivateAndPlainUpstreamsAreRefusedAtCreateAndEdit) {
  for (const std::string url :
       {"http://93.184.215.14/v1", "https://127.0.0.1/v1", "https://10.0.0.1/",
        "https://169.254.169.254/latest", "https://[::1]:8443/", "https://192.168.1.1/",
        "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/"}) {
    auto r = create(url);
    EXPECT_EQ(r.status, 422) << url << ": " << r.body;
    EXPECT_EQ(error_fields(r), std::set<std::string>{"gateway.upstream_url"})
        << url << ": " << r.body;
  }
  auto created = create("https://93.184.215.14/v1");
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = created.json()["id"];
  auto edited = gateway_product(upload(seller(), sample_csv(), "text/csv"), "https://10.0.0.1/v1",
                                "sk-policy");
  auto r = seller().put("/api/v1/products/" + id, edited);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(error_fields(r), std::set<std::string>{"gateway.upstream_url"});
  EXPECT_EQ(seller().get("/api/v1/products/" + id).json()["gateway"]["upstream_url"],
            "https://93.184.215.14/v1");
}

}  // namespace
}  // namespace dx::test
