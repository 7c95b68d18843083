// Compute jobs as JSON answers (API.md "The data plane"): one job, and a page of them.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "jobs/job.hpp"

namespace dx::jobs {

// {id, trade_id, product_id, status, query, epsilon, rows_scanned, result_rows, sha256,
// epsilon_spent, created_at, started_at, finished_at, refusal: {code, rule, basis, message} | null,
// decision_reason}
nlohmann::json job_view(const Job& j);

// {items: [job…], next_cursor}: the page was asked for `limit` jobs.
nlohmann::json page_view(const std::vector<Job>& jobs, int limit);

}  // namespace dx::jobs
