#include "orders/routes.hpp"

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "idempotency/idempotent.hpp"
#include "orders/order_json.hpp"
#include "orders/order_service.hpp"
#include "orders/repository.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::orders {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

constexpr std::int64_t kMaxPriceFen = 1'000'000'000'000'000;
constexpr std::int64_t kMaxQuantity = 1'000'000'000;

Result<OrderRequest> parse_order(const json& body) {
  http::Fields f(body);
  OrderRequest r;
  r.offer_id = f.string("offer_id", http::Need::required, 1, 100).value_or("");
  const auto side = f.one_of("side", http::Need::required, {"buy", "sell"}).value_or("");
  r.price_fen = f.integer("price_fen", http::Need::required, 1, kMaxPriceFen).value_or(0);
  r.quantity = f.integer("quantity", http::Need::required, 1, kMaxQuantity).value_or(0);
  const auto tif =
      f.one_of("time_in_force", http::Need::optional, {"GTC", "IOC", "FOK"}).value_or("GTC");
  r.purpose = f.string("purpose", http::Need::optional, 0, 100).value_or("");
  r.side = parse_side(side).value_or(Side::buy);
  r.time_in_force = parse_time_in_force(tif).value_or(TimeInForce::gtc);
  if (side == "buy" && r.purpose.empty())
    f.add_error("purpose", "is required for a buy order: one of the offer's purposes (O12)");
  std::int64_t amount = 0;
  if (__builtin_mul_overflow(r.price_fen, r.quantity, &amount))
    f.add_error("quantity", "price_fen × quantity is too large");
  if (auto st = f.finish(); !st) return st.error();
  return r;
}

Caller caller_of(const http::Principal& p) {
  return Caller{p.account_id, p.kyc_status == "verified", p.suspended, p.jurisdiction};
}

// The order and its trades as 201, or the recorded refusal as its problem: the refusal's record
// is kept (O3), so it is answered, not returned as an error that would roll it back.
Result<Answer> placed_answer(Result<Placed> placed) {
  if (!placed) return placed.error();
  if (auto& refusal = placed->refused)
    return Answer{http::http_status(refusal->code), nullptr, std::move(*refusal), {}};
  return Answer{201, nullptr, std::nullopt,
                order_json_text(placed->order, fills_json_text(placed->trades))};
}

void post_order(Services& s, Request& req, Reply reply) {
  if (req.principal->is_staff())
    return http::send_problem(reply, make_error(Errc::forbidden, "Staff accounts do not trade."));
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto order = parse_order(*body);
  if (!order) return http::send_problem(reply, order.error());
  run_idempotent(
      s, req, "POST /orders",
      [&s, caller = caller_of(*req.principal), order = std::move(*order)](store::Tx& tx) {
        return placed_answer(place_order(tx, s, caller, order));
      },
      std::move(reply));
}

void delete_order(Services& s, Request& req, Reply reply) {
  s.sequencer.run<json>(
      [&s, account = req.principal->account_id,
       id = req.param("id")](store::Tx& tx) -> Result<json> {
        auto cancelled = cancel_order(tx, s, account, id);
        if (!cancelled) return cancelled.error();
        return order_json(*cancelled);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void list_orders(Services& s, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const std::string* status = req.query_param("status");
  const auto wanted = status ? parse_status(*status) : std::nullopt;
  if (status && !wanted)
    return http::send_problem(
        reply, field_error("status", "must be one of: open, partially_filled, filled, cancelled"));
  // `open` means still resting in the book, partially filled ones included (API.md).
  const repository::OrdersPage owned{req.principal->account_id, wanted, q->cursor, q->limit};
  auto db = s.reads.acquire();
  const auto seqs = repository::order_seqs(*db, owned);
  std::vector<std::string> items;
  items.reserve(seqs.size());
  for (const auto seq : seqs) items.push_back(order_json_text(*repository::order_by_seq(*db, seq)));
  const bool more = static_cast<int>(seqs.size()) == q->limit;
  reply(http::json_response(
      200,
      http::page_text(items, more ? std::optional(std::to_string(seqs.back())) : std::nullopt)));
}

// The book as stored: resting orders are written in the same transaction that changes the
// in-memory book, so the committed rows are the book.
void get_book(Services& s, Request& req, Reply reply) {
  auto db = s.reads.acquire();
  if (!repository::offer_exists(*db, req.param("id")))
    return http::send_problem(reply, make_error(Errc::not_found, "No such offer."));
  json bids = json::array(), asks = json::array();
  for (const auto& l : repository::book_levels(*db, req.param("id"))) {
    json level = {{"price_fen", l.price_fen}};
    level["quantity"] = l.unlimited ? json(nullptr) : json(l.quantity);
    if (l.unlimited) level["unlimited"] = true;
    (l.side == Side::buy ? bids : asks).push_back(std::move(level));
  }
  http::send_json(reply, 200, {{"offer_id", req.param("id")}, {"bids", bids}, {"asks", asks}});
}

}  // namespace

void add_order_routes(http::Router& router, Services& s) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  const json str = {{"type", "string"}};
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/orders",
       .summary =
           "Place an order (pre-trade checks in order: 403 account_suspended O14, 403 kyc_required "
           "O2, "
           "404 unknown offer, 409 product_not_tradable (not listed; seller suspended, O14), "
           "403 not_seller, 422 purpose_not_permitted O12, 403 cross_border_prohibited P8, "
           "409 insufficient_funds; a buy reserves price × quantity; Idempotency-Key)",
       .tag = "orders",
       .access = Access::account,
       .body = BodyKind::json,
       .request_schema = {{"type", "object"},
                          {"required", {"offer_id", "side", "price_fen", "quantity"}},
                          {"properties",
                           {{"offer_id", str},
                            {"side", {{"type", "string"}, {"enum", {"buy", "sell"}}}},
                            {"price_fen", {{"type", "integer"}, {"minimum", 1}}},
                            {"quantity", {{"type", "integer"}, {"minimum", 1}}},
                            {"time_in_force",
                             {{"type", "string"}, {"enum", {"GTC", "IOC", "FOK"}}}},
                            {"purpose", str}}}},
       .statuses = {201},
       .handler = [&s](Request& req, Reply reply) { post_order(s, req, std::move(reply)); }});
  router.add(
      {.method = Method::del,
       .pattern = "/api/v1/orders/{id}",
       .summary = "Cancel your resting order; a buy's reservation is released",
       .tag = "orders",
       .access = Access::account,
       .statuses = {200},
       .handler = [&s](Request& req, Reply reply) { delete_order(s, req, std::move(reply)); }});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/orders",
       .summary = "Your orders (query: status = open | partially_filled | filled | cancelled, "
                  "limit, cursor)",
       .tag = "orders",
       .access = Access::account,
       .statuses = {200},
       .handler = [&s](Request& req, Reply reply) { list_orders(s, req, std::move(reply)); },
       .query = http::page_query({{"status", "string", "open | partially_filled | filled | cancelled"}})});
  router.add({.method = Method::get,
              .pattern = "/api/v1/offers/{id}/book",
              .summary = "An offer's order book aggregated by price (an unlimited standing ask "
                         "shows quantity null)",
              .tag = "orders",
              .access = Access::anyone,
              .statuses = {200},
              .handler = [&s](Request& req, Reply reply) { get_book(s, req, std::move(reply)); }});
}

}  // namespace dx::orders
