// The database schema as an ordered list of migrations. Migration i (1-based) moves the schema from
// version i-1 to i; applied ones are never edited, new changes are appended.
#pragma once

#include <string>
#include <vector>

namespace dx::store {

class Db;

const std::vector<std::string>& migrations();

// Applies every migration newer than the database's user_version, each in its own transaction.
// Throws store::StoreError when the database is newer than this program.
void migrate(Db& db);

}  // namespace dx::store
