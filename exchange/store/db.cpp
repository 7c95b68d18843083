#include "store/db.hpp"

#include <sqlite3.h>

namespace dx::store {

namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what) {
  throw StoreError(std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), rc);
}

// A zero-length blob is still a blob, not NULL: SQLite needs a non-null pointer for it.
const void* blob_data(std::string_view bytes) {
  static const char kEmpty = 0;
  return bytes.empty() ? &kEmpty : bytes.data();
}

// SQLite counts the memory it allocates unless told otherwise before it initialises, and the
// count sits behind one mutex for the whole process: every allocation and free of every
// connection takes it, and Debian's build has no lookaside, so each statement step allocates.
// The writer and the readers then wait on one another's allocations (without the count the writer
// measured about 1 µs less per API key and 2 to 4 µs less per resting bid). Nothing here reads
// the count, so it is switched off while the program loads, before any connection or VFS can
// initialise SQLite.
[[maybe_unused]] const int kNoMemoryCount = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

}  // namespace

Stmt::Stmt(sqlite3* db, std::string_view sql) : db_(db) {
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, "prepare '" + std::string(sql.substr(0, 80)) + "'");
}

Stmt::~Stmt() { sqlite3_finalize(stmt_); }

Stmt::Stmt(Stmt&& o) noexcept : db_(o.db_), stmt_(o.stmt_) { o.stmt_ = nullptr; }

Stmt& Stmt::operator=(Stmt&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = o.db_;
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Stmt& Stmt::bound(int rc) {
  if (rc != SQLITE_OK) fail(db_, rc, "bind");
  return *this;
}

Stmt& Stmt::bind(int index, std::int64_t value) { return bound(sqlite3_bind_int64(stmt_, index, value)); }

Stmt& Stmt::bind(int index, std::string_view text) {
  return bound(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

Stmt& Stmt::bind_blob(int index, std::string_view bytes) {
  return bound(sqlite3_bind_blob64(stmt_, index, blob_data(bytes), bytes.size(), SQLITE_TRANSIENT));
}

Stmt& Stmt::bind_borrowed(int index, std::string_view text) {
  return bound(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8));
}

Stmt& Stmt::bind_blob_borrowed(int index, std::string_view bytes) {
  return bound(sqlite3_bind_blob64(stmt_, index, blob_data(bytes), bytes.size(), SQLITE_STATIC));
}

Stmt& Stmt::bind_null(int index) { return bound(sqlite3_bind_null(stmt_, index)); }

Stmt& Stmt::bind(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

Stmt& Stmt::bind(int index, const std::optional<std::int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

bool Stmt::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const std::string sql = sqlite3_sql(stmt_) ? sqlite3_sql(stmt_) : "";
  sqlite3_reset(stmt_);
  fail(db_, rc, "step '" + sql.substr(0, 80) + "'");
}

void Stmt::run() {
  while (step()) {
  }
}

void Stmt::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Stmt::is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::int64_t Stmt::int64(int col) const { return sqlite3_column_int64(stmt_, col); }

double Stmt::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Stmt::text(int col) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::string Stmt::blob(int col) const {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::optional<std::string> Stmt::opt_text(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::optional<std::int64_t> Stmt::opt_int64(int col) const {
  if (is_null(col)) return std::nullopt;
  return int64(col);
}

Db::Db(const std::filesystem::path& path, OpenMode mode, const char* vfs) {
  const int flags = mode == OpenMode::read_only
                        ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
                        : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
  if (rc != SQLITE_OK) {
    const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("open " + path.string() + ": " + msg, rc);
  }
  try {
    sqlite3_busy_timeout(db_, 5000);
    sqlite3_extended_result_codes(db_, 1);
    // Memory-mapped reads save a copy per page read, so the page caches stay small: at every
    // commit SQLite walks the writer's whole page-cache hash table (measured: a 64 MiB cache cost
    // a quarter of the writer's time), and a reader drops its cache whenever the database changed.
    if (mode == OpenMode::read_write_create)
      // 1 KiB pages (for a new file): most writes are small rows and index entries scattered over
      // B-trees, and every page a commit touches is written whole to the WAL. Temporary storage in
      // memory: a savepoint keeps the first image of every page its command changes, and past
      // 64 KiB SQLite moves those images to a temporary file, one write per page (a command
      // that fills an order touches more than that; it cost a third of the writer's time).
      exec("PRAGMA page_size=1024; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
           "PRAGMA cache_size=-4096; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;");
    else
      exec("PRAGMA foreign_keys=ON; PRAGMA cache_size=-16384; PRAGMA mmap_size=268435456;");
  } catch (...) {
    // The destructor does not run for a constructor that throws.
    sqlite3_close(db_);
    throw;
  }
}

Db::~Db() {
  cache_.clear();  // statements are finalised before the connection closes
  sqlite3_close(db_);
}

Db::Db(Db&& o) noexcept : db_(o.db_), cache_(std::move(o.cache_)) { o.db_ = nullptr; }

Db& Db::operator=(Db&& o) noexcept {
  if (this != &o) {
    cache_.clear();
    sqlite3_close(db_);
    db_ = o.db_;
    cache_ = std::move(o.cache_);
    o.db_ = nullptr;
  }
  return *this;
}

void Db::exec(std::string_view sql) {
  char* err = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    const std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    throw StoreError("exec '" + text.substr(0, 80) + "': " + msg, rc);
  }
}

Stmt Db::prepare(std::string_view sql) { return Stmt(db_, sql); }

Stmt& Db::cached(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Stmt>(db_, sql)).first;
  it->second->reset();
  return *it->second;
}

void Db::reset_cached() {
  for (auto& [sql, stmt] : cache_) stmt->reset();
}

std::int64_t Db::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Db::changes() const { return sqlite3_changes(db_); }

}  // namespace dx::store
