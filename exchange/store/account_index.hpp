// What an account owns, and the records of an action, found without an index entry written per
// row (migrations 13 and 14).
//
// An account's orders, its postings in the journal, its API keys and the records it is the actor
// of are listed by account (GET /orders, the statement, GET /api-keys, GET /audit/events?actor=);
// records also by action (GET /audit/events?action=), of which there are a few dozen. Indexed on
// every insert, each of those rows dirtied a leaf per index wherever its key fell: with many
// accounts busy at once, a page per account and per index in every commit (the larger part of
// the WAL a resting bid wrote), and an index by action cost every record, so every command, an
// insert into another B-tree. Instead the writer indexes them in bulk: at the start of a batch,
// once `lag` rows of a source wait past its mark, it writes one row of `account_index` per owner
// (an account, or an action) among them, holding that owner's rowids (a posting list), and
// advances the mark in the same transaction. A query by owner reads the owner's lists up to the
// mark, then the rows past it from the table itself: a range of its primary key of about `lag`
// rows at most.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace dx::store {

class Db;
class Stmt;

// What is listed, by which column: orders by account_id, records by actor, postings by owner,
// records by action, API keys by account_id.
enum class Owned { orders, records_by_actor, ledger_entries, records_by_action, api_keys };

// The writer's step, inside its transaction (SequencerOptions::account_index_lag): for each
// source with at least `lag` rows past its mark, writes their lists and advances the mark.
// Returns the most rows any source still has past its mark.
std::int64_t catch_up_account_index(Db& db, std::int64_t lag);

// Every row of `source` at or below this rowid is in account_index.
std::int64_t account_index_mark(Db& db, Owned source);

struct OwnedQuery {
  std::string owner;  // the listed column's value (see Owned): an account, or an action
  std::int64_t after = 0;  // rowids strictly between after and before
  std::int64_t before = std::numeric_limits<std::int64_t>::max();
  bool descending = false;
  int limit = 50;
  // More conditions on the source's columns, written against the alias `t`, with parameters
  // numbered from ?6 on that `bind` binds (e.g. "t.status = ?6").
  std::string where = "1";
  std::function<void(Stmt&)> bind;
};

// The rowids of the rows of `source` that `q.owner` owns, in rowid order (descending when asked),
// at most q.limit of them.
std::vector<std::int64_t> owned_rows(Db& db, Owned source, const OwnedQuery& q);

// A posting list's rowids (ascending) as stored: the first, then each one's distance from the
// previous as an unsigned LEB128 varint. Exposed for tests.
std::string encode_rowids(const std::vector<std::int64_t>& rowids);
std::vector<std::int64_t> decode_rowids(std::int64_t first, std::string_view deltas);

}  // namespace dx::store
