#include "idempotency/repository.hpp"

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::idempotency::repository {

std::optional<Remembered> find(store::Db& db, const KeyRef& k) {
  auto q = db.query(
      "SELECT request_hash, status, response FROM idempotency WHERE account_id = ? AND route = ? "
      "AND key = ?");
  q->bind(1, k.account).bind(2, k.route).bind(3, k.key);
  if (!q->step()) return std::nullopt;
  return Remembered{q->blob(0), static_cast<int>(q->int64(1)), q->text(2)};
}

void remember(store::Tx& tx, const KeyRef& k, const Remembered& answer) {
  auto q = tx.db().query(
      "INSERT INTO idempotency (account_id, route, key, request_hash, status, response, "
      "created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, k.account)
      .bind(2, k.route)
      .bind(3, k.key)
      .bind_blob(4, answer.request_hash)
      .bind(5, answer.status);
  q->bind(6, answer.response).bind(7, tx.now_text()).run();
}

}  // namespace dx::idempotency::repository
