// What a money command journaled, for its record: every posting is recorded (O3, CQ-37(3); O8
// registration and clearing, SH-67). market/money.hpp writes the postings to ledger_entries; a
// command notes the last entry id before it moves money and copies the new rows into its record.
// Sequencer thread (the write connection) only.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "money/repository.hpp"

namespace dx::store {
class Db;
}

namespace dx::money {

// The id of the newest journal entry; 0 when the journal is empty.
using repository::last_entry_id;

// The postings after `after_id`, oldest first: [{movement, kind, bucket, owner, amount_fen}].
nlohmann::json postings_after(store::Db& db, std::int64_t after_id);

}  // namespace dx::money
