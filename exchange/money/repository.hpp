// Every SQL statement of the money folder: the journal as written (ledger_entries), the money
// requests, an account's balance and statement, and the exchange-wide totals. market/ writes the
// journal; this reads it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::store {
class Db;
}

namespace dx::money::repository {

// The id of the newest journal entry; 0 when the journal is empty.
std::int64_t last_entry_id(store::Db& db);

struct Posting {
  std::string movement, kind, bucket;
  std::optional<std::string> owner;  // none for the house accounts
  std::int64_t amount_fen = 0;
};
// The postings after `after_id`, oldest first.
std::vector<Posting> postings_after_id(store::Db& db, std::int64_t after_id);

// The kind of an account (buyer, seller, staff), or nullopt when there is none.
std::optional<std::string> account_kind(store::Db& db, const std::string& account_id);

struct RequestRow {
  std::string id;
  const char* kind;  // deposit | withdrawal
  std::string account_id;
  std::int64_t amount_fen = 0;
  std::string reference, actor_id, created_at;
};
void insert_request(store::Db& db, const RequestRow& row);

struct Balance {
  std::int64_t available_fen = 0, reserved_fen = 0;
};
// nullopt: the account has never held money.
std::optional<Balance> balance(store::Db& db, const std::string& account_id);

// A page of the account's postings on its available and reserved balances, newest first: ids
// below `before`.
std::vector<std::int64_t> statement_entry_ids(store::Db& db, const std::string& account_id,
                                              std::int64_t before, int limit);
struct Entry {
  std::int64_t id = 0;
  std::string movement, kind, bucket;
  std::int64_t amount_fen = 0;
  std::optional<std::string> reference;
  std::string at;
};
std::optional<Entry> entry(store::Db& db, std::int64_t id);

// The exchange-wide totals, read in one statement, so one snapshot.
struct Totals {
  std::int64_t available_fen = 0, reserved_fen = 0, escrow_fen = 0, fees_fen = 0,
               outside_world_fen = 0;
  std::int64_t deposits_fen = 0, withdrawals_fen = 0;
};
Totals totals(store::Db& db);

}  // namespace dx::money::repository
