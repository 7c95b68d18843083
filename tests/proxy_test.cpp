// The forwarding engine of BodyKind::proxy routes, against the loopback upstream: what is
// forwarded and what is withheld, bodies streamed both ways, failures answered as problems, the
// address policy at connection time, keep-alive reuse and the outcome reported once.
#include <gtest/gtest.h>

#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "crypto/crypto.hpp"
#include "egress/address_policy.hpp"
#include "http/client.hpp"
#include "http/log.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "support/https_client.hpp"
#include "support/upstream.hpp"

namespace dx::test {
namespace {

using http::Method;

class ProxyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    upstream_ = new Upstream();
    dir_ = std::filesystem::temp_directory_path() / ("dx-proxy-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    crypto::ensure_self_signed_certificate(dir_ / "cert.pem", dir_ / "key.pem", "localhost");
    router_ = new http::Router();
    add_routes("/p/{rest...}", std::chrono::seconds(10), /*refuse_private=*/false);
    add_routes("/t/{rest...}", std::chrono::milliseconds(200), false);
    add_routes("/refused/{rest...}", std::chrono::seconds(10), true);
    add_tls_routes();
    metrics_ = new http::Metrics();
    log_ = new Log(false);
    http::ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.cert_file = dir_ / "cert.pem";
    o.key_file = dir_ / "key.pem";
    o.upload_limit = 64ull << 20;
    server_ = new http::Server(
        o, *router_, admit, [](http::Request&, const http::Route&, http::Reply) {}, *metrics_,
        *log_);
    thread_ = new std::thread([] { server_->run(); });
  }
  static void TearDownTestSuite() {
    server_->shutdown();
    thread_->join();
    delete thread_;
    delete server_;
    delete log_;
    delete metrics_;
    delete router_;
    delete upstream_;
    std::filesystem::remove_all(dir_);
  }
  void SetUp() override {
    upstream_->clear();
    std::lock_guard lock(mu_);
    outcomes_.clear();
  }

  // The caller is refused when it says so: enough to see that admission runs first.
  static Status admit(http::Request& req, const http::Route&) {
    if (req.header("x-refuse-me"))
      return make_error(Errc::unauthenticated, "Refused for the test.");
    return ok_status();
  }

  static void add_routes(const std::string& pattern, std::chrono::milliseconds timeout,
                         bool refuse_private) {
    const auto prefix = pattern.substr(0, pattern.find("/{"));
    for (auto m :
         {Method::get, Method::head, Method::post, Method::put, Method::del, Method::patch}) {
      router_->add({.method = m,
                    .pattern = pattern,
                    .body = http::BodyKind::proxy,
                    .forward = [prefix, timeout,
                                refuse_private](http::Request& req) -> Result<http::ProxyTarget> {
                      if (req.header("x-forward-refused"))
                        return make_error(Errc::route_not_licensed, "Not licensed for the test.");
                      http::ProxyTarget t;
                      t.scheme = "http";
                      t.host = "127.0.0.1";
                      t.port = upstream_->port();
                      t.target = req.target.substr(prefix.size());
                      t.headers = {{"X-Api-Key", "seller-credential"}};
                      t.timeout = timeout;
                      t.check_address = [refuse_private](const std::string& a) {
                        return egress::check_address(a, !refuse_private);
                      };
                      t.done = [](const http::ProxyOutcome& o) {
                        std::lock_guard lock(mu_);
                        outcomes_.push_back(o);
                      };
                      return t;
                    },
                    .documented = http::Documented::no});
    }
  }

  // /s/... goes over TLS to this server's own /p/...: the upstream side of TLS, unverified since
  // the certificate is self-signed; /v/... the same, verified, which must fail.
  static void add_tls_routes() {
    for (const auto& [prefix, verify] :
         {std::pair{std::string("/s"), false}, std::pair{std::string("/v"), true}}) {
      router_->add({.method = Method::get,
                    .pattern = prefix + "/{rest...}",
                    .body = http::BodyKind::proxy,
                    .forward = [prefix, verify](http::Request& req) -> Result<http::ProxyTarget> {
                      http::ProxyTarget t;
                      t.scheme = "https";
                      t.host = "127.0.0.1";
                      t.port = server_->port();
                      t.target = "/p" + req.target.substr(prefix.size());
                      t.verify_tls = verify;
                      t.check_address = [](const std::string& a) {
                        return egress::check_address(a, true);
                      };
                      return t;
                    },
                    .documented = http::Documented::no});
    }
  }

