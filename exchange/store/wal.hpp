// Upkeep of the write-ahead log for the single writer, done off its thread so that the writer
// spends its time on commands and on writing the log.
//
// WalSync: the writer commits with synchronous=NORMAL (SQLite writes the WAL but does not flush it)
// and hands each batch's completions here. One thread flushes the WAL file (fdatasync) and only
// then hands them to a second thread that runs them, so no answer leaves before its batch is
// durable, while the writer already applies the next batch and the next flush starts without
// waiting for the answers of the last; one flush covers every batch committed before it started.
// A failed flush stops the process: what the disk holds is then unknown, and the next start
// recovers from the WAL.
//
// Checkpointer: copies the WAL back into the database file on a connection of its own whenever
// enough new frames wait (passive checkpoints, which never block the writer), so readers only ever
// search a short tail of the WAL. Once the WAL is large it asks the writer for a catch-up: a
// passive checkpoint of the few frames added since, run between two batches, after which SQLite
// starts the WAL from its beginning again. That pause (a few milliseconds, tens while the disk is
// busy: it ends with a flush of the database file) comes once per `restart_frames` pages written. Both checkpoints flush the WAL
// before copying and the database file after, so a page leaves the WAL only once it is on disk.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace dx::store {

class Db;

// One JSON line on stderr for a failure of the store's threads (they have no request to log with).
void log_store_event(const char* level, const char* event, const std::string& error);

class WalSync {
 public:
  // `wal_file`: the database's "-wal" file, which exists once the database is open in WAL mode.
  explicit WalSync(const std::filesystem::path& wal_file);
  ~WalSync();  // finish()es
  WalSync(const WalSync&) = delete;
  WalSync& operator=(const WalSync&) = delete;

  // Runs `completion` on the answering thread after the next flush of the WAL that starts after
  // this call; completions run in the order they were handed over. Thread-safe.
  void after_flush(std::function<void()> completion);
  // Flushes and completes everything handed over, then joins the threads. Idempotent.
  void finish();

  std::uint64_t flushes() const;

 private:
  void loop();
  void answer_loop();

  int fd_ = -1;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void()>> pending_;  // waiting for the next flush
  bool stopping_ = false;
  std::uint64_t flushes_ = 0;
  std::thread thread_;

  std::mutex answers_mu_;
  std::condition_variable answers_cv_;
  std::vector<std::function<void()>> flushed_;  // durable, to be run
  bool answers_stopping_ = false;
  std::thread answer_thread_;
};

class Checkpointer {
 public:
  // Copies once `copy_frames` frames are waiting to be copied; asks for a catch-up (and so a
  // restart of the WAL from its beginning) once the WAL holds `restart_frames` frames.
  Checkpointer(const std::filesystem::path& database, int copy_frames, int restart_frames);
  ~Checkpointer();  // stop()s
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Called by the writer after each commit with the number of frames in the WAL.
  void wal_grew(int frames);
  // True once after the WAL reached `restart_frames` and the checkpointer copied it: the writer
  // should now run a passive checkpoint of the few frames added meanwhile, between two batches.
  bool take_catch_up();
  void stop();
  // Passive checkpoints this thread completed.
  std::uint64_t checkpoints() const;

 private:
  void loop();

  std::unique_ptr<Db> db_;
  int copy_frames_, restart_frames_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int frames_ = 0;      // in the WAL, as the writer last reported
  int backfilled_ = 0;  // of those, copied into the database file
  bool catch_up_ = false;
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace dx::store
