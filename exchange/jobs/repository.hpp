// Every SQL statement of compute jobs: compute_jobs (read with their trade's seller and product),
// a licence's job quota, the dataset of a product version (compute_datasets), and the wrapped key
// of a stored result blob. Reads take a connection, writes the sequencer's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobs/job.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::jobs::repository {

std::optional<Job> find_job(store::Db& db, const std::string& id);

struct JobFilter {
  std::optional<std::string> trade_id{};
  std::optional<std::string> seller_id{};  // jobs on this seller's products
  std::optional<std::string> status{};
  std::int64_t cursor = 0;  // a job seq; 0: from the newest
  int limit = 50;
};
// Newest first.
std::vector<Job> job_page(store::Db& db, const JobFilter& filter);

// Jobs a licence allows: the offer's job_quota × the seats bought; nullopt: unlimited.
std::optional<std::int64_t> job_quota(store::Db& db, const std::string& trade_id);

struct DatasetRow {
  std::string blob_sha256, wrapped_key;
};
std::optional<DatasetRow> dataset(store::Db& db, const std::string& product_id,
                                  std::int64_t version);

// The wrapped key of a stored blob, or nullopt when none has this content.
std::optional<std::string> blob_key(store::Db& db, const std::string& sha256_hex);

// Whether a job waits to run.
bool any_queued(store::Db& db);

// Writes, in the command's transaction.
void insert_job(store::Tx& tx, const Job& job);
// The oldest queued job, now running; nullopt when none waits.
std::optional<Job> claim_next(store::Tx& tx);
// Jobs left running (by a crash or a stop) queued again; their ids.
std::vector<std::string> requeue_running(store::Tx& tx);
// Ends a running job; false when it is not running (any more).
bool finish(store::Tx& tx, const std::string& id, const Outcome& o);
// The seller's decision on an awaiting job: succeeded, or refused with `refusal`; false when it is
// not awaiting approval.
bool decide(store::Tx& tx, const std::string& id, const std::optional<Refusal>& refusal,
            const std::optional<std::string>& reason);

}  // namespace dx::jobs::repository
