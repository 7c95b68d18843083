// The query rules of compute-to-data (API.md "The data plane"; O15, P5, TJ-29). A buyer's SQL is
// read by a grammar of the exchange's own: exactly one SELECT over table `data`, with
// expressions, an allow-list of functions, WHERE, GROUP BY, HAVING, ORDER BY and LIMIT, and
// nothing else (no compound selects, subqueries, joins, CTEs or window functions). Every column
// is checked against its role in the data dictionary, and the query is written back out as the
// SQL the engine runs, so what runs is exactly what was checked. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/product.hpp"
#include "core/error.hpp"

namespace dx::compute {

// What a product's jobs are checked against.
struct Policy {
  std::vector<compliance::Column> dictionary;
  std::int64_t min_group_size = 10;
  // The product has a privacy budget (Compute::epsilon_per_licence): outputs are noised, so only
  // group keys, COUNT, and SUM/AVG over columns with declared bounds may be asked for.
  bool private_aggregates = false;
};

// What one output column of a checked query is, for the engine (noise, naming).
enum class OutputKind { group_key, count, sum, avg, other_aggregate };

struct Output {
  std::string name;  // the alias, or the expression as written back
  OutputKind kind = OutputKind::group_key;
  // Differential privacy: the bounds one record's value is clamped to (sum, avg).
  std::optional<double> lo{};
  std::optional<double> hi{};
  // The output can hold a record's value as it is in `data` (a group key, MIN or MAX), so the
  // result's screening reads it; counts, sums and averages are computed numbers, whose digits
  // could only look like an identifier by chance.
  bool carries_values = false;
  // Differential privacy, avg only: the output column then holds the SUM of the clamped values
  // and this column of the row (a hidden one) how many values it summed, so that the engine can
  // release noisy SUM / noisy COUNT; -1 otherwise.
  int count_column = -1;
};

struct CheckedQuery {
  // What the engine runs: the outputs, then hidden columns the engine uses and never releases
  // (the number of records each row aggregates, and what noise needs), in this order. The
  // first hidden column, right after the outputs, is always COUNT(*) of the row's group.
  std::string sql;
  std::vector<Output> outputs;
  int hidden_columns = 0;
  // The hidden columns (indexes into a result row) that each hold a number of records every row
  // must reach (min_group_size): the group's COUNT(*), then COUNT(column) of each column an
  // aggregate reads for its values.
  std::vector<int> record_counts;
  std::string query_sha256;  // hex SHA-256 of the text as the buyer sent it
};

// The query as checked, or query_not_permitted with a detail naming what broke which rule
// (rule O15 or P5, basis from LEGAL.md).
Result<CheckedQuery> check_query(std::string_view text, const Policy& policy);

}  // namespace dx::compute
