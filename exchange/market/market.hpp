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

class Market {
 public:
  matching::BookSet books;
  settlement::Ledger ledger;

  // Loads books and ledger from the database; throws std::runtime_error when the stored orders or
  // money do not add up (a broken invariant, never user input).
  void rebuild(store::Db& db);

  // The ledger party of an account, opened at zero on first use.
  settlement::PartyId party(store::Db& db, const std::string& account_id);

 private:
  std::unordered_set<std::int64_t> parties_;  // opened in the ledger
  // Account ids to their rowids, as looked up. Accounts are never deleted and their ids never
  // reused, so an entry stays right (one left by a rolled-back account names nobody).
  std::unordered_map<std::string, std::int64_t> rowids_;
};

}  // namespace dx::market
