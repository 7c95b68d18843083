// The flush of the write-ahead log for the single writer, done off its thread. The writer commits
// with synchronous=NORMAL (SQLite writes the WAL but does not flush it) and hands each batch's
// completions here. One thread flushes the WAL file (fdatasync) and only then runs them, so no
// answer leaves before its batch is durable, while the writer already applies the next batch; one
// flush covers every batch committed before it started. A failed flush stops the process: what
// the disk holds is then unknown, and the next start recovers from the WAL.

#pragma once

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dx::store {

class WalSync {
 public:
  // `wal_file`: the database's "-wal" file, which exists once the database is open in WAL mode.
  explicit WalSync(const std::filesystem::path& wal_file);
  ~WalSync();  // finish()es
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // Runs `completion` on the flushing thread after the next flush of the WAL that starts after
  // this call. Thread-safe.
  void after_flush(std::function<void()> completion);
  // Flushes and completes everything handed over, then joins the thread. Idempotent.
  void finish();

  std::uint64_t flushes() const;

 private:
  void loop();

  int fd_ = -1;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void()>> pending_;
  bool stopping_ = false;
  std::uint64_t flushes_ = 0;
  std::thread thread_;
};

}  // namespace dx::store
