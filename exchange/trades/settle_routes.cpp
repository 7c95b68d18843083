// The buyer's answer to a delivery and staff's decision on a dispute (API.md: accept → settled,
// dispute → disputed, resolve → settled | refunded). Supervising settlement is O4 (CQ-37(4)); the
// dispute mechanism is O6 (CQ-37, CD-26, SH-54). Each step is one sequencer command through
// move_trade: state, money and record together.
#include "config/config.hpp"
#include "core/services.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/sequencer.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using http::Need;
using http::Reply;
using http::Request;
using settlement::TradeEvent;

void move(const Context& c, const Request& req, Party need, const Move& move, Reply reply) {
  c.s.sequencer.run<TradeRow>(
      [&c, id = req.param("id"), who = caller_of(*req.principal), need, move](store::Tx& tx) {
        return move_trade(tx, c.s.market, c.s.config, id, who, need, move);
      },
      [reply](const Result<TradeRow>& r) { send_trade(reply, r); });
}

}  // namespace

void post_accept(const Context& c, Request& req, Reply reply) {
  const Move m{TradeEvent::buyer_accepted, req.principal->account_id, "trade.accepted",
               {{"fee_bps", c.s.config.settlement.fee_bps}}};
  move(c, req, Party::buyer, m, std::move(reply));
}

void post_dispute(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  http::Fields f(*body);
  auto reason = f.string("reason", Need::required, 1, 4000);
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  const Move m{TradeEvent::buyer_disputed, req.principal->account_id, "trade.disputed", {{"reason", *reason}}};
  move(c, req, Party::buyer, m, std::move(reply));
}

void post_resolve(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  http::Fields f(*body);
  auto outcome = f.one_of("outcome", Need::required, {"release", "refund"});
  auto reason = f.string("reason", Need::required, 1, 4000);
  if (auto st = f.finish(); !st) return http::send_problem(reply, st.error());
  const auto event = *outcome == "release" ? TradeEvent::staff_resolved_release : TradeEvent::staff_resolved_refund;
  const Move m{event, req.principal->account_id, "trade.resolved",
               {{"outcome", *outcome}, {"reason", *reason}, {"fee_bps", c.s.config.settlement.fee_bps}}};
  move(c, req, Party::any, m, std::move(reply));
}

}  // namespace dx::trades
