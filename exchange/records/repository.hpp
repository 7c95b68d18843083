// Every SQL statement of the records folder outside the storage layer (store/records.hpp keeps
// the log itself): the signed tree heads, and reading the whole log in order for an export or a
// verification. Writes take the sequencer's transaction; reads any connection.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "records/heads.hpp"
#include "store/records.hpp"

namespace dx::records::repository {

void insert_head(store::Tx& tx, const SignedHead& h);
std::optional<SignedHead> latest_head(store::Db& db);
// Every signed head, smallest tree first.
std::vector<SignedHead> all_heads(store::Db& db);

// Calls `each` with every record in sequence order (one statement stepped through, so the log
// is never held in memory).
void for_each_record(store::Db& db, const std::function<void(const store::Record&)>& each);

}  // namespace dx::records::repository
