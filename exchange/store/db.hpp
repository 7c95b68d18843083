// RAII over SQLite: a Db owns a sqlite3*, a Stmt owns a sqlite3_stmt*. SQLite failures are
// exceptional here (disk full, a corrupt file, a violated constraint the caller should have
// checked) and throw store::StoreError. Not thread-safe: one thread uses a Db (and its Stmts) at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace dx::store {

// A failure of the storage itself, thrown: never an expected outcome (those are dx::Error values).
struct StoreError : std::runtime_error {
  StoreError(const std::string& what, int sqlite_code) : std::runtime_error(what), code(sqlite_code) {}
  int code;
};

enum class OpenMode { read_write_create, read_only };

class Stmt {
 public:
  Stmt(sqlite3* db, std::string_view sql);
  ~Stmt();
  Stmt(Stmt&&) noexcept;
  Stmt& operator=(Stmt&&) noexcept;
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Parameters are 1-based as in SQLite. Text and blobs are copied (SQLITE_TRANSIENT).
  Stmt& bind(int index, std::int64_t value);
  Stmt& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Stmt& bind(int index, std::string_view text);
  Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Stmt& bind_blob(int index, std::string_view bytes);
  // Not copied, for the hottest statements: the bytes must stay as they are until the statement
  // has run and been reset, and the parameter must be bound again before it runs again.
  Stmt& bind_borrowed(int index, std::string_view text);
  Stmt& bind_blob_borrowed(int index, std::string_view bytes);
  Stmt& bind_null(int index);
  Stmt& bind(int index, const std::optional<std::string>& text);
  Stmt& bind(int index, const std::optional<std::int64_t>& value);

  // Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  // Steps to completion, for statements that return no rows.
  void run();
  // Resets and clears bindings so the statement can be reused.
  void reset();

  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;   // empty for NULL
  std::string blob(int col) const;   // empty for NULL
  std::optional<std::string> opt_text(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;

 private:
  Stmt& bound(int rc);  // throws StoreError unless a bind returned SQLITE_OK
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

// A cached statement in use (Db::query): bound, stepped and read through `->`, and reset when the
// guard goes out of scope, which clears its bindings and ends any read it still holds open (a
// half-stepped SELECT would otherwise pin an old snapshot of a WAL database).
class Query {
 public:
  explicit Query(Stmt& st) : st_(&st) {}
  ~Query() {
    if (st_ != nullptr) st_->reset();
  }
  Query(Query&& other) noexcept : st_(other.st_) { other.st_ = nullptr; }
  Query& operator=(Query&&) = delete;
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Stmt* operator->() const { return st_; }
  Stmt& operator*() const { return *st_; }

 private:
  Stmt* st_;
};

class Db {
 public:
  // Opens with WAL, foreign keys on, busy timeout, and synchronous=FULL (each commit flushes the
  // WAL). The sequencer's writer connection then lowers it to NORMAL and flushes the WAL itself,
  // once per group of commits and before any of them is answered (store/wal.hpp WalSync), so an
  // acknowledged write still survives power loss and kill -9.
  // `vfs`: the name of a registered SQLite VFS, or nullptr for the default one.
  Db(const std::filesystem::path& path, OpenMode mode, const char* vfs = nullptr);
  ~Db();
  Db(Db&&) noexcept;
  Db& operator=(Db&&) noexcept;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(std::string_view sql);  // one or more statements, no parameters
  Stmt prepare(std::string_view sql);
  // A statement prepared once per connection and reused, reset when the returned guard ends.
  Query query(const std::string& sql) { return Query(cached(sql)); }
  // The same statement without a guard, for a caller that keeps it across calls; it is reset
  // before it is returned.
  Stmt& cached(const std::string& sql);
  // Resets every cached statement, ending any read transaction one of them still holds open
  // (a half-stepped SELECT would otherwise pin an old snapshot of a WAL database).
  void reset_cached();
  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> cache_;
};

}  // namespace dx::store
