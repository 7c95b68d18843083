// One move of a trade's life cycle, as the exchange supervises it (O4, CQ-37(4)): the pure state
// machine (settlement::transition) decides; the money its Effect asks for (settle or refund) moves
// in the same sequencer command as the new state is stored, and the move and its postings are
// recorded (O3, O8). Every route that moves a trade and the settlement timers go through here.
// Sequencer thread only.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/error.hpp"
#include "settlement/trade_state.hpp"
#include "trades/trade_store.hpp"

namespace dx::market {
class Market;
}
namespace dx::store {
class Tx;
}

namespace dx::trades {

struct Move {
  settlement::TradeEvent event;
  std::string actor;             // the account that moved it, or "exchange" for a timer
  std::string action;            // the record's action, e.g. "trade.accepted"
  nlohmann::json note = nlohmann::json::object();  // why: a reason, an outcome; goes into the record
};

// The windows of config as the state machine takes them.
settlement::TradeConfig windows(const Config& config);

// Applies `move` to `trade` at tx.now(). Refused without any change: 409 invalid_state when the
// state machine does not allow the event (or a timer is not yet due), or when the ledger refuses
// the payout. On success the returned row holds the new state and, for a payout, the fee taken.
Result<TradeRow> apply_move(store::Tx& tx, market::Market& market, const Config& config, TradeRow trade,
                            const Move& move);

}  // namespace dx::trades
