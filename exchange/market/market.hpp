// The trading state the sequencer owns (DESIGN.md, "How a request flows", step 3): every offer's
// order book and the ledger of balances and escrows. Every command that changes it writes the same
// change to the database in its transaction; at start, and after a command threw or a batch failed
// to commit, rebuild() loads it again from the database, so memory never holds what the database
// does not. A command therefore changes the market only once nothing can refuse it any more.
//
// Integer keys: a party is accounts.rowid, an offer offers.rowid, an order orders.seq and a trade
// trades.seq. Not thread-safe: the sequencer thread only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "matching/book_set.hpp"
#include "settlement/ledger.hpp"

namespace dx::store {
class Db;
}

namespace dx::market {

// The most money the exchange takes in, over its whole life: every deposit counts, withdrawals
// give nothing back. Every balance, escrow and fee, and every sum of them or of the money
// requests (the staff ledger summary), is at most this much, so no total the exchange reports
// can overflow an int64 (10^18 fen, about 1.1 × 2^59).
inline constexpr std::int64_t kMaxDepositsFen = 1'000'000'000'000'000'000;

class Market {
 public:
  // Mutable access counts as a change: after a command that threw, the sequencer rebuilds the
  // market only when version() moved while it ran (store::Sequencer, `state_version`).
  matching::BookSet& books() {
    ++version_;
    return books_;
  }
  const matching::BookSet& books() const { return books_; }
  settlement::Ledger& ledger() {
    ++version_;
    return ledger_;
  }
  const settlement::Ledger& ledger() const { return ledger_; }
  std::uint64_t version() const { return version_; }

  // Money deposited so far (never more than kMaxDepositsFen), and a new deposit counted.
  std::int64_t deposited() const { return deposited_; }
  void count_deposit(std::int64_t fen) {
    ++version_;
    deposited_ += fen;
  }

  // Loads books and ledger from the database; throws std::runtime_error when the stored orders or
  // money do not add up (a broken invariant, never user input).
  void rebuild(store::Db& db);

  // The ledger party of an account, opened at zero on first use.
  settlement::PartyId party(store::Db& db, const std::string& account_id);

 private:
  matching::BookSet books_;
  settlement::Ledger ledger_;
  std::uint64_t version_ = 0;
  std::int64_t deposited_ = 0;
  std::unordered_set<std::int64_t> parties_;  // opened in the ledger
  // Account ids to their rowids, as looked up. Accounts are never deleted and their ids never
  // reused, so an entry stays right (one left by a rolled-back account names nobody).
  std::unordered_map<std::string, std::int64_t> rowids_;
};

}  // namespace dx::market
