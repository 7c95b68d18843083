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

http::Route route(Method method, const char* path, const char* summary, const std::shared_ptr<Context>& c,
                  Handler handler) {
  return {.method = method,
          .pattern = std::string("/api/v1") + path,
          .summary = summary,
          .tag = "trades",
          .access = Access::account,
          .statuses = {200},
          .handler = [c, handler](Request& req, Reply reply) { handler(*c, req, std::move(reply)); }};
}

http::Route with_body(http::Route r, json schema) {
  r.body = BodyKind::json;
  r.request_schema = std::move(schema);
  return r;
}

http::Route for_roles(http::Route r, std::vector<std::string> roles) {
  r.access = Access::roles;
  r.roles = std::move(roles);
  return r;
}

}  // namespace

void add_trade_routes(http::Router& router, Services& services, const files::BlobStore& blobs) {
  auto c = std::make_shared<Context>(Context{services, blobs});
  auto trades = route(Method::get, "/trades", "Your trades as buyer or seller, newest first; staff: all (query: status, limit, cursor)", c, list_trades);
  trades.query = http::page_query({{"status", "string", "a trade status"}});
  router.add(std::move(trades));
  router.add(route(Method::get, "/trades/{id}", "A trade (its parties and staff)", c, get_trade));
  router.add(route(Method::get, "/contracts/{id}",
                   "The data-use agreement with every O12 item; HTML when Accept prefers text/html or ?format=html", c,
                   get_contract));
  auto data = route(Method::get, "/trades/{id}/data", "Download the dataset of a file trade (buyer; recorded; X-Content-SHA256)", c, get_data);
  data.produces = "application/octet-stream";
  router.add(std::move(data));
  router.add(with_body(route(Method::post, "/trades/{id}/deliver",
                             "Deliver an api trade: endpoint, credentials (sealed at rest), instructions (seller)", c,
                             post_deliver),
                       text_fields({"endpoint", "credentials"}, {"instructions"})));
  router.add(route(Method::get, "/trades/{id}/access", "What the seller of an api trade delivered (buyer; recorded)", c, get_access));
  router.add(route(Method::post, "/trades/{id}/accept", "Accept the delivery: escrow to the seller less the fee (buyer)", c, post_accept));
  router.add(with_body(route(Method::post, "/trades/{id}/dispute", "Dispute the delivery for staff to decide (buyer)", c, post_dispute),
                       text_fields({"reason"})));
  router.add(for_roles(with_body(route(Method::post, "/staff/trades/{id}/resolve",
                                       "Decide a dispute: release to the seller or refund the buyer (finance, complaints officers)",
                                       c, post_resolve),
                                 {{"type", "object"},
                                  {"required", {"outcome", "reason"}},
                                  {"properties", {{"outcome", {{"type", "string"}, {"enum", {"release", "refund"}}}},
                                                  {"reason", {{"type", "string"}}}}}}),
                       {"finance", "complaints_officer"}));
  router.add(for_roles(route(Method::get, "/staff/trades", "Trades by status, oldest first, e.g. ?status=disputed (finance, complaints officers)", c,
                             list_staff_trades),
                       {"finance", "complaints_officer"}));
  router.add(route(Method::get, "/trades/{id}/certificate",
                   "A certificate of the trade signed with the exchange's Ed25519 key (parties, staff)", c, get_certificate));
}

}  // namespace dx::trades
