// Internal to dx_compute: what a dataset connection is bound by while it runs one job, installed
// by a Sandbox and taken away again when it goes out of scope, so that the connection is as the
// caller gave it for the next job.
//
// - An authorizer (sqlite3_set_authorizer) admits SELECT, reading table `data` of the main
//   database and calling the allow-listed functions (query_syntax.hpp), and denies everything
//   else: ATTACH, PRAGMA, writes, other tables, schema tables, recursive CTEs, any other
//   function. The grammar already refused all of these; this is defence in depth, for SQL the
//   checker might let through by mistake.
// - Limits (sqlite3_limit): no attached database, no compound select, bounded SQL length,
//   expression depth, function arguments, VDBE program size, LIKE patterns, and string/blob
//   length (which also bounds what replace() and substr() can build).
// - Time: the progress handler interrupts the statement past the deadline or when `cancel`
//   turns true.
// - Memory, per connection and never process-wide (sqlite3_hard_heap_limit64 would starve the
//   exchange's own store): the main schema's cache_size is set to a quarter of the job's
//   budget, which bounds its page cache and the size of each in-memory sort run (SQLite spills
//   larger sorts to temporary files); temp_store is FILE for the job, so the temporary b-trees
//   of DISTINCT, GROUP BY and IN lists keep only their own page cache (SQLite's default, 2 MB
//   each) in memory and spill the rest to temporary files; and the progress handler
//   interrupts the statement when the page caches of the connection's schemas and its
//   statement memory exceed the budget (sqlite3_db_status). What this does not bound exactly:
//   the temporary b-trees' caches are outside sqlite3_db_status, so a statement with many
//   DISTINCT aggregates may hold a few MB each beyond the budget. The result is bounded
//   separately, while stepping, by the result limits, and any one value by the length limit.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

#include "compute/engine.hpp"

struct sqlite3;

namespace dx::compute::detail {

enum class Stop { none, time, memory, cancel };

class Sandbox {
 public:
  Sandbox(sqlite3* db, const Limits& limits, const std::atomic<bool>* cancel);
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  // Why the progress handler interrupted the statement, if it did.
  Stop stopped() const { return stop_; }

 private:
  static int on_progress(void* self);
  bool past_memory() const;

  sqlite3* db_;
  std::chrono::steady_clock::time_point deadline_;
  std::int64_t memory_bytes_;
  const std::atomic<bool>* cancel_;
  Stop stop_ = Stop::none;
  unsigned ticks_ = 0;
  std::vector<std::pair<int, int>> saved_limits_;  // (limit, value before the job)
  std::int64_t saved_cache_size_ = 0;
  std::int64_t saved_temp_store_ = 0;
};

}  // namespace dx::compute::detail
