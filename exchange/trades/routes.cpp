#include "trades/routes.hpp"

#include <memory>

#include "http/router.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using http::Access;
using http::BodyKind;
using http::Method;
using http::Reply;
using http::Request;
using nlohmann::json;
using Handler = void (*)(const Context&, Request&, Reply);

json text_fields(std::initializer_list<const char*> required, std::initializer_list<const char*> optional = {}) {
  json props = json::object();
  for (const char* k : required) props[k] = {{"type", "string"}};
  for (const char* k : optional) props[k] = {{"type", "string"}};
  return {{"type", "object"}, {"required", json(required)}, {"properties", props}};
}

}  // namespace

void add_trade_routes(http::Router& router, Services& services, const files::BlobStore& blobs) {
  auto c = std::make_shared<Context>(Context{services, blobs});
  auto bind = [c](Handler handler) {
    return [c, handler](Request& req, Reply reply) { handler(*c, req, std::move(reply)); };
  };
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades",
              .summary = "Your trades as buyer or seller, newest first; staff: all (query: status, "
                         "limit, cursor)",
              .tag = "trades",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(list_trades),
              .query = http::page_query({{"status", "string", "a trade status"}})});
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades/{id}",
              .summary = "A trade (its parties and staff)",
              .tag = "trades",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_trade)});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/contracts/{id}",
       .summary =
           "The data-use agreement with every O12 item; HTML when Accept prefers text/html or "
           "?format=html",
       .tag = "trades",
       .access = Access::account,
       .statuses = {200},
       .handler = bind(get_contract),
       .query = {{"format", "string", "html for the printable page"}}});
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades/{id}/data",
              .summary = "Download the dataset of a file trade (buyer; recorded; X-Content-SHA256)",
              .tag = "trades",
              .access = Access::account,
              .statuses = {200},
              .produces = "application/octet-stream",
              .handler = bind(get_data)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/trades/{id}/deliver",
       .summary =
           "Deliver an api trade: endpoint, credentials (sealed at rest), instructions (seller)",
       .tag = "trades",
       .access = Access::account,
       .body = BodyKind::json,
       .request_schema = text_fields({"endpoint", "credentials"}, {"instructions"}),
       .statuses = {200},
       .handler = bind(post_deliver)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/trades/{id}/access",
              .summary = "What the seller of an api trade delivered (buyer; recorded)",
              .tag = "trades",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_access)});
  router.add({.method = Method::post,
              .pattern = "/api/v1/trades/{id}/accept",
              .summary = "Accept the delivery: escrow to the seller less the fee (buyer)",
              .tag = "trades",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(post_accept)});
  router.add({.method = Method::post,
              .pattern = "/api/v1/trades/{id}/dispute",
              .summary = "Dispute the delivery for staff to decide (buyer)",
              .tag = "trades",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = text_fields({"reason"}),
              .statuses = {200},
              .handler = bind(post_dispute)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/staff/trades/{id}/resolve",
       .summary = "Decide a dispute: release to the seller or refund the buyer (finance, "
                  "complaints officers)",
       .tag = "trades",
       .access = Access::roles,
       .roles = {"finance", "complaints_officer"},
       .body = BodyKind::json,
       .request_schema = {{"type", "object"},
                          {"required", {"outcome", "reason"}},
                          {"properties",
                           {{"outcome", {{"type", "string"}, {"enum", {"release", "refund"}}}},
                            {"reason", {{"type", "string"}}}}}},
       .statuses = {200},
       .handler = bind(post_resolve)});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/staff/trades",
       .summary =
           "Trades by status, oldest first, e.g. ?status=disputed (finance, complaints officers)",
       .tag = "trades",
       .access = Access::roles,
       .roles = {"finance", "complaints_officer"},
       .statuses = {200},
       .handler = bind(list_staff_trades),
       .query = http::page_query({{"status", "string", "a trade status"}})});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/trades/{id}/certificate",
       .summary =
           "A certificate of the trade signed with the exchange's Ed25519 key (parties, staff)",
       .tag = "trades",
       .access = Access::account,
       .statuses = {200},
       .handler = bind(get_certificate)});
}

}  // namespace dx::trades
