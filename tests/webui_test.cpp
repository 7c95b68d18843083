// The web UI as served by the exchange: static files with strict security headers and no way out
// of the web root, and the cookie session with its CSRF token, beside unchanged bearer clients.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "test_util.hpp"

namespace dx::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kWebRoot = fs::path(__FILE__).parent_path().parent_path() / "web";

class WebUiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess(json{{"web", {{"root", kWebRoot.string()}}}});
    server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static ServerProcess* server_;
};
ServerProcess* WebUiTest::server_ = nullptr;

struct CookieSession {
  std::string cookie;  // "dx_session=…", as a browser sends it back
  std::string csrf;
  std::string set_cookie;
};

CookieSession cookie_sign_in(HttpsClient& c, const std::string& email,
                             const std::string& password) {
  auto r = c.post("/api/v1/sessions", {{"email", email}, {"password", password}, {"cookie", true}});
  EXPECT_EQ(r.status, 201) << r.body;
  CookieSession s;
  s.set_cookie = r.header("set-cookie");
  s.cookie = s.set_cookie.substr(0, s.set_cookie.find(';'));
  s.csrf = r.json().value("csrf_token", "");
  return s;
}

std::string registered(HttpsClient& c, const std::string& stem) {
  const auto email = unique_email(stem);
  auto r = c.post("/api/v1/accounts", {{"email", email},
                                       {"password", "web ui passphrase"},
                                       {"kind", "person"},
                                       {"display_name", "Web"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return email;
}

HttpResponse post_key(HttpsClient& c, const CookieSession& s, const std::string& csrf) {
  std::map<std::string, std::string> headers = {{"Content-Type", "application/json"},
                                                {"Cookie", s.cookie}};
  if (!csrf.empty()) headers["X-CSRF-Token"] = csrf;
  return c.request("POST", "/api/v1/api-keys", R"({"name":"ui"})", headers);
}

void expect_problem(const HttpResponse& r, int status, const std::string& code) {
  EXPECT_EQ(r.status, status) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json().value("code", ""), code) << r.body;
}

TEST_F(WebUiTest, IndexIsHtmlWithAStrictContentSecurityPolicy) {
  HttpsClient c(server_->port());
  auto r = c.get("/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  const auto csp = r.header("content-security-policy");
  for (const char* directive :
       {"default-src 'self'", "script-src 'self'", "style-src 'self'",
        "img-src 'self' data:", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"})
    EXPECT_NE(csp.find(directive), std::string::npos) << directive << " in " << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_FALSE(r.header("etag").empty());
  EXPECT_NE(r.body.find(R"(<script type="module" src="/js/app.js">)"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos) << "no inline script";
  EXPECT_EQ(r.body.find("style="), std::string::npos) << "no inline style";
}

TEST_F(WebUiTest, ScriptsAndStylesCarryTheirMediaTypes) {
  HttpsClient c(server_->port());
  auto js = c.get("/js/app.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(c.get("/js/wizard/wizard.js").header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(c.get("/css/app.css").header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(c.get("/favicon.svg").header("content-type"), "image/svg+xml");
}

TEST_F(WebUiTest, AnUnchangedFileIsNotModifiedForItsETag) {
  HttpsClient c(server_->port());
  auto first = c.get("/js/app.js");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("cache-control"), "no-cache");
  auto again = c.request("GET", "/js/app.js", "", {{"If-None-Match", first.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(c.request("GET", "/js/app.js", "", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(WebUiTest, PathsOutOfTheWebRootAreRefused) {
  HttpsClient c(server_->port());
  for (const char* target :
       {"/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2F..%2F..%2Fetc%2Fpasswd",
        "/js/..%2f..%2fREADME.md", "/js/%2e%2e/%2e%2e/CMakeLists.txt", "/css/..%5c..%5cREADME.md",
        "/js/..%2f..%2fexchange/main.cpp", "/%2e%2e", "/..", "/js/%2e%2e", "/js/.hidden.js",
        "/js/%00app.js", "/js/app.js%00.html", "/../../etc/passwd", "/js/../../README.md",
        "/..%252f..%252fetc/passwd"}) {
    auto r = c.get(target);
    EXPECT_EQ(r.status, 404) << target;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << target;
    EXPECT_EQ(r.body.find("Data exchange"), std::string::npos) << target;
  }
}

TEST_F(WebUiTest, MissingApiPathsAreProblemsAndUnknownPagesFallBackToTheIndex) {
  HttpsClient c(server_->port());
  expect_problem(c.get("/api/v1/no-such-thing"), 404, "not_found");
  expect_problem(c.get("/api"), 404, "not_found");
  expect_problem(c.get("/js/missing.js"), 404, "not_found");
  expect_problem(c.get("/README.md"), 404, "not_found");
  auto page = c.get("/signin");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
}

TEST_F(WebUiTest, StaticFilesAreLeftOutOfTheOpenApiDocument) {
  HttpsClient c(server_->port());
  auto doc = c.get("/api/v1/openapi.json").json();
  for (const char* path : {"/", "/{file}", "/css/{file}", "/js/{file}", "/js/{dir}/{file}"})
    EXPECT_FALSE(doc["paths"].contains(path)) << path;
  EXPECT_TRUE(doc["paths"]["/api/v1/sessions/current"].contains("get"));
}

TEST_F(WebUiTest, CookieSignInSetsASecureHttpOnlyStrictCookieAndNoTokenInTheBody) {
  HttpsClient c(server_->port());
  const auto email = registered(c, "cookie");
  auto r = c.post("/api/v1/sessions",
                  {{"email", email}, {"password", "web ui passphrase"}, {"cookie", true}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto set_cookie = r.header("set-cookie");
  EXPECT_EQ(set_cookie.rfind("dx_session=dxs_", 0), 0u) << set_cookie;
  for (const char* attr : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"})
    EXPECT_NE(set_cookie.find(attr), std::string::npos) << attr << " in " << set_cookie;
  const auto body = r.json();
  EXPECT_FALSE(body.contains("token"));
  EXPECT_FALSE(body.value("csrf_token", "").empty());
  EXPECT_FALSE(body.value("account_id", "").empty());
}

TEST_F(WebUiTest, ACookieChangeNeedsTheSessionsCsrfToken) {
  HttpsClient c(server_->port());
  auto s = cookie_sign_in(c, registered(c, "csrf"), "web ui passphrase");
  expect_problem(post_key(c, s, ""), 403, "csrf_failed");
  expect_problem(post_key(c, s, "not-the-token"), 403, "csrf_failed");
  HttpsClient other(server_->port());
  auto s2 = cookie_sign_in(other, registered(other, "csrf-other"), "web ui passphrase");
  expect_problem(post_key(c, s, s2.csrf), 403, "csrf_failed");
  EXPECT_EQ(post_key(c, s, s.csrf).status, 201);
  // Reading needs no CSRF token.
  EXPECT_EQ(c.request("GET", "/api/v1/me", "", {{"Cookie", s.cookie}}).status, 200);
}

TEST_F(WebUiTest, TheCurrentSessionGivesTheCsrfTokenBackAfterAReload) {
  HttpsClient c(server_->port());
  const auto email = registered(c, "current");
  auto s = cookie_sign_in(c, email, "web ui passphrase");
  auto r = c.request("GET", "/api/v1/sessions/current", "", {{"Cookie", s.cookie}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["csrf_token"], s.csrf);
  EXPECT_EQ(r.json()["cookie"], true);
  HttpsClient bearer(server_->port());
  auto session =
      bearer.post("/api/v1/sessions", {{"email", email}, {"password", "web ui passphrase"}});
  bearer.token = session.json()["token"];
  auto b = bearer.get("/api/v1/sessions/current");
  ASSERT_EQ(b.status, 200);
  EXPECT_TRUE(b.json()["csrf_token"].is_null());
  EXPECT_EQ(b.json()["cookie"], false);
}

TEST_F(WebUiTest, SigningOutClearsTheCookieAndEndsTheSession) {
  HttpsClient c(server_->port());
  auto s = cookie_sign_in(c, registered(c, "signout"), "web ui passphrase");
  auto r = c.request("DELETE", "/api/v1/sessions/current", "",
                     {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}});
  EXPECT_EQ(r.status, 204);
  const auto cleared = r.header("set-cookie");
  EXPECT_EQ(cleared.rfind("dx_session=;", 0), 0u) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos);
  // The old cookie is now no credential at all: public pages work, private ones want a sign-in.
  EXPECT_EQ(c.request("GET", "/", "", {{"Cookie", s.cookie}}).status, 200);
  expect_problem(c.request("GET", "/api/v1/me", "", {{"Cookie", s.cookie}}), 401,
                 "unauthenticated");
}

TEST_F(WebUiTest, AStaleCookieDoesNotStandInTheWayOfSigningIn) {
  HttpsClient c(server_->port());
  const auto email = registered(c, "stale");
  const std::map<std::string, std::string> stale = {{"Cookie", "dx_session=dxs_not-a-session"},
                                                    {"Content-Type", "application/json"}};
  auto r = c.request(
      "POST", "/api/v1/sessions",
      json{{"email", email}, {"password", "web ui passphrase"}, {"cookie", true}}.dump(), stale);
  EXPECT_EQ(r.status, 201) << r.body;
}

TEST_F(WebUiTest, BearerClientsAreUnaffected) {
  HttpsClient c(server_->port());
  const auto email = registered(c, "bearer");
  auto r = c.post("/api/v1/sessions", {{"email", email}, {"password", "web ui passphrase"}});
  ASSERT_EQ(r.status, 201);
  EXPECT_TRUE(r.header("set-cookie").empty());
  EXPECT_EQ(r.json()["token"].get<std::string>().rfind("dxs_", 0), 0u);
  EXPECT_FALSE(r.json().contains("csrf_token"));
  c.token = r.json()["token"];
  EXPECT_EQ(c.post("/api/v1/api-keys", {{"name", "script"}}).status, 201);
  // With both, the Authorization header decides and no CSRF token is asked for.
  HttpsClient web(server_->port());
  auto s = cookie_sign_in(web, registered(web, "bearer-web"), "web ui passphrase");
  auto both = c.request("POST", "/api/v1/api-keys", R"({"name":"both"})",
                        {{"Content-Type", "application/json"}, {"Cookie", s.cookie}});
  EXPECT_EQ(both.status, 201) << both.body;
  auto bad = c.request("GET", "/api/v1/me", "",
                       {{"Authorization", "Bearer dxs_wrong"}, {"Cookie", s.cookie}});
  expect_problem(bad, 401, "unauthenticated");
  auto out = c.del("/api/v1/sessions/current");
  EXPECT_EQ(out.status, 204);
  EXPECT_TRUE(out.header("set-cookie").empty());
}

// A web root with a link that leads out of it, and a file of a kind the UI does not use.
TEST(WebUiRoot, LinksOutOfTheRootAndOtherKindsOfFileAreNotServed) {
  const fs::path dir = fs::temp_directory_path() / ("dx-web-" + std::to_string(::getpid()));
  fs::create_directories(dir / "web" / "js");
  std::ofstream(dir / "web" / "index.html") << "<!doctype html><title>t</title>";
  std::ofstream(dir / "secret.js") << "secret";
  std::ofstream(dir / "web" / "notes.md") << "notes";
  fs::create_symlink(dir / "secret.js", dir / "web" / "js" / "leak.js");
  {
    ServerProcess server(json{{"web", {{"root", (dir / "web").string()}}}});
    server.start();
    HttpsClient c(server.port());
    EXPECT_EQ(c.get("/").status, 200);
    EXPECT_EQ(c.get("/js/leak.js").status, 404);
    EXPECT_EQ(c.get("/notes.md").status, 404);
  }
  fs::remove_all(dir);
}

TEST(WebUiRoot, AMissingRootLeavesTheApiServing) {
  ServerProcess server(json{{"web", {{"root", "/nonexistent/web"}}}});
  server.start();
  HttpsClient c(server.port());
  EXPECT_EQ(c.get("/healthz").status, 200);
  expect_problem(c.get("/"), 404, "not_found");
  EXPECT_NE(server.log_text().find("web_ui_missing"), std::string::npos);
}

}  // namespace
}  // namespace dx::test
