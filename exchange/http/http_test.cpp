// Router, body parsing and problem rendering: the pure parts of the HTTP edge.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "http/body_schema.hpp"
#include "http/json_body.hpp"
#include "http/message.hpp"
#include "http/router.hpp"

namespace dx::http {
namespace {

void noop(Request&, Reply) {}

Router sample_router() {
  Router r;
  r.add({.method = Method::get, .pattern = "/api/v1/files/{id}", .handler = noop});
  r.add({.method = Method::get, .pattern = "/api/v1/files/latest", .handler = noop});
  r.add({.method = Method::post, .pattern = "/api/v1/files", .handler = noop});
  return r;
}

TEST(Router, CapturesParametersAndPrefersLiteralSegments) {
  auto r = sample_router();
  auto m = r.match(Method::get, "/api/v1/files/abc");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "abc");
  auto lit = r.match(Method::get, "/api/v1/files/latest");
  ASSERT_NE(lit.route, nullptr);
  EXPECT_EQ(lit.route->pattern, "/api/v1/files/latest");
}

TEST(Router, OtherMethodIsKnownPathAndHeadMatchesGet) {
  auto r = sample_router();
  auto m = r.match(Method::del, "/api/v1/files");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.path_known);
  EXPECT_NE(r.match(Method::head, "/api/v1/files/x").route, nullptr);
}

TEST(Router, UnknownPathsAndTrailingSlashDoNotMatch) {
  auto r = sample_router();
  EXPECT_EQ(r.match(Method::get, "/api/v1/nothing").route, nullptr);
  EXPECT_FALSE(r.match(Method::get, "/api/v1/nothing").path_known);
  EXPECT_EQ(r.match(Method::post, "/api/v1/files/").route, nullptr);
}

Result<ProxyTarget> no_target(Request&) { return make_error(Errc::not_found, "none"); }

Router rest_router() {
  Router r;
  r.add({.method = Method::get, .pattern = "/gw/{id}/{path...}", .body = BodyKind::proxy, .forward = no_target});
  r.add({.method = Method::get, .pattern = "/gw/{id}/status", .handler = noop});
  r.add({.method = Method::get, .pattern = "/gw/{id}/{single}/x", .handler = noop});
  return r;
}

TEST(Router, RestParameterTakesTheRemainingDecodedSegments) {
  auto r = rest_router();
  auto m = r.match(Method::get, "/gw/t1/a/b c/d");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/gw/{id}/{path...}");
  EXPECT_EQ(m.params.at("id"), "t1");
  EXPECT_EQ(m.params.at("path"), "a/b c/d");
  EXPECT_EQ(r.match(Method::get, "/gw/t1/one").params.at("path"), "one");
  EXPECT_EQ(r.match(Method::get, "/gw/t1").route, nullptr);  // one segment at least
  EXPECT_TRUE(r.match(Method::post, "/gw/t1/a/b").path_known);
}

TEST(Router, LiteralAndSingleParameterRoutesBeatTheRest) {
  auto r = rest_router();
  EXPECT_EQ(r.match(Method::get, "/gw/t1/status").route->pattern, "/gw/{id}/status");
  EXPECT_EQ(r.match(Method::get, "/gw/t1/y/x").route->pattern, "/gw/{id}/{single}/x");
  EXPECT_EQ(r.match(Method::get, "/gw/t1/y/z").route->pattern, "/gw/{id}/{path...}");
}

TEST(Router, ProxyRoutesNeedForwardOthersAHandler) {
  Router r;
  EXPECT_THROW(r.add({.method = Method::get, .pattern = "/a/{p...}", .body = BodyKind::proxy}), std::logic_error);
  EXPECT_THROW(r.add({.method = Method::get, .pattern = "/b", .forward = no_target}), std::logic_error);
}

Request json_request(std::string body, std::string type = "application/json") {
  Request req;
  req.body = std::move(body);
  req.headers["content-type"] = std::move(type);
  return req;
}

TEST(JsonBody, MediaTypeAndSyntaxAreChecked) {
  EXPECT_EQ(json_object_body(json_request("{}", "text/plain")).error().code, Errc::unsupported_media_type);
  EXPECT_TRUE(json_object_body(json_request("{}", "application/json; charset=utf-8")).ok());
  EXPECT_EQ(json_object_body(json_request("{oops")).error().code, Errc::malformed_json);
  EXPECT_EQ(json_object_body(json_request("[]")).error().code, Errc::malformed_json);
  EXPECT_TRUE(json_object_body(json_request("", "")).value().empty());
}

