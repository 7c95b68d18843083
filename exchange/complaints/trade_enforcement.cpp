// The trades side of enforcement.hpp: freezing, resuming and refunding through the trade state
// machine (settlement::transition via trades::apply_move), so that each move, its paused or
// restarted timer and its refund are stored and recorded together (O4, O13).
#include <stdexcept>
#include <vector>

#include "complaints/enforcement.hpp"
#include "complaints/notifications.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/repository.hpp"
#include "trades/trade_moves.hpp"

namespace dx::complaints {

using trades::repository::TradeSet;

namespace {

using settlement::TradeEvent;
using settlement::TradeStatus;
using trades::TradeRow;

bool trade_open(TradeStatus s) {
  return s == TradeStatus::awaiting_delivery || s == TradeStatus::delivered ||
         s == TradeStatus::disputed;
}

std::vector<TradeRow> trades_of(store::Db& db, const std::string& product_id, TradeSet set) {
  std::vector<TradeRow> out;
  for (const auto& id : trades::repository::trade_ids_of(db, product_id, set))
    out.push_back(*trades::load_trade(db, id));
  return out;
}

// One move of the trade state machine for the complaint. The caller picked trades in a state the
// move applies to, so a refusal is a broken invariant: the whole command rolls back.
TradeRow step_trade(store::Tx& tx, const Context& c, const Case& k, TradeRow t, TradeEvent event,
                    const char* action) {
  const trades::Move m{event, k.actor, action, why(k)};
  auto moved = trades::apply_move(tx, c.s.market, c.s.config, std::move(t), m);
  if (!moved)
    throw std::logic_error("a complaint's trade move was refused: " + moved.error().detail);
  return std::move(*moved);
}

void tell(store::Tx& tx, const std::string& account, const char* kind, const TradeRow& t,
          const std::string& text) {
  notify(tx, {account, kind, t.id, text + " (O13, CQO-41).", "O13", "CQO-41"});
}

std::string trade_words(const TradeRow& t, const std::string& title) {
  return "Your trade " + t.id + " of '" + title + "'";
}

void freeze(store::Tx& tx, const Context& c, const Case& k, TradeRow t, const std::string& title) {
  t = step_trade(tx, c, k, std::move(t), TradeEvent::complaint_froze, "trade.frozen");
  const std::string about = k.complaint.trade_id ? "it" : "the product";
  tell(tx, t.buyer_id, "trade.frozen", t,
       trade_words(t, title) + " is frozen while a complaint about " + about +
           " is verified; its time limits are paused and your payment stays in escrow");
  if (k.complaint.trade_id)
    tell(tx, t.seller_id, "trade.frozen", t,
         trade_words(t, title) +
             " is frozen while a complaint about it is verified; its time limits are paused");
}

void release(store::Tx& tx, const Context& c, const Case& k, TradeRow t, const std::string& title) {
  t = step_trade(tx, c, k, std::move(t), TradeEvent::complaint_released, "trade.released");
  const std::string text =
      trade_words(t, title) +
      " resumes: the complaint that held it is closed and its time limits run again";
  tell(tx, t.buyer_id, "trade.resumed", t, text);
  if (k.complaint.trade_id) tell(tx, t.seller_id, "trade.resumed", t, text);
}

void refund(store::Tx& tx, const Context& c, const Case& k, TradeRow t, const std::string& title) {
  const std::int64_t fen = t.escrow_fen;
  t = step_trade(tx, c, k, std::move(t), TradeEvent::complaint_upheld_withdraw, "trade.refunded");
  tell(tx, t.buyer_id, "trade.refunded", t,
       trade_words(t, title) + " is refunded: " + std::to_string(fen) +
           " fen went back to your balance because a complaint was upheld");
  tell(tx, t.seller_id, "trade.refunded", t,
       trade_words(t, title) + " is refunded to its buyer because a complaint was upheld");
}

}  // namespace

Result<bool> freeze_trade(store::Tx& tx, const Context& c, const Case& k, Suspension how) {
  auto t = trades::load_trade(tx.db(), *k.complaint.trade_id);
  if (t->state.status == TradeStatus::frozen)
    return true;  // held already: this complaint holds it too
  if (!trade_open(t->state.status)) {
    if (how == Suspension::at_filing) return false;
    return make_error(Errc::invalid_state,
                      "A trade that is " + trades::status_name(t->state) + " cannot be frozen.");
  }
  freeze(tx, c, k, std::move(*t), product_title(tx, c, k.complaint.product_id));
  return true;
}

void release_trade(store::Tx& tx, const Context& c, const Case& k) {
  const std::string& id = *k.complaint.trade_id;
  if (!k.complaint.held_at || repository::trade_held_by_other(tx.db(), id, k.complaint.id) ||
      repository::product_held_by_other(tx.db(), k.complaint.product_id, k.complaint.id))
    return;
  auto t = trades::load_trade(tx.db(), id);
  if (t->state.status != TradeStatus::frozen) return;
  release(tx, c, k, std::move(*t), product_title(tx, c, k.complaint.product_id));
}

void refund_trade(store::Tx& tx, const Context& c, const Case& k) {
  auto t = trades::load_trade(tx.db(), *k.complaint.trade_id);
  if (settlement::is_final(t->state.status)) return;
  refund(tx, c, k, std::move(*t), product_title(tx, c, k.complaint.product_id));
}

void freeze_product_trades(store::Tx& tx, const Context& c, const Case& k,
                           const std::string& title) {
  for (auto& t : trades_of(tx.db(), k.complaint.product_id, TradeSet::open))
    freeze(tx, c, k, std::move(t), title);
}

void release_product_trades(store::Tx& tx, const Context& c, const Case& k,
                            const std::string& title) {
  if (repository::product_held_by_other(tx.db(), k.complaint.product_id, k.complaint.id)) return;
  for (auto& t : trades_of(tx.db(), k.complaint.product_id, TradeSet::frozen))
    if (!repository::trade_held_by_other(tx.db(), t.id, k.complaint.id)) release(tx, c, k, std::move(t), title);
}

void refund_product_trades(store::Tx& tx, const Context& c, const Case& k,
                           const std::string& title) {
  for (auto& t : trades_of(tx.db(), k.complaint.product_id, TradeSet::unsettled))
    refund(tx, c, k, std::move(t), title);
}

}  // namespace dx::complaints
