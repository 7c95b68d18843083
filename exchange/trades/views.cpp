// The JSON the trade routes answer with (API.md "Trades, contracts, delivery and settlement").
#include <optional>

#include "http/message.hpp"
#include "http/reply.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;
using settlement::TimerKind;

json due_at(const TradeRow& t, TimerKind kind) {
  if (!t.state.timer || t.state.timer->kind != kind) return nullptr;
  return to_rfc3339(t.state.timer->due);
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

}  // namespace

Caller caller_of(const http::Principal& who) {
  return {who.account_id, who.is_staff(), who.suspended};
}

json trade_view(const TradeRow& t) {
  return {
      {"id", t.id},
      {"offer_id", t.offer_id},
      {"product_id", t.product_id},
      {"product_version", t.product_version},
      {"buyer_id", t.buyer_id},
      {"seller_id", t.seller_id},
      {"price_fen", t.price_fen},
      {"quantity", t.quantity},
      {"amount_fen", t.amount_fen},
      {"fee_fen", t.fee_fen},
      {"escrow_fen", t.escrow_fen},
      {"purpose", t.purpose},
      {"delivery_mode", t.delivery_mode},
      {"status", status_name(t.state)},
      {"contract_id", t.contract_id},
      {"delivery_due_at", due_at(t, TimerKind::delivery)},
      {"acceptance_due_at", due_at(t, TimerKind::acceptance)},
      {"delivered_at", opt(t.delivered_at)},
      {"settled_at", opt(t.settled_at)},
      {"dispute", t.disputed_at ? json{{"reason", opt(t.dispute_reason)}, {"at", *t.disputed_at}}
                                : json(nullptr)},
      {"created_at", t.created_at},
      {"updated_at", t.updated_at}};
}

json access_view(const TradeRow& t, const ApiDelivery& d) {
  return {{"trade_id", t.id},
          {"delivery_mode", t.delivery_mode},
          {"endpoint", d.endpoint},
          {"credentials", d.credentials},
          {"instructions", d.instructions},
          {"delivered_at", opt(t.delivered_at)}};
}

json page_view(const TradePage& page) {
  json items = json::array();
  for (const auto& t : page.trades) items.push_back(trade_view(t));
  return http::page(std::move(items), page.next_cursor
                                          ? std::optional(std::to_string(*page.next_cursor))
                                          : std::nullopt);
}

void send_trade(const http::Reply& reply, const Result<TradeRow>& moved) {
  if (!moved) return http::send_problem(reply, moved.error());
  http::send_json(reply, 200, trade_view(*moved));
}

}  // namespace dx::trades
