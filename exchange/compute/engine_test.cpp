// run_query (engine.hpp) over a real in-memory dataset: exact aggregates, the group-size rule,
// limits, noise, the result screen, and the authorizer behind the grammar.

#include "compute/engine.hpp"
#include "compute/test_support.hpp"

#include "compliance/rules.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace dx::compute {
namespace {

using compliance::Column;
using compliance::ColumnRole;
using compliance::ColumnType;

constexpr int kRows = 3000;

using test::column;

// 3000 people in 5 districts of 600, incomes 1000..1990 (so each district sums to 897,000),
// three categories of 1000 but for one person alone in "unique", and a hotline column that is
// an attribute by declaration but holds mobile numbers.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    exec(
        "CREATE TABLE data (id TEXT, district TEXT, age INTEGER, income REAL, category TEXT, "
        "score REAL, hotline TEXT)");
    exec("BEGIN");
    for (int i = 0; i < kRows; ++i) {
      std::ostringstream row;
      row << "INSERT INTO data VALUES ('P" << 10000 + i << "', 'D" << i % 5 << "', " << 20 + i % 50
          << ", " << 1000 + (i / 5) % 100 * 10 << ", '"
          << (i == 7 ? "unique" : "cat" + std::to_string(i % 3)) << "', " << i % 7 << ", '"
          << (i % 2 == 0 ? "13800138000" : "13900139000") << "')";
      exec(row.str());
    }
    exec("COMMIT");
    policy_.dictionary = {
        column("id", ColumnType::text, ColumnRole::identifier),
        column("district", ColumnType::text, ColumnRole::quasi_identifier),
        column("age", ColumnType::integer, ColumnRole::quasi_identifier),
        column("income", ColumnType::real, ColumnRole::sensitive, 0, 5000),
        column("category", ColumnType::text, ColumnRole::attribute),
        column("score", ColumnType::real, ColumnRole::attribute),
        column("hotline", ColumnType::text, ColumnRole::attribute),
    };
  }
  void TearDown() override { sqlite3_close(db_); }

  void exec(const std::string& sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db_);
  }

  Result<JobResult> run(const std::string& text, std::optional<double> epsilon = std::nullopt) {
    auto q = check_query(text, policy_);
    if (!q) return q.error();
    return run_query(db_, *q, policy_, limits_, epsilon, nullptr);
  }

  // A hand-made query, as if the checker had let it through.
  Result<JobResult> run_sql(std::string sql, int outputs) {
    CheckedQuery q;
    q.sql = std::move(sql);
    for (int i = 0; i < outputs; ++i) {
      Output out;
      out.name = "c" + std::to_string(i);
      q.outputs.push_back(out);
    }
    q.hidden_columns = 1;
    q.record_counts = {outputs};
    return run_query(db_, q, policy_, limits_, std::nullopt, nullptr);
  }

  static void expect_error(const Result<JobResult>& r, Errc code, const std::string& rule = "") {
    ASSERT_FALSE(r.ok()) << r->csv;
    EXPECT_EQ(r.error().code, code) << r.error().detail;
    EXPECT_EQ(r.error().rule, rule) << r.error().detail;
  }

  sqlite3* db_ = nullptr;
  Policy policy_;
  Limits limits_;
};

TEST_F(EngineTest, ExactAggregatesComeBackAsCsvNamedByAliases) {
  const auto r =
      run("SELECT district AS area, count(*) AS n, sum(income) AS total, avg(income), "
          "count(DISTINCT id) AS people FROM data GROUP BY district ORDER BY area");
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->csv,
            "area,n,total,\"avg(\"\"income\"\")\",people\r\n"
            "D0,600,897000,1495,600\r\n"
            "D1,600,897000,1495,600\r\n"
            "D2,600,897000,1495,600\r\n"
            "D3,600,897000,1495,600\r\n"
            "D4,600,897000,1495,600\r\n");
  EXPECT_EQ(r->result_rows, 5);
  EXPECT_EQ(r->rows_scanned, kRows);
  EXPECT_EQ(r->epsilon_spent, 0);
}

