#include "money/journal.hpp"

#include "store/db.hpp"

namespace dx::money {

std::int64_t last_entry_id(store::Db& db) {
  auto& st = db.cached("SELECT coalesce(max(id), 0) FROM ledger_entries");
  st.step();
  const std::int64_t id = st.int64(0);
  st.reset();
  return id;
}

nlohmann::json postings_after(store::Db& db, std::int64_t after_id) {
  auto& st = db.cached("SELECT movement, kind, bucket, owner, amount_fen FROM ledger_entries WHERE id > ? ORDER BY id");
  st.bind(1, after_id);
  auto out = nlohmann::json::array();
  while (st.step())
    out.push_back({{"movement", st.text(0)}, {"kind", st.text(1)}, {"bucket", st.text(2)},
                   {"owner", st.opt_text(3) ? nlohmann::json(st.text(3)) : nlohmann::json(nullptr)},
                   {"amount_fen", st.int64(4)}});
  st.reset();
  return out;
}

}  // namespace dx::money
