#include "trades/trade_moves.hpp"

#include <stdexcept>

#include "market/money.hpp"
#include "money/journal.hpp"
#include "settlement/trade_transition.hpp"
#include "store/sequencer.hpp"
#include "trades/repository.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;
using settlement::Effect;
using settlement::TradeStatus;

Error refused(const TradeRow& t, settlement::TradeEvent event, settlement::TransitionError why) {
  std::string detail = "A trade that is " + status_name(t.state) + " cannot take this step (" +
                       std::string(settlement::to_string(event)) + ")";
  if (why == settlement::TransitionError::timer_not_due) detail += ": its window has not ended yet";
  return make_error(Errc::invalid_state, detail + ".");
}

// The money the move asks for. The ledger refuses without change, so an error here leaves the
// market and the database as they were.
Status move_money(store::Tx& tx, market::Market& market, const Config& config, TradeRow& t, Effect effect) {
  const market::TradeRef ref{t.seq, t.id};
  switch (effect) {
    case Effect::release_escrow_to_seller: {
      auto paid = market::settle(tx, market, ref, t.seller_id, config.settlement.fee_bps);
      if (!paid) return paid.error();
      t.fee_fen = paid->fee_fen;
      t.escrow_fen = 0;
      return ok_status();
    }
    case Effect::refund_buyer: {
      auto back = market::refund(tx, market, ref, t.buyer_id);
      if (!back) return back.error();
      t.escrow_fen = 0;
      return ok_status();
    }
  }
  throw std::logic_error("a trade move with an unknown money effect");
}

// The new state and the times it sets: delivered, settled, disputed (with the buyer's reason).
void take_state(TradeRow& t, const settlement::TradeState& state, const Move& m, const std::string& now) {
  t.state = state;
  if (t.state.status == TradeStatus::delivered) t.delivered_at = now;
  if (t.state.status == TradeStatus::settled) t.settled_at = now;
  if (m.event == settlement::TradeEvent::buyer_disputed) {
    t.dispute_reason = m.note.value("reason", "");
    t.disputed_at = now;
  }
  t.updated_at = now;
}

json record_data(const TradeRow& t, const std::string& from, const settlement::Transition& move, const Move& m) {
  json data = m.note;
  data["event"] = std::string(settlement::to_string(m.event));
  data["from"] = from;
  data["to"] = status_name(t.state);
  if (move.effect) data["effect"] = std::string(settlement::to_string(*move.effect));
  if (move.set_timer) data["timer"] = {{"kind", std::string(settlement::to_string(move.set_timer->kind))},
                                       {"due", to_rfc3339(move.set_timer->due)}};
  return data;
}

}  // namespace

settlement::TradeConfig windows(const Config& config) {
  return {std::chrono::seconds(config.settlement.delivery_window_s),
          std::chrono::seconds(config.settlement.acceptance_window_s)};
}

Result<TradeRow> apply_move(store::Tx& tx, market::Market& market, const Config& config, TradeRow t, const Move& m) {
  auto move = settlement::transition(t.state, m.event, tx.now(), windows(config));
  if (!move) return refused(t, m.event, move.error());
  const std::int64_t journal_before = money::last_entry_id(tx.db());
  if (move->effect)
    if (auto st = move_money(tx, market, config, t, *move->effect); !st) return st.error();
  // From here on nothing refuses: the money has moved, so only a throw (rolling back the whole
  // command and rebuilding the market) may stop the state from being stored with it.
  const std::string from = status_name(t.state);
  take_state(t, move->state, m, tx.now_text());
  repository::save_state(tx, t.id, t.state);
  repository::save_times(tx, t);
  json data = record_data(t, from, *move, m);
  if (move->effect) data["postings"] = money::postings_after(tx.db(), journal_before);
  tx.record(m.actor, m.action, t.id, data);
  return t;
}

}  // namespace dx::trades