TEST_F(EngineTest, EveryAttackIsRefusedWithItsCode) {
  const std::pair<const char*, const char*> attacks[] = {
      {"SELECT * FROM data", "O15"},
      {"SELECT id, income FROM data", "P5"},
      {"SELECT id, count(*) FROM data GROUP BY id", "P5"},
      {"SELECT category FROM data", "O15"},
      {"SELECT district, count(*) FROM data GROUP BY district ORDER BY income LIMIT 1", "P5"},
      {"SELECT count(*) FROM data UNION SELECT income FROM data", "O15"},
      {"SELECT count(*) FROM (SELECT * FROM data)", "O15"},
      {"SELECT count(*) FROM data WHERE EXISTS (SELECT 1 FROM data WHERE income > 1900)", "O15"},
      {"SELECT income, row_number() OVER (ORDER BY income) FROM data", "O15"},
      {"SELECT min(age) FROM data", "P5"},
      {"SELECT max(income) FROM data", "P5"},
      {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
       "O15"},
      {"ATTACH DATABASE 'x.db' AS x", "O15"},
      {"PRAGMA database_list", "O15"},
      {"INSERT INTO data (id) VALUES ('x')", "O15"},
      {"DELETE FROM data", "O15"},
      {"UPDATE data SET income = 0", "O15"},
      {"DROP TABLE data", "O15"},
      {"SELECT count(*) FROM data; DELETE FROM data", "O15"},
      {"SELECT load_extension('/tmp/x.so'), count(*) FROM data", "O15"},
      {"SELECT readfile('/etc/passwd'), count(*) FROM data", "O15"},
      {"SELECT count(*) FROM data WHERE id = 'P10007'", "P5"},
      {"SELECT count(*) FROM data WHERE income > 1980", "P5"},
      {"SELECT district, count(*) FROM data GROUP BY district HAVING sum(income) > 0 AND "
       "max(income) > 1980",
       "P5"},
  };
  for (const auto& [text, rule] : attacks) {
    SCOPED_TRACE(text);
    expect_error(run(text), Errc::query_not_permitted, rule);
  }
  EXPECT_TRUE(run("SELECT count(*) FROM data WHERE category <> 'x'").ok());  // data intact
}

TEST_F(EngineTest, SmallGroupsRefuseTheWholeJob) {
  // One person isolated through an attribute.
  expect_error(run("SELECT count(*), avg(income) FROM data WHERE category = 'unique'"),
               Errc::group_too_small, "P5");
  // No record at all: the count is 0, which is below the least group too.
  expect_error(run("SELECT count(*) FROM data WHERE category = 'none'"), Errc::group_too_small,
               "P5");
  // A group of one among large ones.
  expect_error(run("SELECT category, count(*) FROM data GROUP BY category"), Errc::group_too_small,
               "P5");
  // HAVING cannot pick the small group out either: the count is checked on every row released.
  expect_error(run("SELECT category, sum(income) FROM data GROUP BY category "
                   "HAVING count(*) < 2"),
               Errc::group_too_small, "P5");
  // An aggregate over an expression could keep one record's value in a large group.
  expect_error(run("SELECT district, avg(CASE WHEN category = 'unique' THEN income END) "
                   "FROM data GROUP BY district"),
               Errc::query_not_permitted, "P5");
  expect_error(
      run("SELECT district, sum(income * (category = 'unique')) FROM data GROUP BY district"),
      Errc::query_not_permitted, "P5");
  expect_error(run("SELECT district, count(CASE WHEN category = 'unique' THEN 1 END) FROM data "
                   "GROUP BY district"),
               Errc::query_not_permitted, "P5");
  // Each aggregated column is counted too: a large group whose income is known for one
  // record only would release that record's income.
  exec("UPDATE data SET income = NULL WHERE district = 'D3' AND id <> 'P10003'");
  expect_error(run("SELECT district, avg(income) FROM data GROUP BY district"),
               Errc::group_too_small, "P5");
  expect_error(run("SELECT district, count(income) FROM data GROUP BY district"),
               Errc::group_too_small, "P5");
  EXPECT_TRUE(
      run("SELECT category, avg(income) FROM data WHERE category <> 'unique' GROUP BY category")
          .ok());
  // Groups of 1000 pass; an empty grouped result is no group at all.
  EXPECT_TRUE(run("SELECT category, count(*) FROM data WHERE category <> 'unique' "
                  "GROUP BY category")
                  .ok());
  const auto empty =
      run("SELECT district, count(*) FROM data WHERE category = 'none' "
          "GROUP BY district");
  ASSERT_TRUE(empty.ok()) << empty.error().detail;
  EXPECT_EQ(empty->result_rows, 0);
  EXPECT_EQ(empty->csv, "district,count(*)\r\n");
}