  static std::vector<http::ProxyOutcome> outcomes() {
    // done() runs after the answer's last byte is written: give the I/O thread a moment.
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(mu_);
        if (!outcomes_.empty()) return outcomes_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::lock_guard lock(mu_);
    return outcomes_;
  }

  static nlohmann::json problem(const HttpResponse& r) {
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    return r.json();
  }

  static Upstream* upstream_;
  static std::filesystem::path dir_;
  static http::Router* router_;
  static http::Metrics* metrics_;
  static Log* log_;
  static http::Server* server_;
  static std::thread* thread_;
  static std::mutex mu_;
  static std::vector<http::ProxyOutcome> outcomes_;
};
Upstream* ProxyTest::upstream_ = nullptr;
std::filesystem::path ProxyTest::dir_;
http::Router* ProxyTest::router_ = nullptr;
http::Metrics* ProxyTest::metrics_ = nullptr;
Log* ProxyTest::log_ = nullptr;
http::Server* ProxyTest::server_ = nullptr;
std::thread* ProxyTest::thread_ = nullptr;
std::mutex ProxyTest::mu_;
std::vector<http::ProxyOutcome> ProxyTest::outcomes_;

TEST_F(ProxyTest, ForwardsWithTheRouteCredentialAndWithoutTheClientsSecrets) {
  HttpsClient c(server_->port());
  auto r = c.request("GET", "/p/echo/a%20b?x=1&y=2", "",
                     {{"Authorization", "Bearer buyer-token"},
                      {"Cookie", "dx_session=buyer"},
                      {"X-Api-Key", "forged-by-client"},
                      {"x-api-KEY", "forged-again"},
                      {"Connection", "keep-alive, X-Hop"},
                      {"X-Hop", "hop"},
                      {"Proxy-Authorization", "Basic eA=="},
                      {"X-Forwarded-For", "10.0.0.1"},
                      {"Forwarded", "for=10.0.0.1"},
                      {"TE", "trailers"},
                      {"X-Custom", "kept"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const auto seen = r.json();
  EXPECT_EQ(seen["method"], "GET");
  EXPECT_EQ(seen["target"], "/echo/a%20b?x=1&y=2");
  const auto& h = seen["headers"];
  EXPECT_EQ(h["x-api-key"], "seller-credential");
  EXPECT_EQ(h["host"], "127.0.0.1:" + std::to_string(upstream_->port()));
  EXPECT_EQ(h["x-custom"], "kept");
  for (const char* gone : {"authorization", "cookie", "x-hop", "proxy-authorization",
                           "x-forwarded-for", "forwarded", "te", "keep-alive"})
    EXPECT_FALSE(h.contains(gone)) << gone;
  const auto received = upstream_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].headers.at("x-api-key"), "seller-credential");
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
}

TEST_F(ProxyTest, LargeBodiesStreamBothWaysIntact) {
  HttpsClient c(server_->port());
  const std::string upload = Upstream::pattern(5u << 20);
  auto up = c.request("PUT", "/p/upload", upload, {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(up.status, 200) << up.body;
  auto received = upstream_->requests();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].body_size, upload.size());
  EXPECT_EQ(received[0].body_sha256, Upstream::sha256_hex(upload));

  const std::uint64_t n = 6u << 20;
  auto down = c.get("/p/bytes/" + std::to_string(n));
  ASSERT_EQ(down.status, 200);
  EXPECT_EQ(down.body.size(), n);
  EXPECT_EQ(Upstream::sha256_hex(down.body), Upstream::sha256_hex(Upstream::pattern(n)));
  auto chunked = c.get("/p/bytes/" + std::to_string(n) + "?chunked=1");
  ASSERT_EQ(chunked.status, 200);
  EXPECT_EQ(chunked.header("transfer-encoding"), "chunked");
  EXPECT_EQ(Upstream::sha256_hex(chunked.body), Upstream::sha256_hex(Upstream::pattern(n)));

  auto mirrored =
      c.request("POST", "/p/echo?mirror=1", upload, {{"Content-Type", "application/octet-stream"}});
  ASSERT_EQ(mirrored.status, 200);
  EXPECT_EQ(Upstream::sha256_hex(mirrored.body), Upstream::sha256_hex(upload));
}

TEST_F(ProxyTest, RedirectsArePassedOnUnfollowedAndCookiesWithheld) {
  HttpsClient c(server_->port());
  auto r = c.get("/p/redirect");
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("location"), "https://elsewhere.example/landing");
  EXPECT_EQ(upstream_->requests().size(), 1u);
  auto k = c.get("/p/cookie");
  EXPECT_EQ(k.status, 200);
  EXPECT_EQ(k.header("set-cookie"), "");
  auto s = c.get("/p/status/418");
  EXPECT_EQ(s.status, 418);
  auto none = c.request("DELETE", "/p/status/204");
  EXPECT_EQ(none.status, 204);
  auto head = c.request("HEAD", "/p/bytes/1000");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), "1000");
  EXPECT_EQ(c.get("/p/anything").json(),
            nlohmann::json({{"ok", true}}));  // the connection survived
}

