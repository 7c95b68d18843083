// Ledger account keys. The caller maps its own identifiers (account and trade row ids) to these
// integers; a key is two words, cheap to copy, compare and hash.
#pragma once

#include <cstdint>

#include "settlement/fen.hpp"

namespace dx::settlement {

// A party to trades (a buyer or seller account of the exchange).
enum class PartyId : std::int64_t {};
// One trade, i.e. one fill; it owns one escrow account.
enum class TradeId : std::int64_t {};

enum class AccountKind : std::uint8_t {
  available,      // a party's spendable balance (per party)
  reserved,       // a party's funds held for its open buy orders (per party)
  escrow,         // a trade's funds held until delivery is settled or refunded (per trade)
  fees,           // the exchange's fee income (one)
  outside_world,  // banks: the source of deposits and the sink of withdrawals (one)
};

struct AccountKey {
  AccountKind kind = AccountKind::outside_world;
  std::int64_t id = 0;  // the party or trade id; 0 for fees and the outside world

  static constexpr AccountKey available(PartyId p) {
    return {AccountKind::available, static_cast<std::int64_t>(p)};
  }
  static constexpr AccountKey reserved(PartyId p) {
    return {AccountKind::reserved, static_cast<std::int64_t>(p)};
  }
  static constexpr AccountKey escrow(TradeId t) {
    return {AccountKind::escrow, static_cast<std::int64_t>(t)};
  }
  static constexpr AccountKey fees() { return {AccountKind::fees, 0}; }
  static constexpr AccountKey outside_world() { return {AccountKind::outside_world, 0}; }

  friend constexpr bool operator==(AccountKey, AccountKey) = default;
};

// One leg of a movement: `amount` is added to the account's balance (negative: taken from it).
// A movement is a set of postings whose amounts sum to zero.
struct Posting {
  AccountKey account;
  Fen amount;
};

}  // namespace dx::settlement
