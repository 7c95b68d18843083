#include "store/sequencer.hpp"

#include <pthread.h>

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/schema.hpp"
#include "store/wal_vfs.hpp"

namespace dx::store {

namespace {

void log_failure(const char* what, const char* error) { log_store_event("error", what, error); }

// What a command runs with besides the database: the batch's clock reading, the rollback actions
// of the batch's kept commands, and the hooks for in-memory state.
struct CommandContext {
  TimePoint now;
  const std::string& now_text;
  std::vector<Tx::Undo>& batch_undo;  // of the commands kept so far in this batch
  const std::function<void(Db&)>& on_failure;
  const std::function<std::uint64_t()>& state_version;
};

void run_undo(std::vector<Tx::Undo>& undo) {
  for (auto it = undo.rbegin(); it != undo.rend(); ++it) {
    try {
      (*it)();
    } catch (const std::exception& e) {
      log_failure("undo_failed", e.what());
    }
  }
  undo.clear();
}

// Runs one command in its own savepoint; true when it is kept. `saved` is scratch space reused
// across commands, so saving the head copies into existing buffers instead of allocating.
bool apply_in_savepoint(Db& db, ChainHead& head, ChainHead& saved, const CommandContext& c,
                        const Sequencer::Apply& apply) {
  // Prepared once and reused: parsing these on every command would cost more than the work.
  db.cached("SAVEPOINT cmd").run();
  saved = head;
  std::vector<Tx::Undo> undo;
  const std::uint64_t version = c.state_version ? c.state_version() : 0;
  Tx tx(db, head, c.now, c.now_text, undo);
  bool keep = false, threw = true;
  try {
    keep = apply(tx);
    threw = false;
  } catch (const std::exception& e) {
    log_failure("command_failed", e.what());
  } catch (...) {
    log_failure("command_failed", "an exception not derived from std::exception");
  }
  if (keep) {
    db.cached("RELEASE cmd").run();
    for (auto& u : undo) c.batch_undo.push_back(std::move(u));
    return true;
  }
  db.cached("ROLLBACK TO cmd").run();
  db.cached("RELEASE cmd").run();
  head = saved;
  run_undo(undo);
  // Memory that may have moved with the rolled-back writes is loaded again from the database.
  const bool memory_moved = !c.state_version || c.state_version() != version;
  if (threw && memory_moved && c.on_failure) c.on_failure(db);
  return false;
}

// Runs one command without a savepoint (Isolation::batch); true when it is kept. A throw goes on
// to fail the batch; so does a refusal after the command changed a row or appended a record,
// which only a savepoint could have undone.
bool apply_in_batch(Db& db, ChainHead& head, const CommandContext& c, const Sequencer::Apply& apply) {
  const auto changes = sqlite3_total_changes64(db.handle());
  const auto seq = head.seq;
  Tx tx(db, head, c.now, c.now_text, c.batch_undo);
  if (apply(tx)) return true;
  if (sqlite3_total_changes64(db.handle()) != changes || head.seq != seq)
    throw StoreError("a command without a savepoint of its own refused after writing", 0);
  return false;
}

// After a batch failed: ends the transaction if SQLite has not already, and takes the head from
// what the database really holds, falling back to the head before the batch.
void recover(Db& db, ChainHead& head, const ChainHead& batch_start) {
  try {
    if (!sqlite3_get_autocommit(db.handle())) db.exec("ROLLBACK");
    head = load_chain_head(db);
  } catch (const std::exception& e) {
    log_failure("rollback_failed", e.what());
    head = batch_start;
  }
}

}  // namespace

Record Tx::record(const std::string& actor, const std::string& action, const std::string& subject,
                  const nlohmann::json& data) {
  return append_record(db_, head_, now_text_, actor, action, subject, data);
}

Record Tx::record_text(const std::string& actor, const std::string& action, const std::string& subject,
                       std::string data_text) {
  return append_record_text(db_, head_, now_text_, actor, action, subject, std::move(data_text));
}

Sequencer::Sequencer(const std::filesystem::path& path, Clock clock, SequencerOptions options,
                     std::function<void(Db&)> on_start, std::function<void(Db&)> on_failure,
                     std::function<std::uint64_t()> state_version)
    : db_(std::make_unique<Db>(path, OpenMode::read_write_create, coalescing_vfs())),
      clock_(std::move(clock)),
      options_(options),
      on_start_(std::move(on_start)),
      on_failure_(std::move(on_failure)),
      state_version_(std::move(state_version)) {
  options_.max_batch = std::max<std::size_t>(options_.max_batch, 1);  // 0 would never take a command
  migrate(*db_);
  // Whatever the account index does not hold yet (all of a source after the migration that
  // added it), in one go.
  db_->exec("BEGIN IMMEDIATE");
  index_waiting_ = catch_up_account_index(*db_, 1);
  db_->exec("COMMIT");
  index_check_changes_ = sqlite3_total_changes64(db_->handle());
  head_ = load_chain_head(*db_);
  if (auto last = parse_rfc3339(head_.at)) last_now_ = *last;
  if (on_start_) on_start_(*db_);
  // From here on commits write the WAL without flushing it; WalSync flushes before answering.
  db_->exec("PRAGMA synchronous=NORMAL");
  wal_sync_ = std::make_unique<WalSync>(path.string() + "-wal");
  if (!options_.watched_tables.empty())
    sqlite3_update_hook(
        db_->handle(),
        [](void* self, int op, const char*, const char* table, sqlite3_int64) {
          auto* seq = static_cast<Sequencer*>(self);
          if (op == SQLITE_INSERT || seq->watched_changed_) return;
          for (const auto& t : seq->options_.watched_tables)
            if (t == table) seq->watched_changed_ = true;
        },
        this);
  checkpointer_ = std::make_unique<Checkpointer>(path, options_.checkpoint_pages, options_.wal_restart_pages);
  // Replaces SQLite's automatic checkpoint on commit, which would stop the writer for it.
  sqlite3_wal_hook(
      db_->handle(),
      [](void* self, sqlite3*, const char*, int frames) {
        static_cast<Sequencer*>(self)->checkpointer_->wal_grew(frames);
        return SQLITE_OK;
      },
      this);
  thread_ = std::thread([this] { loop(); });
}

Sequencer::~Sequencer() { stop(); }

void Sequencer::submit(Apply apply, Done done, Isolation isolation) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back({std::move(apply), std::move(done), isolation});
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
  if (wal_sync_) wal_sync_->finish();
  if (checkpointer_) checkpointer_->stop();
}

