#include "money/repository.hpp"

#include "store/account_index.hpp"
#include "store/db.hpp"

namespace dx::money::repository {

std::int64_t last_entry_id(store::Db& db) {
  auto q = db.query("SELECT coalesce(max(id), 0) FROM ledger_entries");
  q->step();
  return q->int64(0);
}

std::vector<Posting> postings_after_id(store::Db& db, std::int64_t after_id) {
  auto q = db.query(
      "SELECT movement, kind, bucket, owner, amount_fen FROM ledger_entries WHERE id > ? ORDER BY "
      "id");
  q->bind(1, after_id);
  std::vector<Posting> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->opt_text(3), q->int64(4)});
  return out;
}

std::optional<std::string> account_kind(store::Db& db, const std::string& account_id) {
  auto q = db.query("SELECT kind FROM accounts WHERE id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

void insert_request(store::Db& db, const RequestRow& r) {
  auto q = db.query(
      "INSERT INTO money_requests (id, kind, account_id, amount_fen, reference, actor_id, "
      "created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, r.id).bind(2, r.kind).bind(3, r.account_id).bind(4, r.amount_fen).bind(5, r.reference);
  q->bind(6, r.actor_id).bind(7, r.created_at).run();
}

std::optional<Balance> balance(store::Db& db, const std::string& account_id) {
  auto q = db.query("SELECT available_fen, reserved_fen FROM balances WHERE account_id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return Balance{q->int64(0), q->int64(1)};
}

std::vector<std::int64_t> statement_entry_ids(store::Db& db, const std::string& account_id,
                                              std::int64_t before, int limit) {
  // The owner of an available or reserved posting is the account; escrow postings belong to trades.
  store::OwnedQuery owned;
  owned.owner = account_id;
  owned.before = before;
  owned.descending = true;
  owned.limit = limit;
  owned.where = "t.bucket IN ('available', 'reserved')";
  return store::owned_rows(db, store::Owned::ledger_entries, owned);
}

std::optional<Entry> entry(store::Db& db, std::int64_t id) {
  static const std::string kSql =
      "SELECT id, movement, kind, bucket, amount_fen, reference, at FROM ledger_entries WHERE id = "
      "?";
  auto q = db.query(kSql);
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return Entry{q->int64(0), q->text(1),     q->text(2), q->text(3),
               q->int64(4), q->opt_text(5), q->text(6)};
}

Totals totals(store::Db& db) {
  auto q = db.query(
      "SELECT (SELECT coalesce(sum(available_fen), 0) FROM balances), (SELECT "
      "coalesce(sum(reserved_fen), 0) FROM balances), "
      "(SELECT coalesce(sum(escrow_fen), 0) FROM trades), (SELECT balance_fen FROM house_accounts "
      "WHERE name = 'fees'), "
      "(SELECT balance_fen FROM house_accounts WHERE name = 'outside_world'), "
      "(SELECT coalesce(sum(amount_fen), 0) FROM money_requests WHERE kind = 'deposit'), "
      "(SELECT coalesce(sum(amount_fen), 0) FROM money_requests WHERE kind = 'withdrawal')");
  q->step();
  return {q->int64(0), q->int64(1), q->int64(2), q->int64(3),
          q->int64(4), q->int64(5), q->int64(6)};
}

}  // namespace dx::money::repository
