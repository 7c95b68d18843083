// Arbitrary text as a buyer's compute query: check_query must refuse it or write back SQL that
// the engine then runs on a small `data` table with its sandbox, never crashing, never failing
// inside (an `internal` answer means the grammar let through what SQLite cannot run), and never
// releasing a row of fewer records than the group size. The first byte picks the policy
// (exact aggregates or a privacy budget).
#include <sqlite3.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "compute/engine.hpp"
#include "compute/query.hpp"

namespace {

namespace compute = dx::compute;
using dx::compliance::Column;
using dx::compliance::ColumnRole;
using dx::compliance::ColumnType;

void check(bool fact) {
  if (!fact) __builtin_trap();
}

compute::Policy policy(bool private_aggregates) {
  Column income{.name = "income", .type = ColumnType::real, .description = "", .role = ColumnRole::sensitive};
  income.min = 0;
  income.max = 1000;
  return {.dictionary = {{.name = "person_id", .type = ColumnType::text, .description = "", .role = ColumnRole::identifier},
                         {.name = "district", .type = ColumnType::text, .description = "", .role = ColumnRole::quasi_identifier},
                         {.name = "age", .type = ColumnType::integer, .description = "", .role = ColumnRole::quasi_identifier},
                         income,
                         {.name = "visit_date", .type = ColumnType::date, .description = "", .role = ColumnRole::attribute},
                         {.name = "kind", .type = ColumnType::text, .description = "", .role = ColumnRole::attribute}},
          .min_group_size = 3,
          .private_aggregates = private_aggregates};
}

// 60 rows in 4 districts, so that grouped answers exist and a few small groups too.
sqlite3* dataset() {
  static sqlite3* db = [] {
    sqlite3* d = nullptr;
    sqlite3_open(":memory:", &d);
    sqlite3_exec(d,
                 "CREATE TABLE data (person_id TEXT, district TEXT, age INTEGER, income REAL, "
                 "visit_date TEXT, kind TEXT)",
                 nullptr, nullptr, nullptr);
    for (int i = 0; i < 60; ++i) {
      const std::string row = "INSERT INTO data VALUES ('P" + std::to_string(i) + "', 'd" +
                              std::to_string(i % 4) + "', " + std::to_string(20 + i % 7) + ", " +
                              std::to_string(i * 10.5) + ", '2026-0" + std::to_string(1 + i % 9) +
                              "-01', '" + (i == 7 ? "rare" : "common") + "')";
      sqlite3_exec(d, row.c_str(), nullptr, nullptr, nullptr);
    }
    return d;
  }();
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto p = policy(data[0] % 2 == 1);
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto checked = compute::check_query(text, p);
  if (!checked) {
    check(checked.error().code == dx::Errc::query_not_permitted);
    check(!checked.error().detail.empty());
    return 0;
  }
  check(checked->query_sha256.size() == 64);
  const compute::Limits limits{.time = std::chrono::milliseconds(200),
                               .memory_bytes = 64ll << 20,
                               .max_result_rows = 1000,
                               .max_result_bytes = 1 << 20};
  const auto ran = compute::run_query(dataset(), *checked, p, limits, 1.0, nullptr);
  if (!ran) {
    check(ran.error().code != dx::Errc::internal);
    return 0;
  }
  check(ran->result_rows <= 1000);
  return 0;
}
