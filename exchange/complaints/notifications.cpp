#include "complaints/notifications.hpp"

#include <limits>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints {

void notify(store::Tx& tx, const Notice& n) {
  auto& st = tx.db().cached(
      "INSERT INTO notifications (id, account_id, kind, subject, text, rule, basis, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, new_id("ntf"))
      .bind(2, n.account_id)
      .bind(3, n.kind)
      .bind(4, n.subject)
      .bind(5, n.text);
  st.bind(6, n.rule).bind(7, n.basis).bind(8, tx.now_text()).run();
  st.reset();
}

std::vector<StoredNotice> notifications_of(store::Db& db, const std::string& account_id,
                                           std::int64_t before_seq, int limit) {
  auto& st = db.cached(
      "SELECT seq, id, created_at, kind, subject, text, rule, basis FROM notifications "
      "WHERE account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
  st.bind(1, account_id)
      .bind(2, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max());
  st.bind(3, limit);
  std::vector<StoredNotice> out;
  while (st.step())
    out.push_back({st.int64(0), st.text(1), st.text(2),
                   Notice{account_id, st.text(3), st.text(4), st.text(5), st.text(6), st.text(7)}});
  st.reset();
  return out;
}

}  // namespace dx::complaints
