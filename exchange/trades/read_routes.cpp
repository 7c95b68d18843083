// Reading trades (API.md "GET /trades, GET /trades/{id}"): each party sees its own trades, staff
// see all (O4 supervision, O8 registration); finance and complaints officers work the disputed
// ones from GET /staff/trades?status=disputed, oldest first.
#include <limits>
#include <optional>
#include <vector>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
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

struct Query {
  std::optional<std::string> party;  // only this account's trades; all when unset
  std::optional<std::string> status;
  std::int64_t cursor = 0;           // a trade seq; 0: from the start
  int limit = 50;
  bool oldest_first = false;
};

Result<Query> parse_query(const Request& req) {
  Query q;
  auto page = http::parse_page(req);
  if (!page) return page.error();
  q.limit = page->limit;
  q.cursor = page->cursor;
  auto status = status_filter(req);
  if (!status) return status.error();
  q.status = *status;
  return q;
}

void send_page(store::Db& db, const Query& q, const Reply& reply) {
  const std::int64_t bound = q.cursor > 0 ? q.cursor : (q.oldest_first ? 0 : std::numeric_limits<std::int64_t>::max());
  auto& st = db.cached(
      q.oldest_first
          ? "SELECT id, seq FROM trades WHERE (?1 IS NULL OR buyer_id = ?1 OR seller_id = ?1) AND (?2 IS NULL OR status = ?2) "
            "AND seq > ?3 ORDER BY seq LIMIT ?4"
          : "SELECT id, seq FROM trades WHERE (?1 IS NULL OR buyer_id = ?1 OR seller_id = ?1) AND (?2 IS NULL OR status = ?2) "
            "AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  st.bind(1, q.party).bind(2, q.status).bind(3, bound).bind(4, q.limit);
  std::vector<std::pair<std::string, std::int64_t>> ids;
  while (st.step()) ids.emplace_back(st.text(0), st.int64(1));
  st.reset();
  json items = json::array();
  for (const auto& [id, seq] : ids)
    if (auto t = load_trade(db, id)) items.push_back(trade_view(*t));
  const bool more = static_cast<int>(ids.size()) == q.limit;
  http::send_json(reply, 200, http::page(std::move(items), more ? std::optional(std::to_string(ids.back().second)) : std::nullopt));
}

}  // namespace

void list_trades(const Context& c, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  if (!req.principal->is_staff()) q->party = req.principal->account_id;
  auto db = c.s.reads.acquire();
  send_page(*db, *q, reply);
}

void list_staff_trades(const Context& c, Request& req, Reply reply) {
  auto q = parse_query(req);
  if (!q) return http::send_problem(reply, q.error());
  q->oldest_first = true;  // a work queue: the longest-waiting dispute first
  auto db = c.s.reads.acquire();
  send_page(*db, *q, reply);
}

void get_trade(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto t = trade_for(*db, req.param("id"), *req.principal, Party::any);
  if (!t) return http::send_problem(reply, t.error());
  http::send_json(reply, 200, trade_view(*t));
}

}  // namespace dx::trades
