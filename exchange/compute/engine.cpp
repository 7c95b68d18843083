// run_query (engine.hpp): the checked SQL is prepared and stepped inside a Sandbox
// (sandbox.hpp); every row's hidden record count is held to the group-size rule before any of
// its values is written; outputs are noised when the product has a privacy budget; the CSV is
// bounded while it grows and screened before it is returned.
//
// Rows scanned is SQLITE_STMTSTATUS_FULLSCAN_STEP: the forward steps of full scans of `data`,
// i.e. the records read (a dataset has no index, so every job scans). Sorter steps over groups
// are not counted.

#include "compute/engine.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

#include "compute/noise.hpp"
#include "compute/query_syntax.hpp"
#include "compute/result_screen.hpp"
#include "compute/sandbox.hpp"

namespace dx::compute {
namespace {

using StmtPtr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

std::string number_text(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

// RFC 4180: a field holding a comma, quote, CR or LF is quoted, quotes doubled.
void append_field(std::string& csv, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    csv += v;
    return;
  }
  csv += '"';
  for (char c : v) csv += c == '"' ? std::string("\"\"") : std::string(1, c);
  csv += '"';
}

std::string value_text(sqlite3_stmt* stmt, int col) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_NULL:
      return {};
    case SQLITE_INTEGER:
      return std::to_string(sqlite3_column_int64(stmt, col));
    case SQLITE_FLOAT:
      return number_text(sqlite3_column_double(stmt, col));
    default: {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
      return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)));
    }
  }
}

Error too_expensive(std::string detail) {
  return make_error(Errc::query_too_expensive, std::move(detail));
}

// Differential privacy: the job's epsilon split evenly over the noisy quantities of a row
// (sequential composition); rows are disjoint groups, so each row gets the whole split.
class Noiser {
 public:
  Noiser(const CheckedQuery& q, double epsilon) : outputs_(q.outputs) {
    int noisy = 0;
    for (const Output& o : outputs_) {
      noisy += o.kind == OutputKind::avg ? 2 : o.kind == OutputKind::group_key ? 0 : 1;
    }
    epsilon_each_ = noisy > 0 ? epsilon / noisy : epsilon;
  }

  std::string value(sqlite3_stmt* stmt, int col) const {
    const Output& o = outputs_[static_cast<std::size_t>(col)];
    const double exact = sqlite3_column_double(stmt, col);  // NULL reads as 0
    switch (o.kind) {
      case OutputKind::group_key:
      case OutputKind::other_aggregate:  // refused at check time under a budget
        return value_text(stmt, col);
      case OutputKind::count:
        return std::to_string(
            std::llround(std::max(0.0, exact + detail::laplace(1 / epsilon_each_))));
      case OutputKind::sum:
        return noisy_text(exact + detail::laplace(sensitivity(o) / epsilon_each_));
      case OutputKind::avg:
        return average(o, exact, sqlite3_column_double(stmt, o.count_column));
    }
    return {};
  }

 private:
  static double sensitivity(const Output& o) {
    return std::max(std::fabs(o.lo.value_or(0)), std::fabs(o.hi.value_or(0)));
  }

  std::string average(const Output& o, double sum, double count) const {
    const double noisy_sum = sum + detail::laplace(sensitivity(o) / epsilon_each_);
    const double noisy_count = count + detail::laplace(1 / epsilon_each_);
    const double avg = noisy_sum / std::max(noisy_count, 1.0);
    return noisy_text(std::clamp(avg, o.lo.value_or(avg), o.hi.value_or(avg)));
  }

  // Digits far below the noise carry nothing but could spell what looks like an identifier
  // to the screen; two decimals are kept.
  static std::string noisy_text(double v) { return number_text(std::round(v * 100) / 100); }

  const std::vector<Output>& outputs_;
  double epsilon_each_ = 0;
};

class Run {
 public:
  Run(sqlite3* db, const CheckedQuery& q, const Policy& p, const Limits& l,
      std::optional<double> epsilon, const std::atomic<bool>* cancel)
      : db_(db), q_(q), policy_(p), limits_(l), sandbox_(db, l, cancel) {
    if (p.private_aggregates && epsilon) noiser_.emplace(q, *epsilon);
  }

  const std::string& screened() const { return screened_; }

  Result<JobResult> operator()() {
    sqlite3_stmt* raw = nullptr;
    const int rc =
        sqlite3_prepare_v3(db_, q_.sql.c_str(), static_cast<int>(q_.sql.size()), 0, &raw, nullptr);
    StmtPtr stmt(raw, &sqlite3_finalize);
    if (rc != SQLITE_OK) return not_prepared(rc);
    if (sqlite3_column_count(raw) != static_cast<int>(q_.outputs.size()) + q_.hidden_columns) {
      return make_error(Errc::internal, "The checked query's columns do not match its outputs.");
    }
    header();
    while (true) {
      const int step = sqlite3_step(raw);
      if (step == SQLITE_DONE) break;
      if (step != SQLITE_ROW) return failed(step);
      if (auto row_ok = row(raw); !row_ok) return row_ok.error();
    }
    // SQLite counts the steps from one record to the next of a full scan: one fewer than the
    // records read, and 0 for a table of one record (which the row counts then tell).
    const auto steps = sqlite3_stmt_status(raw, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0);
    result_.rows_scanned = steps > 0 ? steps + 1 : records_counted_;
    return std::move(result_);
  }

