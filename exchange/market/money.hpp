// Money movements (O8 clearing, O4 settlement): each is applied to the market's ledger, which
// refuses it without change (insufficient funds, overflow), and then journaled in the same
// transaction: one ledger_entries row per posting, the balances they lead to, and the escrow of
// the trade concerned. Sequencer thread only.
#pragma once

#include <cstdint>
#include <string>

#include "core/error.hpp"

namespace dx::store {
class Tx;
}

namespace dx::market {

class Market;

// A trade as the ledger knows it.
struct TradeRef {
  std::int64_t seq = 0;  // trades.seq: the ledger's trade id
  std::string id;        // trades.id
};

struct Payout {
  std::int64_t to_seller_fen = 0;
  std::int64_t fee_fen = 0;
};

// outside world → available (a bank credit, POST /staff/deposits).
Status deposit(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference);
// available → outside world (POST /withdrawals).
Status withdraw(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference);
// available → reserved, for a buy order (`reference`: the order id).
Status reserve(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference);
// reserved → available: a cancelled order or a fill below the reserved price.
Status release(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference);
// buyer reserved → the trade's escrow, at the fill.
Status fund_escrow(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& buyer, std::int64_t fen);
// escrow → seller less the fee, fee → the exchange.
Result<Payout> settle(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& seller, int fee_bps);
// escrow → the buyer.
Result<std::int64_t> refund(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& buyer);

}  // namespace dx::market
