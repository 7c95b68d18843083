#include "jobs/views.hpp"

#include "http/reply.hpp"

namespace dx::jobs {

namespace {

using nlohmann::json;

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

}  // namespace

json job_view(const Job& j) {
  json refusal = nullptr;
  if (j.refusal)
    refusal = {{"code", j.refusal->code},
               {"rule", j.refusal->rule},
               {"basis", j.refusal->basis},
               {"message", j.refusal->message}};
  return {{"id", j.id},
          {"trade_id", j.trade_id},
          {"product_id", j.product_id},
          {"status", j.status},
          {"query", j.query},
          {"query_sha256", j.query_sha256},
          {"epsilon", opt(j.epsilon)},
          {"rows_scanned", opt(j.rows_scanned)},
          {"result_rows", opt(j.result_rows)},
          {"sha256", opt(j.result_sha256)},
          // An accepted job's epsilon is spent whatever its outcome.
          {"epsilon_spent", j.epsilon.value_or(0)},
          {"created_at", j.created_at},
          {"started_at", opt(j.started_at)},
          {"finished_at", opt(j.finished_at)},
          {"refusal", std::move(refusal)},
          {"decision_reason", opt(j.decision_reason)}};
}

json page_view(const std::vector<Job>& jobs, int limit) {
  json items = json::array();
  for (const auto& j : jobs) items.push_back(job_view(j));
  std::optional<std::string> next;
  if (!jobs.empty() && static_cast<int>(jobs.size()) == limit)
    next = std::to_string(jobs.back().seq);
  return http::page(std::move(items), next);
}

}  // namespace dx::jobs