 private:
  void header() {
    for (std::size_t i = 0; i < q_.outputs.size(); ++i) {
      if (i > 0) result_.csv += ',';
      append_field(result_.csv, q_.outputs[i].name);
      if (q_.outputs[i].carries_values) append_screened(q_.outputs[i].name);
    }
    result_.csv += "\r\n";
    screened_ += "\r\n";
  }

  // P5 (TJ-29): the row's records are counted by the hidden counts (the group's, and each
  // aggregated column's non-null records), never taken from the query text. The refusal names
  // the threshold, never the count, which would itself leak.
  Status row(sqlite3_stmt* stmt) {
    const int count_col = static_cast<int>(q_.outputs.size());
    records_counted_ =
        std::max<std::int64_t>(records_counted_, sqlite3_column_int64(stmt, count_col));
    for (const int col : q_.record_counts) {
      if (sqlite3_column_int64(stmt, col) < policy_.min_group_size) {
        return legal_error(Errc::group_too_small,
                           "A row of the result aggregates fewer than " +
                               std::to_string(policy_.min_group_size) +
                               " records; widen the groups or the filter.",
                           "P5", "TJ-29");
      }
    }
    if (++result_.result_rows > limits_.max_result_rows) {
      return too_expensive("The result has more than " + std::to_string(limits_.max_result_rows) +
                           " rows; group more coarsely or add a LIMIT.");
    }
    screened_row_ = false;
    for (int col = 0; col < count_col; ++col) {
      if (col > 0) result_.csv += ',';
      const std::string value = noiser_ ? noiser_->value(stmt, col) : value_text(stmt, col);
      append_field(result_.csv, value);
      if (q_.outputs[static_cast<std::size_t>(col)].carries_values) append_screened(value);
    }
    result_.csv += "\r\n";
    screened_ += "\r\n";
    if (static_cast<std::int64_t>(result_.csv.size()) > limits_.max_result_bytes) {
      return too_expensive("The result is larger than " + std::to_string(limits_.max_result_bytes) +
                           " bytes.");
    }
    return {};
  }

  Error not_prepared(int rc) const {
    const std::string why = sqlite3_errmsg(db_);
    if ((rc & 0xff) == SQLITE_AUTH) {
      return detail::grammar_error(
          "The query reaches beyond table data and the functions "
          "allowed (" +
          why + ").");
    }
    return detail::grammar_error("The query cannot run: " + why + ".");
  }

  Error failed(int rc) const {
    switch (rc & 0xff) {
      case SQLITE_INTERRUPT:
        return stopped();
      case SQLITE_NOMEM:
      case SQLITE_FULL:
        return too_expensive("The query needs more memory than a job may use.");
      case SQLITE_TOOBIG:
        return too_expensive("The query builds a value longer than a job may hold.");
      case SQLITE_ERROR:
        return detail::grammar_error("The query failed: " + std::string(sqlite3_errmsg(db_)) + ".");
      default:
        return make_error(Errc::internal,
                          "The dataset could not be read: " + std::string(sqlite3_errmsg(db_)));
    }
  }

  Error stopped() const {
    switch (sandbox_.stopped()) {
      case detail::Stop::time:
        return too_expensive("The query ran past the time limit of a job (" +
                             number_text(static_cast<double>(limits_.time.count()) / 1000) +
                             " s); make it simpler or filter more.");
      case detail::Stop::memory:
        return too_expensive("The query needs more than the " +
                             std::to_string(limits_.memory_bytes >> 20) +
                             " MiB of memory a job may use.");
      case detail::Stop::cancel:
        return make_error(Errc::unavailable, "The job was stopped as the server is stopping.");
      case detail::Stop::none:
        break;
    }
    return make_error(Errc::internal, "The query was interrupted.");
  }

  sqlite3* db_;
  const CheckedQuery& q_;
  const Policy& policy_;
  const Limits& limits_;
  detail::Sandbox sandbox_;  // declared before any statement, so it outlives them
  std::optional<Noiser> noiser_;
  // A line's next field of the screened copy (the outputs that carry values).
  void append_screened(const std::string& field) {
    if (screened_row_) screened_ += ',';
    append_field(screened_, field);
    screened_row_ = true;
  }

  JobResult result_;
  std::int64_t records_counted_ = 0;  // the largest group, for rows_scanned of tiny tables
  // What the listings' scanner reads before release: the outputs that carry values, as CSV.
  std::string screened_;
  bool screened_row_ = false;
};

}  // namespace

Result<JobResult> run_query(sqlite3* dataset, const CheckedQuery& query, const Policy& policy,
                            const Limits& limits, std::optional<double> epsilon,
                            const compliance::Rules* rules, const std::atomic<bool>* cancel) {
  if (policy.private_aggregates && (!epsilon || !(*epsilon > 0) || !std::isfinite(*epsilon))) {
    return field_error("epsilon",
                       "must be a positive number for a product with a privacy "
                       "budget");
  }
  Run run(dataset, query, policy, limits, epsilon, cancel);
  auto result = run();
  if (!result) return result;
  if (policy.private_aggregates) result->epsilon_spent = *epsilon;
  const bool any_values = std::any_of(query.outputs.begin(), query.outputs.end(),
                                      [](const Output& o) { return o.carries_values; });
  if (!any_values) return result;
  if (Status screened = detail::screen_result(run.screened(), rules); !screened) {
    return screened.error();
  }
  return result;
}

}  // namespace dx::compute
