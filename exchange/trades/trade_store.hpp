// A trade's row and its state-machine state (settlement::TradeState) as stored in `trades`.
// Sequencer thread for writes; any connection for reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"
#include "settlement/trade_state.hpp"

namespace dx::store {
class Db;
}

namespace dx::trades {

struct TradeRow {
  std::int64_t seq = 0;
  std::string id;
  std::string offer_id, product_id;
  std::int64_t product_version = 0;
  std::string buy_order_id, sell_order_id, buyer_id, seller_id;
  std::int64_t price_fen = 0, quantity = 0, amount_fen = 0, fee_fen = 0, escrow_fen = 0;
  std::string purpose;
  std::string delivery_mode;  // file | api | compute
  std::string contract_id;
  std::optional<std::string> delivered_at, settled_at;
  std::optional<std::string> dispute_reason, disputed_at;  // the buyer's, for staff deciding it
  std::string created_at, updated_at;
  settlement::TradeState state;
};

std::optional<TradeRow> load_trade(store::Db& db, const std::string& id);
// Writes `state` (status, running timer, what a frozen trade remembers) and updated_at.
void save_state(store::Db& db, const std::string& id, const settlement::TradeState& state, TimePoint now);

// The API name of a status ("awaiting_delivery"); `pending` never shows.
std::string status_name(const settlement::TradeState& state);

}  // namespace dx::trades
