// The database schema as an ordered list of migrations. Migration i (1-based) moves the schema from
// version i-1 to i; applied ones are never edited, new changes are appended.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dx::store {

class Db;

const std::vector<std::string>& migrations();

// Applies every migration newer than the database's user_version, each in its own transaction.
// Throws store::Error when the database is newer than this program.
void migrate(Db& db);

// The key of the per-account indexes (migration 11): the account id's last 8 characters, as
// SQLite's substr(id, -8). A query by account binds it to `substr(<column>, -8) = ?` beside
// `+<column> = ?` with the id itself; the index is used only when the key is bound as is.
std::string account_key(std::string_view id);

}  // namespace dx::store
