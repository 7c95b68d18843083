// Running a checked query (query.hpp) over a loaded dataset (dataset.hpp) with limits: an
// authorizer that admits reading table `data` and the allow-listed functions only, a time limit
// through the progress handler, memory and result-size limits, the group-size rule enforced on
// the hidden count of every result row (never trusted from the query text), differentially
// private noise when the product has a budget, and the result screened by the listings' scanner
// before release. Thread-safe for distinct datasets; one dataset connection runs one job at a
// time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "compute/query.hpp"
#include "core/error.hpp"

struct sqlite3;

namespace dx::compliance {
struct Rules;
}

namespace dx::compute {

struct Limits {
  std::chrono::milliseconds time{30'000};
  std::int64_t memory_bytes = 256ll << 20;
  std::int64_t max_result_rows = 10'000;
  std::int64_t max_result_bytes = 16ll << 20;
};

struct JobResult {
  std::string csv;  // header of the outputs' names, then one line per row (RFC 4180)
  std::int64_t rows_scanned = 0;
  std::int64_t result_rows = 0;
  double epsilon_spent = 0;
};

// Runs `query` on `dataset` (a read-only connection to a loaded dataset). `epsilon` is this
// job's privacy spend when `policy.private_aggregates`, ignored otherwise. `cancel`, when set,
// stops the run as soon as it turns true (the server is stopping). Refusals: group_too_small
// (P5), query_too_expensive (time, memory or result limits), result_not_releasable (the scanner
// found identifiers in the result; P5), query_not_permitted (the authorizer refused what the
// check let through). Any other failure is `internal`.
Result<JobResult> run_query(sqlite3* dataset, const CheckedQuery& query, const Policy& policy,
                            const Limits& limits, std::optional<double> epsilon,
                            const compliance::Rules* rules,
                            const std::atomic<bool>* cancel = nullptr);

}  // namespace dx::compute
