// A fill becomes a trade (API.md "Trades, contracts, delivery and settlement"): in the fill's own
// transaction the buyer's reservation moves into the trade's escrow (what was reserved above the
// trade price goes back to the buyer), the data-use agreement is made (O12, CQ-29), the state
// machine takes its first step (a file product is delivered at once, O15) and all of it is
// recorded (O3). Sequencer thread only.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "trades/trade_store.hpp"

namespace dx::market {
class Market;
}
namespace dx::store {
class Tx;
}

namespace dx::trades {

struct Fill {
  std::string offer_id;
  std::string buy_order_id, sell_order_id;
  std::string buyer_id, seller_id;
  std::int64_t price_fen = 0;        // the resting order's price
  std::int64_t quantity = 0;
  std::int64_t buy_limit_fen = 0;    // the buy order's price, at which its seats were reserved
  std::string purpose;               // the buy order's declared purpose
};

// Throws on a broken invariant (the reservation does not cover the fill); refusals cannot happen
// here, because the buy order reserved the money before it could match.
TradeRow open_trade(store::Tx& tx, market::Market& market, const Config& config, const Fill& fill);

}  // namespace dx::trades
