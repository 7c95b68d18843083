// The single writer (DESIGN.md "How a request flows" step 3). One thread owns the read-write
// connection and everything a command mutates. Commands from all connections queue here and are
// applied in order, in batches: each batch runs in one transaction, each command in its own
// savepoint inside it (unless it needs none: Isolation), and the batch is committed and its WAL
// frames flushed to disk before any command's `done` runs, so no response is sent before its
// change is durable (group commit). The flush and the WAL's checkpoints run on threads of their
// own (store/wal.hpp): while one batch is being flushed the writer already applies the next, and
// it copies no pages into the database file but the few written since the last checkpoint, once
// per restart of the WAL.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/records.hpp"
#include "store/wal.hpp"

namespace dx::store {

class Db;

// What a command sees while it runs: the write connection inside the batch transaction, the
// batch's clock reading (never earlier than the previous batch's), and the record log.
class Tx {
 public:
  using Undo = std::function<void()>;
  Tx(Db& db, ChainHead& head, TimePoint now, const std::string& now_text, std::vector<Undo>& undo)
      : db_(db), head_(head), now_(now), now_text_(now_text), undo_(undo) {}
  Db& db() { return db_; }
  TimePoint now() const { return now_; }
  const std::string& now_text() const { return now_text_; }  // to_rfc3339(now()), made once per batch
  // Appends a record in this transaction (rolled back with the command if it fails).
  Record record(const std::string& actor, const std::string& action, const std::string& subject,
                const nlohmann::json& data);
  // The same with the data object already dumped (append_record_text).
  Record record_text(const std::string& actor, const std::string& action, const std::string& subject,
                     std::string data_text);
  // For a change outside the database that the command has made (a file moved into place):
  // `undo` runs on the sequencer thread if the command's writes are rolled back, by its own
  // savepoint or with its whole batch, and is dropped once they are committed.
  void on_rollback(Undo undo) { undo_.push_back(std::move(undo)); }

 private:
  Db& db_;
  ChainHead& head_;
  TimePoint now_;
  const std::string& now_text_;
  std::vector<Undo>& undo_;
};

struct SequencerOptions {
  std::size_t max_batch = 256;
  // Tables whose rows, once updated or deleted by a committed batch, advance changes_epoch():
  // caches of what those rows say compare epochs to know they are still right.
  std::vector<std::string> watched_tables;
  // The WAL's upkeep, in pages of 1 KiB (store/wal.hpp): a checkpointer on a connection of its own
  // copies the WAL into the database file once `checkpoint_pages` pages wait; once the WAL holds
  // `wal_restart_pages`, the writer copies the pages added meanwhile, between two batches, and the
  // WAL starts again from its beginning. Measured against SQLite's checkpoint on the writer every
  // 2,000 pages: about a fifth more orders and settlements per second (the writer's time per
  // resting bid 35 -> 25 µs) with the same p99 for orders; settlements, which write many pages,
  // wait longer on the restart's flush of the database file (p99 about 15 -> 45 ms,
  // BENCHMARKS.md). The WAL file stays under about 17 MiB.
  int checkpoint_pages = 2000;
  int wal_restart_pages = 16384;
  // Rows of an owned source (store/account_index.hpp) that wait before a batch moves them into
  // the account index.
  std::int64_t account_index_lag = 512;
};

// How a command's writes are kept apart from the other commands of its batch.
enum class Isolation {
  // A savepoint of its own: returning false or throwing rolls back its writes and nothing else.
  savepoint,
  // None, for a command that refuses only before it writes and whose writes fail only when the
  // store itself does (disk, I/O, memory), as then every other command of the batch would too.
  // Returning false after a write, or throwing, fails the whole batch: it is rolled back and every
  // command in it is answered done(false). Saves the writer the savepoint and the copy of each
  // page it changes into the savepoint's journal: about a tenth of its time for a small write
  // such as an API key's (BENCHMARKS.md).
  batch,
};

class Sequencer {
 public:
  // `apply` runs on the sequencer thread inside the batch transaction and, by default, its own
  // savepoint (Isolation). Returning false (or throwing) rolls back everything it did, records
  // included; true keeps it.
  // `done(durable)` runs after the batch committed and reached the disk (durable == true for kept
  // commands; on the WAL answering thread, in the order of submission) or failed to commit
  // (durable == false; on the sequencer thread); it must be quick and not block: typically it
  // posts the response back to the connection's executor.
  using Apply = std::function<bool(Tx&)>;
  using Done = std::function<void(bool durable)>;

