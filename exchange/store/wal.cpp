#include "store/wal.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "store/db.hpp"

namespace dx::store {

void log_store_event(const char* level, const char* event, const std::string& error) {
  const nlohmann::json line = {{"level", level}, {"event", event}, {"error", error}};
  std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

WalSync::WalSync(const std::filesystem::path& wal_file) {
  fd_ = ::open(wal_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw StoreError("open " + wal_file.string() + ": " + std::strerror(errno), 0);
  thread_ = std::thread([this] { loop(); });
  answer_thread_ = std::thread([this] { answer_loop(); });
}

WalSync::~WalSync() { finish(); }

void WalSync::after_flush(std::function<void()> completion) {
  std::lock_guard lock(mu_);
  pending_.push_back(std::move(completion));
  cv_.notify_one();
}

void WalSync::finish() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();  // everything handed over is flushed and handed on
  {
    std::lock_guard lock(answers_mu_);
    answers_stopping_ = true;
  }
  answers_cv_.notify_all();
  if (answer_thread_.joinable()) answer_thread_.join();
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

std::uint64_t WalSync::flushes() const {
  std::lock_guard lock(mu_);
  return flushes_;
}

void WalSync::loop() {
  pthread_setname_np(pthread_self(), "dx-wal-sync");
  std::vector<std::function<void()>> ready;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and everything handed over is answered
      ready.swap(pending_);
    }
    if (::fdatasync(fd_) != 0) {
      // Whether the WAL reached the disk is unknown (and a retry could wrongly succeed once the
      // kernel dropped the dirty pages): answer nothing and stop; a restart recovers from the WAL.
      log_store_event("fatal", "wal_flush_failed", std::strerror(errno));
      std::abort();
    }
    {
      std::lock_guard lock(mu_);
      ++flushes_;
    }
    // The next flush (of what the writer committed meanwhile) starts now instead of after the
    // 20 or so answers of this one are handed to the I/O threads (BENCHMARKS.md).
    {
      std::lock_guard lock(answers_mu_);
      flushed_.insert(flushed_.end(), std::make_move_iterator(ready.begin()), std::make_move_iterator(ready.end()));
    }
    answers_cv_.notify_one();
    ready.clear();
  }
}

void WalSync::answer_loop() {
  pthread_setname_np(pthread_self(), "dx-wal-answer");
  std::vector<std::function<void()>> ready;
  for (;;) {
    {
      std::unique_lock lock(answers_mu_);
      answers_cv_.wait(lock, [this] { return answers_stopping_ || !flushed_.empty(); });
      if (flushed_.empty()) return;  // stopping, and everything flushed is answered
      ready.swap(flushed_);
    }
    for (auto& done : ready) done();
    ready.clear();
  }
}

Checkpointer::Checkpointer(const std::filesystem::path& database, int copy_frames, int restart_frames)
    : db_(std::make_unique<Db>(database, OpenMode::read_write_create)),
      copy_frames_(std::max(copy_frames, 1)),
      restart_frames_(std::max(restart_frames, copy_frames_)) {
  thread_ = std::thread([this] { loop(); });
}

Checkpointer::~Checkpointer() { stop(); }

void Checkpointer::wal_grew(int frames) {
  std::lock_guard lock(mu_);
  if (frames < frames_) backfilled_ = 0;  // the WAL started again from its beginning
  frames_ = frames;
  if (frames_ - backfilled_ >= copy_frames_ && !catch_up_) cv_.notify_one();
}

bool Checkpointer::take_catch_up() {
  std::lock_guard lock(mu_);
  return std::exchange(catch_up_, false);
}

std::uint64_t Checkpointer::checkpoints() const {
  std::lock_guard lock(mu_);
  return checkpoints_;
}

void Checkpointer::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Checkpointer::loop() {
  pthread_setname_np(pthread_self(), "dx-checkpoint");
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || (frames_ - backfilled_ >= copy_frames_ && !catch_up_); });
      if (stopping_) return;
    }
    int in_log = 0, copied = 0;
    const int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &in_log, &copied);
    std::lock_guard lock(mu_);
    if (rc != SQLITE_OK) {
      // Busy: the writer's catch-up is copying. Either way, try again after its next commit.
      if (rc != SQLITE_BUSY) log_store_event("error", "checkpoint_failed", sqlite3_errmsg(db_->handle()));
      frames_ = backfilled_;
      continue;
    }
    ++checkpoints_;
    // Otherwise the WAL started again from its beginning meanwhile, which wal_grew() recorded.
    if (frames_ >= in_log) backfilled_ = copied;
    if (in_log >= restart_frames_) catch_up_ = true;
  }
}

}  // namespace dx::store
