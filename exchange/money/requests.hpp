// Money in and out of the exchange (API.md "Trades, contracts, delivery and settlement"): a
// finance officer's deposit stands in for a bank credit; a withdrawal pays a verified account's
// available balance out. Each is a money_requests row, the ledger movement (market/money.hpp) and
// a record with its postings (O3, O8), all in one sequencer command.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dx::market {
class Market;
}
namespace dx::store {
class Tx;
}

namespace dx::money {

enum class Direction { deposit, withdrawal };

struct MoneyRequest {
  Direction direction = Direction::deposit;
  std::string account_id;  // whose available balance changes
  std::int64_t amount_fen = 0;
  std::string reference;   // the bank's reference; may be empty for a withdrawal
  std::string actor_id;    // who asked: the finance officer, or the account itself
};

// Sequencer thread. Refused without change: 422 when the account is unknown or a staff account
// (staff do not trade), 409 insufficient_funds, 422 when a balance would overflow. Answers
// {id, kind, account_id, amount_fen, reference, created_at}.
Result<nlohmann::json> apply_request(store::Tx& tx, market::Market& market, const MoneyRequest& request);

}  // namespace dx::money
