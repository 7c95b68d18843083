// Reading trades (API.md "GET /trades, GET /trades/{id}"): each party sees its own trades, staff
// see all (O4 supervision, O8 registration); finance and complaints officers work the disputed
// ones from GET /staff/trades?status=disputed, oldest first.
#include <optional>

#include "config/config.hpp"
#include "core/services.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/read_pool.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;
using settlement::TradeStatus;

// The `status` filter: absent, or one of the API's status names (422 otherwise).
Result<std::optional<std::string>> status_filter(const Request& req) {
  const std::string* s = req.query_param("status");
  if (s == nullptr) return std::optional<std::string>{};
  for (auto st : {TradeStatus::awaiting_delivery, TradeStatus::delivered, TradeStatus::settled,
                  TradeStatus::disputed, TradeStatus::refunded, TradeStatus::frozen})
    if (*s == settlement::to_string(st)) return std::optional<std::string>(*s);
  return field_error("status", "must be one of awaiting_delivery, delivered, settled, disputed, refunded, frozen");
}

Result<repository::TradeFilter> parse_query(const Request& req) {
  repository::TradeFilter q;
  auto page = http::parse_page(req);
  if (!page) return page.error();
  q.limit = page->limit;
  q.cursor = page->cursor;
  auto status = status_filter(req);
  if (!status) return status.error();
  q.status = *status;
  return q;
}

void send_page(const Context& c, const repository::TradeFilter& q, const Reply& reply) {
  auto db = c.s.reads.acquire();
  http::send_json(reply, 200, page_view(find_trades(*db, q)));
}

}  // namespace

void list_trades(const Context& c, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  if (!req.principal->is_staff()) q->party = req.principal->account_id;
  send_page(c, *q, reply);
}

void list_staff_trades(const Context& c, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  q->oldest_first = true;  // a work queue: the longest-waiting dispute first
  send_page(c, *q, reply);
}

void get_trade(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto t = trade_for(*db, req.param("id"), caller_of(*req.principal), Party::any);
  if (!t) return http::send_problem(reply, t.error());
  http::send_json(reply, 200, trade_view(*t));
}

}  // namespace dx::trades
