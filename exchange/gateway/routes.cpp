#include "gateway/routes.hpp"

#include <memory>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "egress/address_policy.hpp"
#include "gateway/grants.hpp"
#include "gateway/service.hpp"
#include "accounts/auth.hpp"
#include "core/worker_pool.hpp"
#include "crypto/crypto.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "store/read_pool.hpp"
#include "trades/context.hpp"
#include "trades/service.hpp"

namespace dx::gateway {

namespace {

using http::Method;
using http::Reply;
using http::Request;
using nlohmann::json;

constexpr std::string_view kPrefix = "/gw/";

Call call_of(const Request& req) {
  Call c{.trade_id = req.param("trade_id"), .caller = req.principal->account_id, .method = http::method_name(req.method)};
  split_call_target(req.target, c);
  return c;
}

Result<http::ProxyTarget> forward(Services& s, Service& gateway, Request& req) {
  // A browser's cookie would let another site's page spend the buyer's quota: only bearer
  // tokens and API keys call the gateway.
  if (req.header("authorization") == nullptr)
    return make_error(Errc::unauthenticated, "Call the gateway with Authorization: Bearer <token or API key>.");
  auto call = std::make_shared<const Call>(call_of(req));
  auto admitted = gateway.admit(*call);
  if (!admitted) return admitted.error();
  const auto a = std::make_shared<const Admitted>(std::move(*admitted));
  const auto& up = a->licence->upstream;
  const bool allow_private = s.config.gateway.allow_private_upstreams;
  return http::ProxyTarget{
      .scheme = up.url.scheme,
      .host = up.url.host,
      .port = up.url.port,
      .target = a->target,
      .headers = {{up.auth_header, up.credentials}},
      .timeout = std::chrono::seconds(up.timeout_s),
      .verify_tls = s.config.gateway.verify_upstream_tls,
      .check_address = [allow_private](const std::string& address) {
        return egress::check_address(address, allow_private);
      },
      .done = [&gateway, call, a](const http::ProxyOutcome& o) {
        gateway.finish(*call, *a, o.status, o.upstream_answered, o.bytes_out);
      }};
}


json usage_view(const std::string& trade_id, const Usage& u) {
  json days = json::array();
  for (const auto& [date, c] : u.by_day) days.push_back({{"date", date}, {"calls", c.calls}, {"bytes_out", c.bytes_out}});
  const auto opt = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };
  return {{"trade_id", trade_id}, {"calls", u.calls},     {"bytes_out", u.bytes_out},   {"quota", opt(u.quota)},
          {"remaining", opt(u.remaining)}, {"jobs", u.jobs}, {"epsilon_spent", u.epsilon_spent}, {"by_day", std::move(days)}};
}

void usage(Service& gateway, Services& s, Request& req, const Reply& reply) {
  {
    auto db = s.reads.acquire();
    auto t = trades::trade_for(*db, req.param("id"), trades::caller_of(*req.principal), trades::Party::any);
    if (!t) return http::send_problem(reply, t.error());
  }
  std::optional<std::int64_t> quota;
  if (auto l = gateway.licence(req.param("id")); l && (*l)->delivery_mode == "gateway") quota = (*l)->call_quota;
  http::send_json(reply, 200, usage_view(req.param("id"), gateway.usage(req.param("id"), quota)));
}

// Routes of gateway nodes answer only the bearer of gateway.node_token.
Status node_admitted(Services& s, const Request& req) {
  const std::string& token = s.config.gateway.node_token;
  if (token.empty()) return make_error(Errc::not_found, "This exchange serves no gateway nodes.");
  const auto sent = accounts::bearer_token(req);
  if (!sent || !crypto::constant_time_equal(*sent, token))
    return make_error(Errc::unauthenticated, "Send the gateway node token as a bearer token.");
  return ok_status();
}

void grant(Services& s, Service& gateway, Request& req, const Reply& reply) {
  if (auto st = node_admitted(s, req); !st) return http::send_problem(reply, st.error());
  const auto& body = *req.json_body;
  // The buyer's credential, authenticated as if the buyer had called the exchange.
  Request as_buyer;
  as_buyer.headers["authorization"] = body.at("authorization").get<std::string>();
  std::optional<http::Principal> buyer;
  {
    auto db = s.reads.acquire();
    auto who = accounts::authenticate(as_buyer, *db, s.clock());
    if (!who) return http::send_problem(reply, who.error());
    buyer = std::move(*who);
  }
  if (!buyer) return http::send_problem(reply, make_error(Errc::unauthenticated, "The buyer's credential is not valid."));
  const std::string token_sha = crypto::hex(crypto::sha256(as_buyer.headers["authorization"]));
  auto g = issue_grant(gateway, body.at("trade_id").get<std::string>(), buyer->account_id, token_sha);
  if (!g) return http::send_problem(reply, g.error());
  http::send_json(reply, 200, {{"payload", g->payload}, {"signature", g->signature}, {"key_id", g->key_id},
                               {"credentials_sealed", g->credentials_sealed}});
}

void revocations(Services& s, Service& gateway, Request& req, const Reply& reply) {
  if (auto st = node_admitted(s, req); !st) return http::send_problem(reply, st.error());
  json ended = json::array();
  for (const auto& [trade, e] : ended_licences(gateway, req.json_body->at("trade_ids").get<std::vector<std::string>>()))
    ended.push_back({{"trade_id", trade}, {"code", code_name(e.code)}, {"detail", e.detail}, {"rule", e.rule}});
  http::send_json(reply, 200, {{"ended", std::move(ended)}});
}

void usage_report(Services& s, Service& gateway, Request& req, const Reply& reply) {
  if (auto st = node_admitted(s, req); !st) return http::send_problem(reply, st.error());
  const auto& b = *req.json_body;
  UsageReport r{.node = b.at("node").get<std::string>(), .batch_id = b.at("batch_id").get<std::string>(),
                .items = {}, .log = b.value("log", "")};
  for (const auto& i : b.at("items"))
    r.items.push_back({i.at("grant_id").get<std::string>(), i.at("trade_id").get<std::string>(),
                       i.at("date").get<std::string>(), i.at("calls").get<std::int64_t>(),
                       i.at("bytes_out").get<std::int64_t>()});
  // Written on a worker: it waits for its commit.
  s.workers.post([&gateway, r = std::move(r), reply] {
    if (auto st = accept_report(gateway, r); !st) return http::send_problem(reply, st.error());
    http::send_json(reply, 200, {{"accepted", true}});
  });
}

json string_field(int max) { return {{"type", "string"}, {"minLength", 1}, {"maxLength", max}}; }

json report_schema() {
  const json count = {{"type", "integer"}, {"minimum", 0}};
  const json item = {{"type", "object"},
                     {"required", {"grant_id", "trade_id", "date", "calls", "bytes_out"}},
                     {"additionalProperties", false},
                     {"properties",
                      {{"grant_id", string_field(64)},
                       {"trade_id", string_field(64)},
                       {"date", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}},
                       {"calls", count},
                       {"bytes_out", count}}}};
  return {{"type", "object"},
          {"required", {"node", "batch_id", "items"}},
          {"additionalProperties", false},
          {"properties",
           {{"node", string_field(64)},
            {"batch_id", string_field(64)},
            {"items", {{"type", "array"}, {"maxItems", 100000}, {"items", item}}},
            {"log", {{"type", "string"}}}}}};
}

