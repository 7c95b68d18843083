#include <optional>

#include "http/message.hpp"
#include "trades/context.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;
using settlement::TimerKind;

json due_at(const TradeRow& t, TimerKind kind) {
  if (!t.state.timer || t.state.timer->kind != kind) return nullptr;
  return to_rfc3339(t.state.timer->due);
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

const char* party_name(Party p) { return p == Party::buyer ? "buyer" : "seller"; }

}  // namespace

Result<TradeRow> trade_for(store::Db& db, const std::string& id, const http::Principal& who, Party need) {
  auto t = load_trade(db, id);
  const bool buyer = t && t->buyer_id == who.account_id;
  const bool seller = t && t->seller_id == who.account_id;
  if (!t || !(buyer || seller || who.is_staff())) return make_error(Errc::not_found, "No such trade.");
  if ((need == Party::buyer && !buyer) || (need == Party::seller && !seller))
    return make_error(Errc::forbidden, std::string("Only the trade's ") + party_name(need) + " may do this.");
  return std::move(*t);
}

json trade_view(const TradeRow& t) {
  return {{"id", t.id},
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
          {"dispute", t.disputed_at ? json{{"reason", opt(t.dispute_reason)}, {"at", *t.disputed_at}} : json(nullptr)},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at}};
}

}  // namespace dx::trades
