// Every SQL statement of the gateway: the licence a call is decided on (read across trades,
// contracts, products and accounts), the usage it counts (gateway_usage by trade and day,
// gateway_batches with the hash of each batch's call log, gateway_batch_items), and a compute licence's jobs (compute_jobs, read only). Reads take a
// connection, writes the sequencer's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::gateway::repository {

// A licence's row, its product's document still sealed (listing opens it).
struct LicenceRow {
  std::string trade_id, buyer_id, seller_id, product_id, delivery_mode, trade_status;
  std::optional<std::string> term_end;
  std::optional<std::int64_t> call_quota, rate_limit_per_s;
  std::string product_status;
  bool buyer_suspended = false, seller_suspended = false;
};
std::optional<LicenceRow> licence(store::Db& db, const std::string& trade_id);

struct Totals {
  std::int64_t calls = 0, bytes_out = 0;
};
Totals totals(store::Db& db, const std::string& trade_id);

// A compute licence's accepted jobs and the privacy budget they spent (an accepted job's epsilon
// is spent whatever its outcome).
struct JobTotals {
  std::int64_t jobs = 0;
  double epsilon_spent = 0;
};
JobTotals job_totals(store::Db& db, const std::string& trade_id);

struct Day {
  std::string date;  // YYYY-MM-DD, UTC
  std::int64_t calls = 0, bytes_out = 0;
};
std::vector<Day> by_day(store::Db& db, const std::string& trade_id);

struct Item {
  std::string trade_id;
  std::string date;
  std::int64_t calls = 0, bytes_out = 0;
};
struct Batch {
  std::string id;
  std::string node;  // "core" for the exchange's own gateway, else the node's id
  std::int64_t calls = 0, bytes_out = 0;
  std::string log_file{};
  std::int64_t log_offset = 0, log_length = 0;
  std::string log_sha256{};
  std::vector<Item> items{};
};
// The batch, its items, and the running totals by trade and day.
void insert_batch(store::Tx& tx, const Batch& b);
bool batch_exists(store::Db& db, const std::string& id);

}  // namespace dx::gateway::repository