void add_node_routes(http::Router& router, Services& s, Service& gateway) {
  router.add({.method = Method::post,
              .pattern = "/api/v1/gateway/grants",
              .summary = "A gateway node asks for a signed access grant for a buyer's credential and licence",
              .tag = "data plane",
              .access = http::Access::own_token,
              .body = http::BodyKind::json,
              .request_schema = {{"type", "object"},
                                 {"required", {"trade_id", "authorization"}},
                                 {"additionalProperties", false},
                                 {"properties", {{"trade_id", string_field(64)}, {"authorization", string_field(512)}}}},
              .statuses = {200},
              .handler = [&s, &gateway](Request& req, Reply reply) { grant(s, gateway, req, reply); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/gateway/revocations",
              .summary = "A gateway node asks which of its licences have ended",
              .tag = "data plane",
              .access = http::Access::own_token,
              .body = http::BodyKind::json,
              .request_schema = {{"type", "object"},
                                 {"required", {"trade_ids"}},
                                 {"additionalProperties", false},
                                 {"properties",
                                  {{"trade_ids", {{"type", "array"}, {"maxItems", 100000}, {"items", string_field(64)}}}}}},
              .statuses = {200},
              .handler = [&s, &gateway](Request& req, Reply reply) { revocations(s, gateway, req, reply); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/gateway/usage",
              .summary = "A gateway node reports a batch of calls (written once per batch id)",
              .tag = "data plane",
              .access = http::Access::own_token,
              .body = http::BodyKind::json,
              .request_schema = report_schema(),
              .statuses = {200},
              .handler = [&s, &gateway](Request& req, Reply reply) { usage_report(s, gateway, req, reply); }});
}

}  // namespace

void split_call_target(std::string_view target, Call& c) {
  const auto q = target.find('?');
  if (q != std::string_view::npos) {
    c.query = std::string(target.substr(q + 1));
    target = target.substr(0, q);
  }
  target.remove_prefix(std::min(target.size(), kPrefix.size()));
  const auto slash = target.find('/');
  c.raw_rest = slash == std::string_view::npos ? "" : std::string(target.substr(slash + 1));
}

void add_forward_routes(http::Router& router, http::Access access,
                        std::function<Result<http::ProxyTarget>(http::Request&)> forward) {
  for (const auto m : {Method::get, Method::post, Method::put, Method::patch, Method::del, Method::options}) {
    router.add({.method = m,
                .pattern = "/gw/{trade_id}/{path...}",
                .summary = "Call the seller's API through the exchange under a gateway licence (the trade id)",
                .tag = "data plane",
                .access = access,
                .body = http::BodyKind::proxy,
                .statuses = {200},
                .produces = "*/*",
                .forward = forward});
  }
}

void add_gateway_routes(http::Router& router, Services& s, Service& gateway) {
  add_forward_routes(router, http::Access::account, [&s, &gateway](Request& req) { return forward(s, gateway, req); });
  add_node_routes(router, s, gateway);
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades/{id}/usage",
              .summary = "A licence's use: calls and bytes through the gateway, quota left, by day; a compute licence's accepted jobs and epsilon spent",
              .tag = "data plane",
              .access = http::Access::account,
              .statuses = {200},
              .handler = [&gateway, &s](Request& req, Reply reply) { usage(gateway, s, req, reply); }});
}

}  // namespace dx::gateway