std::uint64_t Sequencer::batches_committed() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::uint64_t Sequencer::commands_committed() const {
  std::lock_guard lock(mu_);
  return commands_;
}

std::uint64_t Sequencer::wal_flushes() const { return wal_sync_ ? wal_sync_->flushes() : 0; }

std::uint64_t Sequencer::wal_checkpoints() const { return checkpointer_ ? checkpointer_->checkpoints() : 0; }

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
    if (checkpointer_->take_catch_up()) {
      // The checkpointer copied the bulk; copying the rest here, between batches, lets SQLite
      // start the WAL from its beginning at the next commit.
      const int rc = sqlite3_wal_checkpoint_v2(db_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) log_failure("checkpoint_failed", sqlite3_errmsg(db_->handle()));
    }
  }
}

// One transaction for the whole batch; a savepoint per command so a refused or failed command
// leaves no trace while the others commit.
void Sequencer::run_batch(std::deque<Item>& batch) {
  std::vector<char> kept(batch.size(), 0);
  std::size_t kept_count = 0;
  bool committed = false;
  const ChainHead batch_start = head_;
  const std::uint64_t version = state_version_ ? state_version_() : 0;
  std::vector<Tx::Undo> undo;
  try {
    db_->cached("BEGIN IMMEDIATE").run();
    if (index_waiting_ + (sqlite3_total_changes64(db_->handle()) - index_check_changes_) >= options_.account_index_lag) {
      index_waiting_ = catch_up_account_index(*db_, options_.account_index_lag);
      index_check_changes_ = sqlite3_total_changes64(db_->handle());
    }
    // Never before the previous batch: record times must not decrease along seq (records.hpp).
    const TimePoint now = std::max(clock_(), last_now_);
    last_now_ = now;
    const std::string now_text = to_rfc3339(now);
    ChainHead saved;
    const CommandContext context{now, now_text, undo, on_failure_, state_version_};
    for (std::size_t i = 0; i < batch.size(); ++i) {
      kept[i] = batch[i].isolation == Isolation::batch ? apply_in_batch(*db_, head_, context, batch[i].apply)
                                                       : apply_in_savepoint(*db_, head_, saved, context, batch[i].apply);
      kept_count += kept[i];
    }
    db_->cached("COMMIT").run();
    committed = true;
    // Visible to readers from here: caches of the watched rows must reload from now on.
    if (std::exchange(watched_changed_, false)) changes_epoch_.fetch_add(1, std::memory_order_acq_rel);
  } catch (const std::exception& e) {
    log_failure("batch_failed", e.what());
    recover(*db_, head_, batch_start);
    run_undo(undo);
    index_waiting_ = options_.account_index_lag;  // a catch-up may have been rolled back: check again
    if (std::exchange(watched_changed_, false)) changes_epoch_.fetch_add(1, std::memory_order_acq_rel);
    if (on_failure_ && (!state_version_ || state_version_() != version)) {
      try {
        on_failure_(*db_);
      } catch (const std::exception& again) {
        // Memory that cannot be made to match the database must not serve another command.
        log_failure("state_rebuild_failed", again.what());
        std::abort();
      }
    }
  }
  {
    std::lock_guard lock(mu_);
    if (committed) {
      ++batches_;
      commands_ += kept_count;
    }
  }
  if (!committed) {
    for (auto& item : batch) item.done(false);
    return;
  }
  // Answered once the WAL holding this batch is on disk.
  auto answers = std::make_shared<std::pair<std::vector<Done>, std::vector<char>>>();
  answers->first.reserve(batch.size());
  for (auto& item : batch) answers->first.push_back(std::move(item.done));
  answers->second = std::move(kept);
  wal_sync_->after_flush([answers] {
    for (std::size_t i = 0; i < answers->first.size(); ++i) answers->first[i](answers->second[i] != 0);
  });
}

}  // namespace dx::store
