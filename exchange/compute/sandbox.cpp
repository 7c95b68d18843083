#include "compute/sandbox.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "compute/query_syntax.hpp"

namespace dx::compute::detail {
namespace {

// SQLite runs this many VDBE instructions between calls of the progress handler: often enough
// that a job stops within a millisecond or so of its deadline.
constexpr int kProgressInstructions = 1000;
// The memory check walks the connection's pagers; every 16th progress call is often enough.
constexpr unsigned kMemoryCheckEvery = 16;

bool named(const char* s, std::string_view name) {
  if (s == nullptr) return false;
  const std::string_view v(s);
  return std::equal(v.begin(), v.end(), name.begin(), name.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == b;
  });
}

// Defence in depth behind the grammar: reading `data` and the allow-listed functions only.
int authorize(void*, int action, const char* a, const char* b, const char* schema, const char*) {
  switch (action) {
    case SQLITE_SELECT:
      return SQLITE_OK;
    case SQLITE_READ:
      return named(a, "data") && (schema == nullptr || named(schema, "main")) ? SQLITE_OK
                                                                              : SQLITE_DENY;
    case SQLITE_FUNCTION:
      return b != nullptr && sqlite_function_allowed(b) ? SQLITE_OK : SQLITE_DENY;
    default:
      return SQLITE_DENY;
  }
}

std::int64_t pragma_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  std::int64_t value = 0;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  return value;
}

void set_pragma(sqlite3* db, const char* pragma, std::int64_t value) {
  const std::string sql = std::string("PRAGMA ") + pragma + " = " + std::to_string(value);
  sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

}  // namespace

Sandbox::Sandbox(sqlite3* db, const Limits& limits, const std::atomic<bool>* cancel)
    : db_(db),
      deadline_(std::chrono::steady_clock::now() + limits.time),
      memory_bytes_(limits.memory_bytes),
      cancel_(cancel) {
  saved_cache_size_ = pragma_int(db_, "PRAGMA main.cache_size");
  saved_temp_store_ = pragma_int(db_, "PRAGMA temp_store");
  // A job reads `data` once, so a large page cache buys nothing, and SQLite's sorter sizes its
  // in-memory runs by it: runs of hundreds of megabytes sort at half the speed of 2 MiB runs
  // merged from the (in-memory) temporary files. A quarter of the budget, at most 2 MiB.
  set_pragma(
      db_, "main.cache_size",
      -std::max<std::int64_t>(std::min<std::int64_t>(limits.memory_bytes / 4 / 1024, 2048), 64));
  set_pragma(db_, "temp_store", 1);  // FILE: temporary b-trees spill past their cache
  const int value_bytes = 2 << 20;
  const std::pair<int, int> limits_for_job[] = {
      {SQLITE_LIMIT_ATTACHED, 0},
      {SQLITE_LIMIT_COMPOUND_SELECT, 1},
      {SQLITE_LIMIT_SQL_LENGTH, 1 << 20},
      {SQLITE_LIMIT_LENGTH, value_bytes},
      {SQLITE_LIMIT_EXPR_DEPTH, 2 * kMaxExprDepth + 16},
      {SQLITE_LIMIT_FUNCTION_ARG, 8},
      {SQLITE_LIMIT_VDBE_OP, 250'000},
      {SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000},
      {SQLITE_LIMIT_VARIABLE_NUMBER, 1},
      {SQLITE_LIMIT_WORKER_THREADS, 0},
  };
  for (const auto& [id, value] : limits_for_job) {
    saved_limits_.emplace_back(id, sqlite3_limit(db_, id, value));
  }
  sqlite3_set_authorizer(db_, authorize, nullptr);
  sqlite3_progress_handler(db_, kProgressInstructions, on_progress, this);
}

Sandbox::~Sandbox() {
  sqlite3_progress_handler(db_, 0, nullptr, nullptr);
  sqlite3_set_authorizer(db_, nullptr, nullptr);
  for (const auto& [id, value] : saved_limits_) sqlite3_limit(db_, id, value);
  set_pragma(db_, "main.cache_size", saved_cache_size_);
  set_pragma(db_, "temp_store", saved_temp_store_);
}

int Sandbox::on_progress(void* p) {
  auto* self = static_cast<Sandbox*>(p);
  if (self->cancel_ != nullptr && self->cancel_->load(std::memory_order_relaxed)) {
    self->stop_ = Stop::cancel;
  } else if (std::chrono::steady_clock::now() >= self->deadline_) {
    self->stop_ = Stop::time;
  } else if (++self->ticks_ % kMemoryCheckEvery == 0 && self->past_memory()) {
    self->stop_ = Stop::memory;
  }
  return self->stop_ == Stop::none ? 0 : 1;
}

bool Sandbox::past_memory() const {
  std::int64_t total = 0;
  for (int op : {SQLITE_DBSTATUS_CACHE_USED, SQLITE_DBSTATUS_STMT_USED}) {
    int current = 0;
    int high = 0;
    sqlite3_db_status(db_, op, &current, &high, 0);
    total += current;
  }
  return total > memory_bytes_;
}

}  // namespace dx::compute::detail
