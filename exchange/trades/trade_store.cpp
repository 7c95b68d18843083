#include "trades/trade_store.hpp"

#include <stdexcept>

#include "store/db.hpp"

namespace dx::trades {

namespace {

using settlement::TimerKind;
using settlement::TradeStatus;

TradeStatus parse_status(const std::string& s) {
  for (auto st : {TradeStatus::pending, TradeStatus::awaiting_delivery, TradeStatus::delivered, TradeStatus::settled,
                  TradeStatus::disputed, TradeStatus::refunded, TradeStatus::frozen})
    if (settlement::to_string(st) == s) return st;
  throw std::runtime_error("unknown stored trade status " + s);
}

TimerKind parse_timer(const std::string& s) {
  if (s == settlement::to_string(TimerKind::delivery)) return TimerKind::delivery;
  if (s == settlement::to_string(TimerKind::acceptance)) return TimerKind::acceptance;
  throw std::runtime_error("unknown stored timer kind " + s);
}

constexpr const char* kColumns =
    "seq, id, offer_id, product_id, product_version, buy_order_id, sell_order_id, buyer_id, seller_id, price_fen, "
    "quantity, amount_fen, fee_fen, escrow_fen, purpose, delivery_mode, contract_id, delivered_at, settled_at, "
    "created_at, updated_at, status, timer_kind, timer_due, frozen_from, paused_timer_kind, paused_remaining_ms, "
    "dispute_reason, disputed_at";

settlement::TradeState state_from(store::Stmt& st, int c) {
  settlement::TradeState s;
  s.status = parse_status(st.text(c));
  s.delivery = st.text(15) == "file" ? settlement::DeliveryKind::file : settlement::DeliveryKind::api;
  if (!st.is_null(c + 1)) {
    auto due = parse_rfc3339(st.text(c + 2));
    if (!due) throw std::runtime_error("unreadable stored timer");
    s.timer = settlement::Timer{parse_timer(st.text(c + 1)), *due};
  }
  if (!st.is_null(c + 3)) {
    settlement::Frozen f{parse_status(st.text(c + 3)), std::nullopt};
    if (!st.is_null(c + 4))
      f.timer = settlement::PausedTimer{parse_timer(st.text(c + 4)), std::chrono::milliseconds(st.int64(c + 5))};
    s.frozen = f;
  }
  return s;
}

}  // namespace

std::optional<TradeRow> load_trade(store::Db& db, const std::string& id) {
  auto& st = db.cached(std::string("SELECT ") + kColumns + " FROM trades WHERE id = ?");
  st.bind(1, id);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  TradeRow t;
  t.seq = st.int64(0);
  t.id = st.text(1);
  t.offer_id = st.text(2);
  t.product_id = st.text(3);
  t.product_version = st.int64(4);
  t.buy_order_id = st.text(5);
  t.sell_order_id = st.text(6);
  t.buyer_id = st.text(7);
  t.seller_id = st.text(8);
  t.price_fen = st.int64(9);
  t.quantity = st.int64(10);
  t.amount_fen = st.int64(11);
  t.fee_fen = st.int64(12);
  t.escrow_fen = st.int64(13);
  t.purpose = st.text(14);
  t.delivery_mode = st.text(15);
  t.contract_id = st.text(16);
  t.delivered_at = st.opt_text(17);
  t.settled_at = st.opt_text(18);
  t.created_at = st.text(19);
  t.updated_at = st.text(20);
  t.state = state_from(st, 21);
  t.dispute_reason = st.opt_text(27);
  t.disputed_at = st.opt_text(28);
  st.reset();
  return t;
}

void save_state(store::Db& db, const std::string& id, const settlement::TradeState& s, TimePoint now) {
  auto& st = db.cached(
      "UPDATE trades SET status = ?, timer_kind = ?, timer_due = ?, frozen_from = ?, paused_timer_kind = ?, "
      "paused_remaining_ms = ?, updated_at = ? WHERE id = ?");
  st.bind(1, std::string(settlement::to_string(s.status)));
  if (s.timer) st.bind(2, std::string(settlement::to_string(s.timer->kind))).bind(3, to_rfc3339(s.timer->due));
  else st.bind_null(2).bind_null(3);
  if (s.frozen) {
    st.bind(4, std::string(settlement::to_string(s.frozen->from)));
    if (s.frozen->timer) {
      st.bind(5, std::string(settlement::to_string(s.frozen->timer->kind)));
      st.bind(6, static_cast<std::int64_t>(
                     std::chrono::duration_cast<std::chrono::milliseconds>(s.frozen->timer->remaining).count()));
    } else {
      st.bind_null(5).bind_null(6);
    }
  } else {
    st.bind_null(4).bind_null(5).bind_null(6);
  }
  st.bind(7, to_rfc3339(now)).bind(8, id).run();
  st.reset();
}

std::string status_name(const settlement::TradeState& state) { return std::string(settlement::to_string(state.status)); }

}  // namespace dx::trades