TEST_F(ProxyTest, SlowUpstreamIsProblem504) {
  HttpsClient c(server_->port());
  const auto started = std::chrono::steady_clock::now();
  auto r = c.get("/t/slow/5000");
  EXPECT_EQ(r.status, 504);
  EXPECT_EQ(problem(r)["code"], "upstream_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4));
  outcomes();
  // The last report of the test before may land after SetUp: only this request's count.
  std::vector<http::ProxyOutcome> mine;
  for (const auto& o : outcomes())
    if (o.status == 504) mine.push_back(o);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_FALSE(mine[0].upstream_answered);
  EXPECT_EQ(mine[0].bytes_out, 0u);
}

TEST_F(ProxyTest, UpstreamClosingIsProblem502) {
  HttpsClient c(server_->port());
  auto r = c.get("/p/close");
  EXPECT_EQ(r.status, 502);
  const auto p = problem(r);
  EXPECT_EQ(p["code"], "upstream_failed");
  EXPECT_EQ(p["detail"].get<std::string>().find("seller-credential"), std::string::npos);
}

TEST_F(ProxyTest, RefusedAddressIsProblem502AndNothingIsSent) {
  HttpsClient c(server_->port());
  auto r = c.get("/refused/echo");
  EXPECT_EQ(r.status, 502);
  const auto p = problem(r);
  EXPECT_EQ(p["code"], "upstream_failed");
  EXPECT_NE(p["detail"].get<std::string>().find("127.0.0.0/8"), std::string::npos) << p.dump();
  EXPECT_TRUE(upstream_->requests().empty());
}

TEST_F(ProxyTest, RefusalsBeforeForwardingSendNothing) {
  HttpsClient c(server_->port());
  auto denied = c.request("GET", "/p/echo", "", {{"X-Refuse-Me", "1"}});
  EXPECT_EQ(denied.status, 401);
  auto unlicensed = c.request("POST", "/p/echo", "{}", {{"X-Forward-Refused", "1"}});
  EXPECT_EQ(unlicensed.status, 404);
  EXPECT_EQ(problem(unlicensed)["code"], "route_not_licensed");
  EXPECT_TRUE(upstream_->requests().empty());
  EXPECT_EQ(c.get("/p/echo").status, 200);
}

TEST_F(ProxyTest, KeepAliveReusesOneUpstreamConnection) {
  HttpsClient c(server_->port());
  ASSERT_EQ(c.get("/p/warm").status, 200);
  const auto before = upstream_->connections();
  for (int i = 0; i < 50; ++i) ASSERT_EQ(c.get("/p/echo/" + std::to_string(i)).status, 200);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(c.request("POST", "/p/echo", "body").status, 200);
  EXPECT_EQ(upstream_->connections(), before);
  std::set<std::uint64_t> used;
  for (const auto& r : upstream_->requests()) used.insert(r.connection);
  EXPECT_LE(used.size(), 2u);  // one per I/O thread at most
}

TEST_F(ProxyTest, DoneIsCalledOnceWithTheByteCounts) {
  HttpsClient c(server_->port());
  auto r = c.request("POST", "/p/bytes/70000", std::string(1234, 'x'));
  ASSERT_EQ(r.status, 200);
  outcomes();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a second call would show by now
  // The last report of the test before may land after SetUp: only this request's count.
  std::vector<http::ProxyOutcome> mine;
  for (const auto& o : outcomes())
    if (o.bytes_in == 1234) mine.push_back(o);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].status, 200);
  EXPECT_TRUE(mine[0].upstream_answered);
  EXPECT_EQ(mine[0].bytes_out, 70000u);
}