TEST(JsonBody, FieldsCollectEveryErrorWithItsName) {
  const auto body = nlohmann::json::parse(R"({"name": 5, "count": 10, "kind": "x", "nested": {"a": 1}})");
  Fields f(body);
  f.string("name", Need::required);
  f.integer("count", Need::required, 0, 5);
  f.one_of("kind", Need::required, {"a", "b"});
  f.string("missing", Need::required);
  EXPECT_FALSE(f.string("absent", Need::optional).has_value());
  Fields nested(body["nested"], "nested");
  nested.string("a", Need::required);
  f.merge(nested);
  auto st = f.finish();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, Errc::validation_failed);
  std::vector<std::string> names;
  for (const auto& e : st.error().errors) names.push_back(e.field);
  EXPECT_EQ(names, (std::vector<std::string>{"name", "count", "kind", "missing", "nested.a"}));
}

TEST(JsonBody, LengthsCountCharactersNotBytes) {
  const auto body = nlohmann::json::parse(R"({"password": "一二三四五六七八九十一二"})");
  Fields f(body);
  EXPECT_TRUE(f.string("password", Need::required, 12, 12).has_value());
  EXPECT_EQ(utf8_length("\xff"), std::string::npos);
}

TEST(Problem, RendersRfc9457WithRuleAndRetryAfter) {
  Error e = legal_error(Errc::kyc_required, "verify first", "O2", "CQ-37(2)");
  auto r = problem_response(e);
  EXPECT_EQ(r.status, 403);
  const auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["code"], "kyc_required");
  EXPECT_EQ(j["rule"], "O2");
  EXPECT_EQ(j["basis"], "CQ-37(2)");
  EXPECT_EQ(j["title"], "Forbidden");
  Error slow = make_error(Errc::too_many_requests, "slow down");
  slow.retry_after_s = 7;
  auto s = problem_response(slow);
  bool retry = false;
  for (const auto& [k, v] : s.headers) retry |= k == "Retry-After" && v == "7";
  EXPECT_TRUE(retry);
}

TEST(Problem, EveryCodeHasOneStatusAndAName) {
  for (int c = 0; c <= static_cast<int>(Errc::unavailable); ++c) {
    const auto code = static_cast<Errc>(c);
    EXPECT_GE(http_status(code), 400);
    EXPECT_STRNE(code_name(code), "");
  }
  EXPECT_EQ(http_status(Errc::email_taken), 409);
  EXPECT_EQ(http_status(Errc::purpose_not_permitted), 422);
}

}  // namespace
}  // namespace dx::http

namespace dx::http {
namespace {

TEST(Page, DefaultsAndBoundsOfLimitAndCursor) {
  Request req;
  auto q = parse_page(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 50);
  EXPECT_EQ(q->cursor, 0);
  req.query = {{"limit", "500"}, {"cursor", "42"}};
  q = parse_page(req);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->limit, 500);
  EXPECT_EQ(q->cursor, 42);
  req.query = {{"limit", "501"}};
  EXPECT_EQ(parse_page(req).error().errors.at(0).field, "limit");
  req.query = {{"cursor", "-1"}};
  EXPECT_EQ(parse_page(req).error().errors.at(0).field, "cursor");
}

// The body's schema names each bad field once, in Fields' names and words.
TEST(BodySchema, NamesEachBadFieldInTheWordsOfFields) {
  const nlohmann::json schema = {
      {"type", "object"},
      {"required", {"name", "kind"}},
      {"properties",
       {{"name", {{"type", "string"}, {"minLength", 3}}},
        {"kind", {{"type", "string"}, {"enum", {"person", "organization"}}}},
        {"count", {{"type", "integer"}, {"minimum", 1}, {"maximum", 9}}},
        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
        {"rights", {{"type", "object"}, {"properties", {{"holder", {{"type", "string"}}}}}}}}}};
  const BodySchema checker(schema);
  EXPECT_TRUE(checker.check({{"name", "abc"}, {"kind", "person"}, {"count", nullptr}}).ok());
  const auto bad = checker.check(
      {{"name", "ab"}, {"kind", "robot"}, {"count", 10}, {"tags", {"a", 2}}, {"rights", {{"holder", 5}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
  std::map<std::string, std::string> got;
  for (const auto& e : bad.error().errors) got[e.field] = e.message;
  EXPECT_EQ(got, (std::map<std::string, std::string>{{"name", "must be at least 3 characters long"},
                                                     {"kind", "must be one of: person, organization"},
                                                     {"count", "must be between 1 and 9"},
                                                     {"tags", "must be a string"},
                                                     {"rights.holder", "must be a string"}}));
  const auto missing = checker.check(nlohmann::json::object());
  ASSERT_FALSE(missing.ok());
  ASSERT_EQ(missing.error().errors.size(), 2u);
  EXPECT_EQ(missing.error().errors[0].message, "is required");
}

}  // namespace
}  // namespace dx::http
