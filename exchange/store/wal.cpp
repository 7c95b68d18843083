#include "store/wal.hpp"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <nlohmann/json.hpp>

#include "store/db.hpp"  // Error

namespace dx::store {

namespace {

void log_line(const char* level, const char* event, const std::string& error) {
  const nlohmann::json line = {{"level", level}, {"event", event}, {"error", error}};
  std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace

WalSync::WalSync(const std::filesystem::path& wal_file) {
  fd_ = ::open(wal_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw Error("open " + wal_file.string() + ": " + std::strerror(errno), 0);
  thread_ = std::thread([this] { loop(); });
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
  if (thread_.joinable()) thread_.join();
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
      log_line("fatal", "wal_flush_failed", std::strerror(errno));
      std::abort();
    }
    {
      std::lock_guard lock(mu_);
      ++flushes_;
    }
    for (auto& done : ready) done();
    ready.clear();
  }
}

}  // namespace dx::store
