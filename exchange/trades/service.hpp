// What the trade routes ask of a trade, as domain operations: typed commands in, Result out; no
// HTTP, no answer JSON and no SQL (trades/repository.hpp). Reads run on any connection; a step
// that records or moves a trade runs inside a sequencer command (store::Tx&). API delivery is in
// trades/delivery_service.hpp, the moves themselves in trades/trade_moves.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/error.hpp"
#include "trades/certificate.hpp"
#include "trades/repository.hpp"
#include "trades/trade.hpp"
#include "trades/trade_moves.hpp"

namespace dx::market {
class Market;
}

namespace dx::trades {

// Who asks, as far as a trade cares.
struct Caller {
  std::string account_id;
  bool staff = false;      // staff see every trade (O4 supervision)
  bool suspended = false;  // a suspended buyer receives nothing (O14)
};

// Who a step needs: any party or staff member (reading), or one party (acting).
enum class Party { any, buyer, seller };

// The trade as `who` may reach it: not_found unless `who` is a party or staff (another account's
// trade is "missing", DESIGN.md "Security basics"); forbidden when `need` names a party `who` is
// not.
Result<TradeRow> trade_for(store::Db& db, const std::string& id, const Caller& who, Party need);

struct TradePage {
  std::vector<TradeRow> trades;
  std::optional<std::int64_t> next_cursor;  // the seq to go on from; none on the last page
};
TradePage find_trades(store::Db& db, const repository::TradeFilter& filter);

// A stored agreement for its trade's parties and staff; not_found for anyone else.
Result<repository::ContractRow> contract_for(store::Db& db, const std::string& contract_id,
                                             const Caller& who);

// What a certificate of a trade states, for its parties and staff.
struct Certified {
  TradeRow trade;
  ContractFacts contract;
};
Result<Certified> certified_trade(store::Db& db, const std::string& trade_id, const Caller& who);

// `move` applied to the trade `id` when `who` is the party it needs (apply_move).
Result<TradeRow> move_trade(store::Tx& tx, market::Market& market, const Config& config,
                            const std::string& id, const Caller& who, Party need, const Move& move);

}  // namespace dx::trades
