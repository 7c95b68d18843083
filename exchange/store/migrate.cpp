#include <string>

#include "store/db.hpp"
#include "store/schema.hpp"

namespace dx::store {

namespace {

std::int64_t pragma_value(Db& db, const char* pragma) {
  auto st = db.prepare(std::string("PRAGMA ") + pragma);
  st.step();
  return st.int64(0);
}

std::size_t user_version(Db& db) { return static_cast<std::size_t>(pragma_value(db, "user_version")); }

void refuse_newer(std::size_t version, std::size_t known) {
  if (version > known)
    throw StoreError("the database is at schema version " + std::to_string(version) + ", newer than this program's " +
                    std::to_string(known),
                0);
}

// Applies migration `next` (0-based) unless another connection did so since `next` was read: the
// version is read again under the write lock, so two processes starting together cannot both
// apply it.
void apply(Db& db, std::size_t next) {
  const auto& all = migrations();
  db.exec("BEGIN IMMEDIATE");
  try {
    const std::size_t current = user_version(db);
    refuse_newer(current, all.size());
    if (current == next) {
      db.exec(all[next]);
      // Every migration moves the schema cookie, so every connection parses the schema again,
      // also after definitions edited in place (writable_schema), which SQLite does not count.
      db.exec("PRAGMA schema_version = " + std::to_string(pragma_value(db, "schema_version") + 1));
      db.exec("PRAGMA user_version = " + std::to_string(next + 1));
    }
    db.exec("COMMIT");
  } catch (...) {
    // A failing ROLLBACK (SQLite may have rolled back already) must not hide the first error.
    try {
      db.exec("ROLLBACK");
    } catch (const StoreError&) {
    }
    throw;
  }
}

}  // namespace

void migrate(Db& db) {
  const std::size_t known = migrations().size();
  for (std::size_t current = user_version(db); current < known; current = user_version(db)) apply(db, current);
  refuse_newer(user_version(db), known);
}

}  // namespace dx::store
