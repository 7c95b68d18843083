#include "market/repository.hpp"

#include "store/db.hpp"

namespace dx::market::repository {

namespace {

// The statements every money movement runs are std::strings made once, so that a call looks its
// prepared statement up without building its text again.
const std::string kInsertEntry =
    "INSERT INTO ledger_entries (movement, kind, bucket, owner, amount_fen, reference, at) VALUES "
    "(?, ?, ?, ?, ?, ?, ?)";
const std::string kAdjustBalances =
    "UPDATE balances SET available_fen = available_fen + ?, reserved_fen = reserved_fen + ? WHERE "
    "account_id = ?";
const std::string kFirstBalances =
    "INSERT INTO balances (account_id, available_fen, reserved_fen) VALUES (?, ?, ?)";
const std::string kAdjustEscrow = "UPDATE trades SET escrow_fen = escrow_fen + ? WHERE id = ?";
const std::string kAdjustHouse =
    "UPDATE house_accounts SET balance_fen = balance_fen + ? WHERE name = ?";

RestingOrder resting_order(const store::Stmt& st) {
  return {st.int64(0),     st.int64(1),
          st.int64(2),     st.text(3) == "buy" ? matching::Side::buy : matching::Side::sell,
          st.int64(4),     st.int64(5),
          st.int64(6) != 0};
}

}  // namespace

std::vector<StoredBalance> balances(store::Db& db) {
  auto q = db.query(
      "SELECT a.rowid, b.available_fen, b.reserved_fen FROM balances b JOIN accounts a ON a.id = "
      "b.account_id");
  std::vector<StoredBalance> out;
  while (q->step()) out.push_back({q->int64(0), q->int64(1), q->int64(2)});
  return out;
}

std::vector<StoredEscrow> escrows(store::Db& db) {
  auto q = db.query(
      "SELECT t.seq, a.rowid, t.escrow_fen FROM trades t JOIN accounts a ON a.id = t.buyer_id "
      "WHERE t.escrow_fen > 0");
  std::vector<StoredEscrow> out;
  while (q->step()) out.push_back({q->int64(0), q->int64(1), q->int64(2)});
  return out;
}

HouseBalances house_balances(store::Db& db) {
  auto q = db.query("SELECT name, balance_fen FROM house_accounts");
  HouseBalances out;
  while (q->step()) (q->text(0) == "fees" ? out.fees_fen : out.outside_world_fen) = q->int64(1);
  return out;
}

std::vector<RestingOrder> resting_orders(store::Db& db) {
  auto q = db.query(
      "SELECT o.seq, f.rowid, a.rowid, o.side, o.price_fen, o.quantity - o.filled_quantity, "
      "o.quantity IS NULL "
      "FROM orders o INDEXED BY orders_resting JOIN offers f ON f.id = o.offer_id JOIN accounts a "
      "ON a.id = o.account_id "
      "WHERE o.status IN ('open', 'partially_filled') ORDER BY o.seq");  // the resting ones only,
                                                                         // not every order
  std::vector<RestingOrder> out;
  while (q->step()) out.push_back(resting_order(*q));
  return out;
}

double deposits_total(store::Db& db) {
  auto q = db.query("SELECT total(amount_fen) FROM money_requests WHERE kind = 'deposit'");
  q->step();
  return q->real(0);
}

std::optional<std::int64_t> account_rowid(store::Db& db, const std::string& account_id) {
  auto q = db.query("SELECT rowid FROM accounts WHERE id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return q->int64(0);
}

void insert_entries(store::Db& db, const std::string& movement, const char* kind,
                    const std::vector<JournalLine>& lines, const std::string& reference,
                    const std::string& at) {
  auto q = db.query(kInsertEntry);
  for (const auto& l : lines) {
    if (l.fen == 0) continue;
    q->bind(1, movement).bind(2, kind).bind(3, l.bucket);
    if (l.owner.empty())
      q->bind_null(4);
    else
      q->bind(4, l.owner);
    q->bind(5, l.fen).bind(6, reference).bind(7, at).run();
    q->reset();  // the same statement again, for the next line
  }
}

void adjust_balances(store::Db& db, const std::string& account, std::int64_t available,
                     std::int64_t reserved) {
  {
    auto q = db.query(kAdjustBalances);
    q->bind(1, available).bind(2, reserved).bind(3, account).run();
  }
  if (db.changes() > 0) return;
  auto q = db.query(kFirstBalances);
  q->bind(1, account).bind(2, available).bind(3, reserved).run();
}

void adjust_escrow(store::Db& db, const std::string& trade_id, std::int64_t fen) {
  auto q = db.query(kAdjustEscrow);
  q->bind(1, fen).bind(2, trade_id).run();
}

void adjust_house_account(store::Db& db, const std::string& name, std::int64_t fen) {
  auto q = db.query(kAdjustHouse);
  q->bind(1, fen).bind(2, name).run();
}

}  // namespace dx::market::repository
