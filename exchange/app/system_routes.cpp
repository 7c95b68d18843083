#include "app/system_routes.hpp"

#include "app/services.hpp"
#include "http/metrics.hpp"
#include "http/openapi.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"

namespace dx {

namespace {
using http::Reply;
using http::Request;
using nlohmann::json;
}  // namespace

void add_system_routes(http::Router& router, Services& services) {
  using http::Method;
  router.add({.method = Method::get,
              .pattern = "/healthz",
              .summary = "Liveness",
              .tag = "system",
              .statuses = {200},
              .handler = [](Request&, Reply reply) {
                reply(http::json_response(200, R"({"status":"ok"})"));
              }});
  router.add({.method = Method::get,
              .pattern = "/metrics",
              .summary = "Prometheus metrics",
              .tag = "system",
              .statuses = {200},
              .produces = "text/plain",
              .handler = [&services](Request&, Reply reply) {
                http::Response res;
                res.body = services.metrics.render();
                res.set_header("Content-Type", "text/plain; version=0.0.4");
                reply(std::move(res));
              }});
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