TEST_F(ProxyTest, StaleIdleConnectionIsRetriedOnceForRequestsWithoutBody) {
  HttpsClient c(server_->port());
  // /bye answers as if keeping the connection, then closes it: the pooled connection is stale.
  ASSERT_EQ(c.get("/p/bye").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(c.get("/p/echo").status, 200);
  // A request with a body is not sent twice: it fails instead.
  ASSERT_EQ(c.get("/p/bye").status, 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto r = c.request("POST", "/p/echo", "once");
  EXPECT_EQ(r.status, 502);
  EXPECT_EQ(c.get("/p/echo").status, 200);
}

TEST_F(ProxyTest, TlsUpstreamsAreVerifiedUnlessToldNotTo) {
  HttpsClient c(server_->port());
  auto r = c.get("/s/echo/tls");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["target"], "/echo/tls");
  auto v = c.get("/v/echo/tls");
  EXPECT_EQ(v.status, 502);
  EXPECT_EQ(problem(v)["code"], "upstream_failed");
}

http::ClientRequest to_upstream(const std::string& target) {
  http::ClientRequest r;
  r.scheme = "http";
  r.host = "127.0.0.1";
  r.target = target;
  r.check_address = [](const std::string& a) { return egress::check_address(a, true); };
  return r;
}

TEST_F(ProxyTest, FetchAnswersWithoutFollowingRedirects) {
  auto r = to_upstream("/echo?x=1");
  r.port = upstream_->port();
  r.method = "POST";
  r.body = "hello";
  r.headers = {{"Content-Type", "text/plain"}};
  auto got = http::fetch(r);
  ASSERT_TRUE(got.ok()) << got.error().detail;
  EXPECT_EQ(got->status, 200);
  EXPECT_EQ(got->address, "127.0.0.1");
  EXPECT_EQ(nlohmann::json::parse(got->body)["body_size"], 5);
  r.target = "/redirect";
  r.method = "GET";
  r.body.clear();
  auto redirect = http::fetch(r);
  ASSERT_TRUE(redirect.ok());
  EXPECT_EQ(redirect->status, 302);
}

TEST_F(ProxyTest, FetchRefusesAddressesTimesOutAndLimitsTheBody) {
  auto r = to_upstream("/echo");
  r.port = upstream_->port();
  r.check_address = [](const std::string& a) { return egress::check_address(a, false); };
  auto refused = http::fetch(r);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::upstream_failed);
  EXPECT_TRUE(upstream_->requests().empty());

  auto slow = to_upstream("/slow/5000");
  slow.port = upstream_->port();
  slow.timeout = std::chrono::milliseconds(200);
  auto late = http::fetch(slow);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, Errc::upstream_timeout);

  auto big = to_upstream("/bytes/100000");
  big.port = upstream_->port();
  big.max_body_bytes = 1000;
  auto large = http::fetch(big);
  ASSERT_FALSE(large.ok());
  EXPECT_EQ(large.error().code, Errc::upstream_failed);
}

TEST_F(ProxyTest, FetchSpeaksTlsAndChecksCertificates) {
  http::ClientRequest r;
  r.host = "127.0.0.1";
  r.port = server_->port();
  r.target = "/p/echo";
  r.check_address = [](const std::string& a) { return egress::check_address(a, true); };
  r.verify_tls = false;
  auto unverified = http::fetch(r);
  ASSERT_TRUE(unverified.ok()) << unverified.error().detail;
  EXPECT_EQ(unverified->status, 200);
  r.verify_tls = true;
  auto verified = http::fetch(r);
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, Errc::upstream_failed);
}

}  // namespace
}  // namespace dx::test