  // Opens (creating) the database at `path`, applies migrations, loads the chain head and starts
  // the thread. `on_start` runs once, before any command, for rebuilding in-memory state from the
  // database: on the constructing thread just before the sequencer thread starts (which hands
  // what it built to that thread), so a failure there fails the constructor. `on_failure` runs on
  // the sequencer thread after a command threw (its savepoint rolled back) and after a batch
  // failed to commit (rolled back whole), so in-memory state can be loaded again from what the
  // database holds; a command that returns false must leave in-memory state as it found it.
  // `state_version`, when given, tells whether that is needed: it must change whenever in-memory
  // state may have changed, and on_failure then runs only when it moved while the failed command
  // (or batch) ran, so a command that failed before touching memory costs nothing but itself.
  Sequencer(const std::filesystem::path& path, Clock clock, SequencerOptions options = {},
            std::function<void(Db&)> on_start = {}, std::function<void(Db&)> on_failure = {},
            std::function<std::uint64_t()> state_version = {});
  ~Sequencer();  // stop()s
  Sequencer(const Sequencer&) = delete;
  Sequencer& operator=(const Sequencer&) = delete;

  // Thread-safe. After stop() a submitted command is answered done(false) at once.
  void submit(Apply apply, Done done, Isolation isolation = Isolation::savepoint);

  // Runs `fn` with a typed result: the command is kept when fn returns a value and rolled back
  // when it returns an error; `reply` gets the value only once it is durable, the error otherwise
  // (Errc::unavailable when the commit itself failed, or when `fn` threw). Both `fn` and `reply`
  // are stored in std::function, so they must be copyable.
  template <typename T, typename Fn, typename Reply>
  void run(Fn fn, Reply reply, Isolation isolation = Isolation::savepoint) {
    auto result = std::make_shared<std::optional<Result<T>>>();
    submit(
        [fn = std::move(fn), result](Tx& tx) mutable {
          result->emplace(fn(tx));
          return (*result)->ok();
        },
        [result, reply = std::move(reply)](bool durable) mutable {
          if (result->has_value() && !(*result)->ok()) {
            reply(std::move(**result));
          } else if (!durable || !result->has_value()) {
            reply(Result<T>(make_error(Errc::unavailable, "The change could not be stored.")));
          } else {
            reply(std::move(**result));
          }
        },
        isolation);
  }

  // Finishes every queued command, then joins the thread. Idempotent.
  void stop();

  std::uint64_t batches_committed() const;
  std::uint64_t commands_committed() const;
  std::uint64_t wal_flushes() const;
  std::uint64_t wal_checkpoints() const;  // completed by the checkpointer's thread
  // Advanced after each committed batch that updated or deleted a row of a watched table, once the
  // change is visible to readers (and before any of the batch's answers). A cache filled from a
  // read that began after reading epoch E is right for as long as the epoch is still E.
  std::uint64_t changes_epoch() const { return changes_epoch_.load(std::memory_order_acquire); }

 private:
  struct Item {
    Apply apply;
    Done done;
    Isolation isolation;
  };
  void loop();
  void run_batch(std::deque<Item>& batch);

  std::unique_ptr<Db> db_;
  Clock clock_;
  SequencerOptions options_;
  ChainHead head_;
  TimePoint last_now_{};  // the clock reading of the last batch (or of the last record at start)
  std::function<void(Db&)> on_start_;
  std::function<void(Db&)> on_failure_;
  std::function<std::uint64_t()> state_version_;
  std::unique_ptr<WalSync> wal_sync_;
  bool watched_changed_ = false;  // set by SQLite's update hook on the sequencer thread
  // The account index's check costs a statement; it is skipped while no source can have reached
  // the lag: at most `index_waiting_` rows waited in any source when SQLite's count of changed
  // rows was `index_check_changes_`, and every new row of a source adds one to that count.
  std::int64_t index_waiting_ = 0;
  std::int64_t index_check_changes_ = 0;
  std::atomic<std::uint64_t> changes_epoch_{0};
  std::unique_ptr<Checkpointer> checkpointer_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::uint64_t batches_ = 0;
  std::uint64_t commands_ = 0;
  std::thread thread_;
};

}  // namespace dx::store