TEST_F(EngineTest, ALongQueryIsStoppedAtTheTimeLimit) {
  limits_.time = std::chrono::milliseconds(50);
  std::string grow = "category";
  for (int i = 0; i < 6; ++i) grow = "replace(" + grow + ", 'a', 'aaaaaaaaaa')";
  const auto start = std::chrono::steady_clock::now();
  const auto r = run("SELECT count(*) FROM data WHERE length(" + grow + ") > 0");
  const auto took = std::chrono::steady_clock::now() - start;
  expect_error(r, Errc::query_too_expensive);
  EXPECT_NE(r.error().detail.find("time limit"), std::string::npos) << r.error().detail;
  EXPECT_LT(took, std::chrono::seconds(2));
}

TEST_F(EngineTest, CancelStopsTheRun) {
  const std::atomic<bool> cancel{true};
  const auto q = check_query("SELECT district, count(*) FROM data GROUP BY district", policy_);
  ASSERT_TRUE(q.ok());
  expect_error(run_query(db_, *q, policy_, limits_, std::nullopt, nullptr, &cancel),
               Errc::unavailable);
}

TEST_F(EngineTest, MemoryPastTheJobsBudgetStopsTheJob) {
  // This dataset lives in memory, all of it in its page cache: some 300 KB, past this budget.
  limits_.memory_bytes = 128 << 10;
  const auto r = run("SELECT district, count(*) FROM data GROUP BY district");
  expect_error(r, Errc::query_too_expensive);
  EXPECT_NE(r.error().detail.find("memory"), std::string::npos) << r.error().detail;
}

TEST_F(EngineTest, LargeDistinctSetsSpillInsteadOfGrowingInMemory) {
  // A connection set to keep temporary b-trees in memory: the job puts them in files, so the
  // distinct values below (some 6 MB) fit a 4 MiB budget, and the setting comes back after.
  exec("PRAGMA temp_store = MEMORY");
  limits_.memory_bytes = 4 << 20;
  const auto r = run_sql("SELECT count(DISTINCT replace(category, 'a', '" + std::string(2000, 'a') +
                             "') || income || age || score), COUNT(*) FROM data",
                         1);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->csv, "c0\r\n3000\r\n");
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, "PRAGMA temp_store", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(stmt, 0), 2);  // MEMORY
  sqlite3_finalize(stmt);
}

TEST_F(EngineTest, ResultLimitsRefuseTooLargeAResult) {
  limits_.max_result_rows = 4;
  expect_error(run("SELECT district, count(*) FROM data GROUP BY district"),
               Errc::query_too_expensive);
  limits_.max_result_rows = 100;
  limits_.max_result_bytes = 40;
  expect_error(run("SELECT district, count(*) FROM data GROUP BY district"),
               Errc::query_too_expensive);
}

TEST_F(EngineTest, AResultHoldingIdentifiersIsNotReleased) {
  // The seller declared hotline an attribute; the result shows it holds mobile numbers.
  expect_error(run("SELECT hotline, count(*) FROM data GROUP BY hotline"),
               Errc::result_not_releasable, "P5");
}

TEST_F(EngineTest, TheScreenJudgesResultsByTheListingRules) {
  const auto rules = compliance::load_rules(DX_SOURCE_DIR "/config/compliance", 5);
  ASSERT_TRUE(rules.ok()) << rules.error().detail;
  auto run_with_rules = [&](const std::string& text) -> Result<JobResult> {
    auto q = check_query(text, policy_);
    if (!q) return q.error();
    return run_query(db_, *q, policy_, limits_, std::nullopt, &*rules);
  };
  const auto leaked = run_with_rules("SELECT hotline, count(*) FROM data GROUP BY hotline");
  expect_error(leaked, Errc::result_not_releasable, "P5");
  EXPECT_NE(leaked.error().detail.find("\"hotline\""), std::string::npos) << leaked.error().detail;
  EXPECT_TRUE(run_with_rules("SELECT district, avg(income) FROM data GROUP BY district").ok());
  // A computed number is screened only as a number: an average whose digits happen to spell a
  // mobile number (13812345678 here) identifies no one.
  exec("UPDATE data SET income = 13812345678");
  const auto average =
      run_with_rules("SELECT district, avg(income) AS a FROM data GROUP BY district");
  ASSERT_TRUE(average.ok()) << average.error().detail;
  EXPECT_NE(average->csv.find("13812345678"), std::string::npos) << average->csv;
}

