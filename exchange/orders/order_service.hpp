// Orders through the sequencer (API.md "Orders and matching"): pre-trade checks, the buyer's
// reservation of price × quantity, matching in the offer's book, a trade per fill, and the
// standing asks of listed products. Every accepted, refused, filled and cancelled order is
// recorded (O3). Sequencer thread only: these run inside commands.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <vector>

#include "core/error.hpp"
#include "orders/order_row.hpp"
#include "orders/pre_trade.hpp"

namespace dx {
struct Services;
namespace store {
class Tx;
}
}  // namespace dx

namespace dx::orders {

struct OrderRequest {
  std::string offer_id;
  Side side = Side::buy;
  std::int64_t price_fen = 0;
  std::int64_t quantity = 0;
  TimeInForce time_in_force = TimeInForce::gtc;
  std::string purpose;
};

// A trade the order made as it was placed.
struct Fill {
  std::string trade_id;
  std::int64_t price_fen = 0;
  std::int64_t quantity = 0;
};

// A placed order and its trades; or, with `refused`, an order refused and recorded (O3): the
// refusal is itself a record, so the command's changes are kept while the caller is told why.
struct Placed {
  OrderRow order;  // empty when refused
  std::vector<Fill> trades;
  std::optional<Error> refused;
};

// The order and its trades, a recorded refusal, or not_found for an unknown offer (a caller
// refused on its own account is told that refusal instead, and so learns nothing of the offers).
Result<Placed> place_order(store::Tx& tx, Services& s, const Caller& caller,
                           const OrderRequest& request);

// DELETE /orders/{id}: the owner's resting order leaves the book; a buy's reservation is released.
// Answers the order as cancelled.
Result<OrderRow> cancel_order(store::Tx& tx, Services& s, const std::string& account,
                              const std::string& order_id);

// A product was listed: each offer of its listed version gets the seller's standing ask at its
// price for its seats (unlimited when the offer has none).
void open_standing_asks(store::Tx& tx, Services& s, const std::string& product_id);

// A product stops trading (withdrawn or suspended): every resting order of its offers is cancelled
// with `reason` and every reservation released.
void cancel_product_orders(store::Tx& tx, Services& s, const std::string& product_id,
                           const std::string& reason);

// An account was suspended (O14, CQO-39): every order of it resting in a book, bids and standing
// asks alike, is cancelled with `reason` and its reservation released, so that nothing fills
// against a suspended party.
void cancel_account_orders(store::Tx& tx, Services& s, const std::string& account_id,
                           const std::string& reason);

// An account was reinstated: each of its listed products whose offers have no standing ask gets
// them again (open_standing_asks).
void restore_standing_asks(store::Tx& tx, Services& s, const std::string& account_id);

}  // namespace dx::orders
