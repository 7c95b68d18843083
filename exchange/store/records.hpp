// The record of every state change (O3, O6, O8). Records are appended in the same transaction as
// the change they describe, by the sequencer only; nothing updates or deletes them (the schema's
// triggers refuse it too).
//
// Each record has a canonical byte form, its `leaf`: the compact JSON object
//   {"action":…,"actor":…,"at":…,"data":{…},"seq":…,"subject":…}
// with keys sorted (nlohmann::json's default ordering) and no insignificant whitespace. The chain
// hash is hash_n = SHA-256(hash_{n-1} || leaf_n) with hash_0 = 32 zero bytes. The leaf is also the
// RFC 9162 Merkle leaf (API.md "Records").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/time.hpp"
#include "store/merkle.hpp"

namespace dx::store {

class Db;
class Stmt;

struct Record {
  std::int64_t seq = 0;
  std::string at;       // RFC 3339
  std::string actor;    // account id, "system", or "anonymous"
  std::string action;   // e.g. "account.created"
  std::string subject;  // the id of the object acted upon
  std::string data;     // compact JSON object text; never raw personal information
  std::string leaf;     // canonical bytes
  std::string hash;     // 32 bytes
};

std::string canonical_leaf(std::int64_t seq, const std::string& at, const std::string& actor,
                           const std::string& action, const std::string& subject,
                           const nlohmann::json& data);
// The same, from the compact dump of the data object (as stored in Record::data).
std::string canonical_leaf_of_text(std::int64_t seq, const std::string& at, const std::string& actor,
                                   const std::string& action, const std::string& subject,
                                   std::string_view data_json);

// The in-memory head of the chain, owned by the sequencer thread.
struct ChainHead {
  std::int64_t seq = 0;
  std::string hash = std::string(32, '\0');
  std::string at;  // of the last record, RFC 3339; empty when there is none
  merkle::Frontier frontier;  // the tree's right edge; frontier.size == seq
};

// Loads the head of the chain and the tree; builds the tree's nodes first when the database has
// records without them (a log written before the tree existed).
ChainHead load_chain_head(Db& db);

// The record in the row `st` is on, whose columns are seq, at, actor, action, subject, data,
// leaf, hash; with its leaf rebuilt when it is stored empty.
Record read_record(const Stmt& st);

// The hash of a complete subtree, stored or (for small ones) computed from the records; throws
// when a node or record is missing (a damaged database).
merkle::Hash subtree_hash(Db& db, int level, std::uint64_t index);
std::int64_t tree_size(Db& db);

// Inserts the record and the tree nodes it completes after `head` and advances `head`. Must run
// inside a transaction.
Record append_record(Db& db, ChainHead& head, TimePoint at, const std::string& actor,
                     const std::string& action, const std::string& subject,
                     const nlohmann::json& data);
// The same with the time already in RFC 3339 (to_rfc3339 of it).
Record append_record(Db& db, ChainHead& head, const std::string& at, const std::string& actor,
                     const std::string& action, const std::string& subject,
                     const nlohmann::json& data);
// The same with the data already dumped: `data_text` must be exactly what the data object's
// dump() gives (keys sorted; JsonText writes it so), which is what verification recomputes.
Record append_record_text(Db& db, ChainHead& head, const std::string& at, const std::string& actor,
                          const std::string& action, const std::string& subject, std::string data_text);

struct RecordQuery {
  std::int64_t after_seq = 0;
  int limit = 50;
  std::optional<std::string> subject, actor, action;
  std::optional<std::string> from_at, to_at;  // RFC 3339 bounds, inclusive
};
std::vector<Record> query_records(Db& db, const RecordQuery& q);

// Recomputes the chain from seq 1; returns the first seq whose stored hash or leaf does not match
// (or that is missing), nullopt when the chain is intact.
std::optional<std::int64_t> verify_chain(Db& db);

}  // namespace dx::store
