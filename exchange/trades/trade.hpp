// A trade as the exchange keeps it: its row in `trades` and its state-machine state
// (settlement::TradeState). A plain value; the repository reads and writes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "settlement/trade_state.hpp"

namespace dx::trades {

struct TradeRow {
  std::int64_t seq = 0;
  std::string id;
  std::string offer_id, product_id;
  std::int64_t product_version = 0;
  std::string buy_order_id, sell_order_id, buyer_id, seller_id;
  std::int64_t price_fen = 0, quantity = 0, amount_fen = 0, fee_fen = 0, escrow_fen = 0;
  std::string purpose;
  std::string delivery_mode;  // file | api | gateway | compute
  std::string contract_id;
  std::optional<std::string> delivered_at{}, settled_at{};
  std::optional<std::string> dispute_reason{}, disputed_at{};  // the buyer's, for staff deciding it
  std::string created_at, updated_at;
  settlement::TradeState state{};
};

// Whether the exchange itself serves a trade of `mode` as it is used: calls through /gw/ for a
// gateway product, jobs for a compute product.
inline bool served_by_exchange(const std::string& mode) {
  return mode == "gateway" || mode == "compute";
}

// Who delivers a trade of `mode` (its product's delivery_mode): the exchange holds a file product
// and serves gateway and compute products itself, so such a trade is delivered at the fill and its
// acceptance window starts there (O15); the seller delivers the others. The one mapping of mode to
// kind.
inline settlement::DeliveryKind delivery_kind(const std::string& mode) {
  return mode == "file" || served_by_exchange(mode) ? settlement::DeliveryKind::file
                                                    : settlement::DeliveryKind::api;
}

// The API name of a status ("awaiting_delivery"); `pending` never shows.
inline std::string status_name(const settlement::TradeState& state) {
  return std::string(settlement::to_string(state.status));
}

}  // namespace dx::trades
