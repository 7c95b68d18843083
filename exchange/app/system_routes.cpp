#include "app/system_routes.hpp"

#include "accounts/auth.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"

namespace dx {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

void send_metrics(Services& services, const Reply& reply) {
  http::Response res;
  res.body = services.metrics.render();
  res.set_header("Content-Type", "text/plain; version=0.0.4");
  reply(std::move(res));
}

http::Route healthz_route() {
  return {.method = http::Method::get,
          .pattern = "/healthz",
          .summary = "Liveness",
          .tag = "system",
          .statuses = {200},
          .handler = [](Request&, Reply reply) { reply(http::json_response(200, R"({"status":"ok"})")); }};
}

// On the public listener, /metrics answers only the bearer of metrics.token: the figures tell an
// outsider how busy the exchange is and which routes fail.
void public_metrics(Services& services, Request& req, const Reply& reply) {
  const std::string& token = services.config.metrics.token;
  if (token.empty())
    return http::send_problem(reply, make_error(Errc::not_found, "Metrics are served on the metrics listener."));
  const auto sent = accounts::bearer_token(req);
  if (!sent || !crypto::constant_time_equal(*sent, token)) return http::send_problem(reply, make_error(Errc::unauthenticated, "Send the metrics token as a bearer token."));
  send_metrics(services, reply);
}

}  // namespace

void add_metrics_listener_routes(http::Router& router, Services& services) {
  router.add(healthz_route());
  router.add({.method = http::Method::get,
              .pattern = "/metrics",
              .summary = "Prometheus metrics",
              .tag = "system",
              .statuses = {200},
              .produces = "text/plain",
              .handler = [&services](Request&, Reply reply) { send_metrics(services, reply); }});
}

void add_system_routes(http::Router& router, Services& services) {
  using http::Method;
  router.add(healthz_route());
  router.add({.method = Method::get,
              .pattern = "/metrics",
              .summary = "Prometheus metrics (with the metrics token; see also metrics.listen)",
              .tag = "system",
              .access = http::Access::own_token,
              .statuses = {200},
              .produces = "text/plain",
              .handler = [&services](Request& req, Reply reply) { public_metrics(services, req, reply); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/exchange/keys",
              .summary = "The exchange's public signing keys (trade certificates, record heads)",
              .tag = "system",
              .statuses = {200},
              .handler = [&services](Request&, Reply reply) {
                const auto& k = services.signing_key;
                http::send_json(reply, 200,
                                {{"keys", {{{"key_id", k.key_id()}, {"algorithm", "Ed25519"},
                                            {"public_key_pem", k.public_key_pem()}}}}});
              }});
  // Rendered once all routes are registered: this one is added last and documents itself.
  auto doc = std::make_shared<std::string>();
  router.add({.method = Method::get,
              .pattern = "/api/v1/openapi.json",
              .summary = "This API as OpenAPI 3",
              .tag = "system",
              .statuses = {200},
              .handler = [doc](Request&, Reply reply) { reply(http::json_response(200, *doc)); }});
  *doc = http::openapi_document(router, "1.0.0").dump();
}

}  // namespace dx
