#include <string>

#include "store/db.hpp"
#include "store/schema.hpp"

namespace dx::store {

void migrate(Db& db) {
  auto version_of = [&db] {
    auto st = db.prepare("PRAGMA user_version");
    st.step();
    return static_cast<std::size_t>(st.int64(0));
  };
  const auto& all = migrations();
  const std::size_t current = version_of();
  if (current > all.size())
    throw Error("the database is at schema version " + std::to_string(current) +
                    ", newer than this program's " + std::to_string(all.size()),
                0);
  for (std::size_t v = current; v < all.size(); ++v) {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec(all[v]);
      db.exec("PRAGMA user_version = " + std::to_string(v + 1));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
}

}  // namespace dx::store
