// Every SQL statement of the market: what rebuild() loads (balances, escrows, the house accounts,
// the resting orders, the deposits so far), the accounts' ledger parties, and the journal the
// money movements write (ledger_entries and the balances they change).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matching/types.hpp"

namespace dx::store {
class Db;
}

namespace dx::market::repository {

// An account's stored balances; `party` is its rowid.
struct StoredBalance {
  std::int64_t party = 0;
  std::int64_t available_fen = 0, reserved_fen = 0;
};
// A trade's escrow still held, and its buyer's party.
struct StoredEscrow {
  std::int64_t trade_seq = 0;
  std::int64_t buyer_party = 0;
  std::int64_t escrow_fen = 0;
};
struct HouseBalances {
  std::int64_t fees_fen = 0;
  std::int64_t outside_world_fen = 0;
};
// A resting order as its book takes it.
struct RestingOrder {
  std::int64_t seq = 0;
  std::int64_t offer = 0;  // offers.rowid
  std::int64_t owner = 0;  // accounts.rowid
  matching::Side side = matching::Side::buy;
  std::int64_t price_fen = 0;
  std::int64_t remaining = 0;
  bool unlimited = false;
};

std::vector<StoredBalance> balances(store::Db& db);
std::vector<StoredEscrow> escrows(store::Db& db);
HouseBalances house_balances(store::Db& db);
// In seq order, so each book gets them in time priority.
std::vector<RestingOrder> resting_orders(store::Db& db);
// Every deposit ever made, summed as a float so that a sum past int64 cannot fail.
double deposits_total(store::Db& db);
std::optional<std::int64_t> account_rowid(store::Db& db, const std::string& account_id);

// One journal line: which bucket, whose (account or trade id; none for the house accounts), how
// much.
struct JournalLine {
  const char* bucket;
  std::string owner;
  std::int64_t fen;
};

// The ledger_entries rows of a movement, one per line that moves money.
void insert_entries(store::Db& db, const std::string& movement, const char* kind,
                    const std::vector<JournalLine>& lines, const std::string& reference,
                    const std::string& at);
// Changes one account's balances by net amounts in one statement. An account's row is made by its
// first credit (a first debit would break CHECK (>= 0), as it should).
void adjust_balances(store::Db& db, const std::string& account, std::int64_t available,
                     std::int64_t reserved);
void adjust_escrow(store::Db& db, const std::string& trade_id, std::int64_t fen);
void adjust_house_account(store::Db& db, const std::string& name, std::int64_t fen);

}  // namespace dx::market::repository
