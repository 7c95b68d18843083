// Reference figure for the HTTP write benchmarks: how many durable commits/s SQLite itself does
// here with the exchange's settings (WAL, synchronous=FULL), one row per commit and in batches.
//   sqlite_commits DIR SECONDS BATCH   -> prints {"commits_per_s":…,"rows_per_s":…}
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: sqlite_commits DIR SECONDS BATCH\n");
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const double seconds = std::atof(argv[2]);
  const int batch = std::atoi(argv[3]);
  std::filesystem::create_directories(dir);
  const auto path = (dir / "commits.db").string();
  std::filesystem::remove(path);
  sqlite3* db = nullptr;
  check(sqlite3_open(path.c_str(), &db), db);
  check(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                         "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, key_hash BLOB, at TEXT);",
                     nullptr, nullptr, nullptr), db);
  sqlite3_stmt* ins = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO t (name, key_hash, at) VALUES (?, randomblob(32), ?)", -1,
                           &ins, nullptr), db);
  const auto start = std::chrono::steady_clock::now();
  long commits = 0, rows = 0;
  while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds) {
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
    for (int i = 0; i < batch; ++i, ++rows) {
      sqlite3_bind_text(ins, 1, "bench", -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 2, "2026-11-23T00:00:00.000Z", -1, SQLITE_STATIC);
      check(sqlite3_step(ins), db);
      sqlite3_reset(ins);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    ++commits;
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"commits_per_s\":%.1f,\"rows_per_s\":%.1f}\n", commits / elapsed, rows / elapsed);
  sqlite3_finalize(ins);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
  return 0;
}
