// A compute job as the exchange keeps it (compute_jobs, migration 17): a buyer's query against one
// licence, its privacy spend, and its outcome. queued → running → succeeded | awaiting_approval |
// refused | failed; awaiting_approval → succeeded (released) | refused (withheld). A plain value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dx::jobs {

// Why a job was refused: its code (query_too_expensive, group_too_small, result_withheld, …),
// the rule and basis it cites (LEGAL.md), and what the buyer reads.
struct Refusal {
  std::string code{}, rule{}, basis{}, message{};
};

struct Job {
  std::int64_t seq = 0;
  std::string id{}, trade_id{}, buyer_id{};
  std::string seller_id{}, product_id{};  // of the trade
  std::int64_t product_version = 0;
  std::string query{}, query_sha256{};
  std::optional<double> epsilon{};  // spent when accepted, only for products with a budget
  std::string status{};
  std::optional<std::int64_t> rows_scanned{}, result_rows{}, result_size{};
  std::optional<std::string> result_sha256{};
  std::string result_wrapped_key{};
  std::optional<Refusal> refusal{};
  std::optional<std::string> decision_reason{};
  std::string created_at{};
  std::optional<std::string> started_at{}, finished_at{};
};

// What a finished run leaves: the stored result (succeeded, awaiting_approval), or the refusal
// (refused) or nothing to show (failed).
struct Outcome {
  std::string status{};
  std::int64_t rows_scanned = 0, result_rows = 0, result_size = 0;
  std::optional<std::string> result_sha256{};
  std::string result_wrapped_key{};
  std::optional<Refusal> refusal{};
};

}  // namespace dx::jobs
