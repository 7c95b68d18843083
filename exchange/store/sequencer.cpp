#include "store/sequencer.hpp"

#include <pthread.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "store/schema.hpp"

namespace dx::store {

namespace {

void log_failure(const char* what, const std::exception& e) {
  const nlohmann::json line = {{"level", "error"}, {"event", what}, {"error", e.what()}};
  std::fprintf(stderr, "%s\n", line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace

Record Tx::record(const std::string& actor, const std::string& action, const std::string& subject,
                  const nlohmann::json& data) {
  return append_record(db_, head_, now_, actor, action, subject, data);
}

Sequencer::Sequencer(const std::filesystem::path& path, Clock clock, SequencerOptions options,
                     std::function<void(Db&)> on_start)
    : db_(std::make_unique<Db>(path, OpenMode::read_write_create)),
      clock_(std::move(clock)),
      options_(options),
      on_start_(std::move(on_start)) {
  migrate(*db_);
  head_ = load_chain_head(*db_);
  if (on_start_) on_start_(*db_);
  thread_ = std::thread([this] { loop(); });
}

Sequencer::~Sequencer() { stop(); }

void Sequencer::submit(Apply apply, Done done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back({std::move(apply), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(false);
}

void Sequencer::stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t Sequencer::batches_committed() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::uint64_t Sequencer::commands_committed() const {
  std::lock_guard lock(mu_);
  return commands_;
}

void Sequencer::loop() {
  pthread_setname_np(pthread_self(), "dx-sequencer");
  std::deque<Item> batch;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is done
      while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

// One transaction for the whole batch; a savepoint per command so a refused or failed command
// leaves no trace while the others commit.
void Sequencer::run_batch(std::deque<Item>& batch) {
  std::vector<char> kept(batch.size(), 0);
  std::size_t kept_count = 0;
  bool committed = false;
  const ChainHead batch_start = head_;
  try {
    // Prepared once and reused: parsing these on every command would cost more than the work.
    db_->cached("BEGIN IMMEDIATE").run();
    const TimePoint now = clock_();
    for (std::size_t i = 0; i < batch.size(); ++i) {
      db_->cached("SAVEPOINT cmd").run();
      const ChainHead before = head_;
      Tx tx(*db_, head_, now);
      bool keep = false;
      try {
        keep = batch[i].apply(tx);
      } catch (const std::exception& e) {
        log_failure("command_failed", e);
      }
      if (keep) {
        db_->cached("RELEASE cmd").run();
        kept[i] = 1;
        ++kept_count;
      } else {
        db_->cached("ROLLBACK TO cmd").run();
        db_->cached("RELEASE cmd").run();
        head_ = before;
      }
    }
    db_->cached("COMMIT").run();
    committed = true;
  } catch (const std::exception& e) {
    log_failure("commit_failed", e);
    try {
      db_->exec("ROLLBACK");
    } catch (const std::exception&) {
    }
    head_ = batch_start;
  }
  {
    std::lock_guard lock(mu_);
    if (committed) {
      ++batches_;
      commands_ += kept_count;
    }
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(committed && kept[i]);
}

}  // namespace dx::store