TEST_F(EngineTest, PrivateAggregatesAreNoisedWithinALooseBound) {
  policy_.private_aggregates = true;
  const std::string text =
      "SELECT district, count(*) AS n, sum(income) AS s, avg(income) AS a FROM data "
      "GROUP BY district";
  std::vector<std::string> seen;
  for (int i = 0; i < 5; ++i) {
    const auto r = run(text, 1.0);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->epsilon_spent, 1.0);
    EXPECT_EQ(r->result_rows, 5);
    std::istringstream csv(r->csv);
    std::string line;
    std::getline(csv, line);
    EXPECT_EQ(line, "district,n,s,a\r");
    while (std::getline(csv, line)) {
      std::istringstream row(line);
      std::string district, n, s, a;
      std::getline(row, district, ',');
      std::getline(row, n, ',');
      std::getline(row, s, ',');
      std::getline(row, a);
      // Epsilon 1 over four noisy quantities: count noise of scale 4, sum noise of scale
      // 20,000 (bounds 0..5000); 30 scales off happens once in 10^13.
      EXPECT_NEAR(std::stod(n), 600, 4 * 30) << line;
      EXPECT_NEAR(std::stod(s), 897'000, 20'000 * 30) << line;
      EXPECT_GE(std::stod(a), 0) << line;
      EXPECT_LE(std::stod(a), 5000) << line;
    }
    seen.push_back(r->csv);
  }
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::unique(seen.begin(), seen.end()), seen.end()) << "noise repeated itself";
}

TEST_F(EngineTest, PrivateAggregatesRefuseWhatNoiseCannotCover) {
  policy_.private_aggregates = true;
  expect_error(run("SELECT sum(score) FROM data", 1.0), Errc::query_not_permitted, "P5");
  expect_error(run("SELECT max(score) FROM data", 1.0), Errc::query_not_permitted, "P5");
  expect_error(run("SELECT count(*) FROM data", std::nullopt), Errc::validation_failed);
}

TEST_F(EngineTest, TheAuthorizerDeniesWhatTheGrammarWouldHaveRefused) {
  expect_error(run_sql("SELECT count(*), count(*) FROM sqlite_master", 1),
               Errc::query_not_permitted, "O15");
  expect_error(run_sql("SELECT randomblob(8), count(*) FROM data", 1), Errc::query_not_permitted,
               "O15");
  expect_error(run_sql("SELECT sqlite_version(), count(*) FROM data", 1), Errc::query_not_permitted,
               "O15");
  expect_error(run_sql("SELECT count(*), count(*) FROM data UNION SELECT 1, 2", 1),
               Errc::query_not_permitted, "O15");
  expect_error(run_sql("PRAGMA table_info(data)", 1), Errc::query_not_permitted, "O15");
  expect_error(run_sql("ATTACH ':memory:' AS other", 1), Errc::query_not_permitted, "O15");
  expect_error(run_sql("DELETE FROM data", 0), Errc::query_not_permitted, "O15");
  // The hand-made query reading `data` itself runs, and the group-size rule still holds.
  const auto ok = run_sql("SELECT count(*), count(*) FROM data", 1);
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->csv, "c0\r\n3000\r\n");
}

TEST_F(EngineTest, TheConnectionIsGivenBackAsItWas) {
  exec("PRAGMA cache_size = -3000");
  const int attached = sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, -1);
  ASSERT_TRUE(run("SELECT count(*) FROM data").ok());
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db_, "SELECT randomblob(4), count(*) FROM sqlite_master", -1, &stmt,
                               nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db_);
  sqlite3_finalize(stmt);
  EXPECT_EQ(sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, -1), attached);
  ASSERT_EQ(sqlite3_prepare_v2(db_, "PRAGMA cache_size", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(stmt, 0), -3000);
  sqlite3_finalize(stmt);
}

}  // namespace
}  // namespace dx::compute
