// The query rules (query.hpp): what the grammar and the roles let through, what they refuse and
// with which rule, and the SQL written back out.

#include "compute/query.hpp"
#include "compute/test_support.hpp"

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"

namespace dx::compute {
namespace {

using compliance::Column;
using compliance::ColumnRole;
using compliance::ColumnType;

using test::column;

Policy policy(bool private_aggregates = false) {
  Policy p;
  p.dictionary = {
      column("id", ColumnType::text, ColumnRole::identifier),
      column("district", ColumnType::text, ColumnRole::quasi_identifier),
      column("age", ColumnType::integer, ColumnRole::quasi_identifier),
      column("income", ColumnType::real, ColumnRole::sensitive, 0, 5000),
      column("category", ColumnType::text, ColumnRole::attribute),
      column("score", ColumnType::real, ColumnRole::attribute),
  };
  p.private_aggregates = private_aggregates;
  return p;
}

struct Refused {
  const char* query;
  const char* rule;
  const char* detail_part;  // a phrase the detail must hold
};

void expect_refused(const Refused& r, const Policy& p) {
  SCOPED_TRACE(r.query);
  const auto q = check_query(r.query, p);
  ASSERT_FALSE(q.ok());
  EXPECT_EQ(q.error().code, Errc::query_not_permitted);
  EXPECT_EQ(q.error().rule, r.rule);
  EXPECT_EQ(q.error().basis, std::string(r.rule) == "P5" ? "TJ-29" : "CQO-13");
  EXPECT_NE(q.error().detail.find(r.detail_part), std::string::npos) << q.error().detail;
}

TEST(CheckQuery, RefusesWhatIsNotOneSelectOverData) {
  const Refused cases[] = {
      {"SELECT * FROM data", "O15", "SELECT *"},
      {"SELECT d.* FROM data d", "O15", "records themselves"},
      {"SELECT count(*) FROM data UNION SELECT count(*) FROM data", "O15", "UNION"},
      {"SELECT count(*) FROM data EXCEPT SELECT 1 FROM data", "O15", "Compound"},
      {"SELECT count(*) FROM (SELECT id FROM data)", "O15", "Subqueries"},
      {"SELECT count(*) FROM data WHERE category IN (SELECT category FROM data)", "O15",
       "Subqueries"},
      {"SELECT count(*) FROM data WHERE EXISTS (SELECT 1 FROM data)", "O15", "EXISTS"},
      {"SELECT (SELECT max(income) FROM data) FROM data", "O15", "Subqueries"},
      {"SELECT count(*) FROM data, data", "O15", "one table"},
      {"SELECT count(*) FROM data JOIN other ON 1", "O15", "Joins"},
      {"SELECT count(*) FROM users", "O15", "Only table data"},
      {"SELECT count(*) FROM main.data", "O15", "Only table data"},
      {"SELECT count(*) FROM sqlite_master", "O15", "Only table data"},
      {"SELECT count(*) OVER () FROM data", "O15", "Window"},
      {"SELECT sum(score) FILTER (WHERE score > 1) FROM data", "O15", "Window"},
      {"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r",
       "O15", "RECURSIVE"},
      {"ATTACH DATABASE '/etc/passwd' AS p", "O15", "ATTACH"},
      {"PRAGMA table_info(data)", "O15", "PRAGMA"},
      {"INSERT INTO data VALUES (1)", "O15", "\"INSERT\" is not"},
      {"DELETE FROM data", "O15", "\"DELETE\" is not"},
      {"UPDATE data SET income = 0", "O15", "\"UPDATE\" is not"},
      {"DROP TABLE data", "O15", "\"DROP\" is not"},
      {"SELECT count(*) FROM data; SELECT count(*) FROM data", "O15", "one statement"},
      {"SELECT count(*) FROM data; DROP TABLE data", "O15", "one statement"},
      {"SELECT load_extension('x'), count(*) FROM data", "O15", "load_extension() is not"},
      {"SELECT readfile('/etc/passwd'), count(*) FROM data", "O15", "readfile() is not"},
      {"SELECT sqlite_version(), count(*) FROM data", "O15", "not allowed"},
      {"SELECT randomblob(8), count(*) FROM data", "O15", "not allowed"},
      {"SELECT printf('%s', category), count(*) FROM data GROUP BY 1", "O15", "not allowed"},
      {"SELECT count(*) FROM data WHERE category = ?", "O15", "Bound parameters"},
      {"SELECT count(*) FROM data WHERE category = :c", "O15", "Bound parameters"},
      {"SELECT count(*) FROM data WHERE category = 'a' COLLATE NOCASE", "O15", "COLLATE"},
      {"SELECT count(*) FROM data WHERE RAISE(IGNORE)", "O15", "RAISE"},
      {"SELECT count(*) FROM data WHERE nosuch = 1", "O15", "no column \"nosuch\""},
      {"SELECT count(*) FROM data WHERE other.category = 1", "O15", "another table"},
      {"SELECT count(*) FROM data WHERE category = 'never closed", "O15", "never closed"},
      {"SELECT max(score, 1) FROM data", "O15", "max() takes 1"},
      {"SELECT sum(count(*)) FROM data", "O15", "nested"},
      {"SELECT count(*) FROM data WHERE count(*) > 1", "O15", "WHERE cannot"},
      {"SELECT category FROM data", "O15", "record by record"},
      {"SELECT score FROM data GROUP BY category", "O15", "record by record"},
      {"SELECT 1 FROM data", "O15", "one row per record"},
      {"SELECT count(*) FROM data LIMIT (SELECT 1)", "O15", "LIMIT takes"},
  };
  for (const Refused& r : cases) expect_refused(r, policy());
}

TEST(CheckQuery, RefusesColumnsOutsideTheirRoles) {
  const Refused cases[] = {
      {"SELECT id FROM data", "P5", "identifier"},
      {"SELECT id, count(*) FROM data GROUP BY id", "P5", "identifier"},
      {"SELECT count(*) FROM data WHERE id = 'P00001'", "P5", "identifier"},
      {"SELECT count(id) FROM data", "P5", "COUNT(DISTINCT id)"},
      {"SELECT district FROM data", "P5", "quasi-identifier"},
      {"SELECT category, count(*) FROM data GROUP BY category ORDER BY district", "P5",
       "quasi-identifier"},
      {"SELECT min(age) FROM data", "P5", "quasi-identifier"},
      {"SELECT count(*) FROM data WHERE age > 30", "P5", "not WHERE"},
      {"SELECT max(income) FROM data", "P5", "sensitive"},
      {"SELECT total(income) FROM data", "P5", "sensitive"},
      {"SELECT count(*) FROM data WHERE income > 4000", "P5", "sensitive"},
      {"SELECT income, count(*) FROM data GROUP BY income", "P5", "sensitive"},
      {"SELECT district, count(*) FROM data GROUP BY district ORDER BY income DESC LIMIT 1", "P5",
       "sensitive"},
      {"SELECT district, count(*) FROM data GROUP BY district HAVING income > 10", "P5",
       "sensitive"},
      {"SELECT district, count(*) FROM data GROUP BY district HAVING max(income) > 10", "P5",
       "sensitive"},
      {"SELECT district || age, count(*) FROM data GROUP BY district", "P5", "\"age\""},
      {"SELECT sum(CAST(income AS INTEGER)) FROM data", "P5", "one column"},
      {"SELECT avg(CASE WHEN category = 'x' THEN income END) FROM data", "P5", "one column"},
      {"SELECT count(CASE WHEN category = 'x' THEN 1 END) FROM data", "P5", "one column"},
      {"SELECT count(DISTINCT category || score) FROM data", "P5", "one column"},
  };
  for (const Refused& r : cases) expect_refused(r, policy());
}

TEST(CheckQuery, AcceptsAggregatesAndGroupKeys) {
  const char* accepted[] = {
      "SELECT count(*) FROM data",
      "select COUNT(DISTINCT id) AS people from DATA;",
      "SELECT district, count(*) AS n, avg(income), sum(income) FROM data GROUP BY district",
      "SELECT d.district, count(*) FROM data AS d GROUP BY d.district ORDER BY 2 DESC LIMIT 3",
      "SELECT upper(district) AS area, count(*) AS n FROM data WHERE category LIKE 'c%' "
      "GROUP BY area HAVING n >= 10 ORDER BY n DESC NULLS LAST",
      "SELECT age / 10 * 10 AS decade, sum(income) FROM data GROUP BY age / 10 * 10",
      "SELECT category, min(score), max(score) FROM data GROUP BY 1 -- a comment\n",
      "SELECT CASE WHEN score > 1 THEN 'high' ELSE 'low' END AS band, count(*) FROM data "
      "GROUP BY band",
      "SELECT \"category\", [score] IS NOT NULL, count(*) FROM data GROUP BY 1, 2",
      "SELECT count(*) FROM data WHERE category NOT IN ('a', 'b') AND score NOT BETWEEN 1 AND 2",
      "SELECT sum(income) FROM data WHERE substr(category, 1, 1) = 'c'",
      "SELECT count(*) FROM data /* block comment */ WHERE category IS NOT NULL LIMIT 5, 10",
  };
  for (const char* text : accepted) {
    SCOPED_TRACE(text);
    const auto q = check_query(text, policy());
    EXPECT_TRUE(q.ok()) << (q.ok() ? "" : q.error().detail);
  }
}

TEST(CheckQuery, WritesBackQuotedSqlWithTheHiddenRecordCount) {
  const auto q = check_query(
      "SELECT District AS area, count(*) AS n, avg(income) FROM data WHERE category = 'it''s' "
      "GROUP BY district ORDER BY n DESC LIMIT 3",
      policy());
  ASSERT_TRUE(q.ok()) << q.error().detail;
  EXPECT_EQ(
      q->sql,
      "SELECT \"district\" AS \"area\", count(*) AS \"n\", avg(\"income\") AS "
      "\"avg(\"\"income\"\")\", COUNT(*) AS \"dx hidden 0\", COUNT(\"income\") AS \"dx hidden 1\" "
      "FROM \"data\" WHERE "
      "(\"category\" = 'it''s') GROUP BY \"district\" ORDER BY count(*) DESC LIMIT 3");
  ASSERT_EQ(q->outputs.size(), 3u);
  EXPECT_EQ(q->outputs[0].name, "area");
  EXPECT_EQ(q->outputs[0].kind, OutputKind::group_key);
  EXPECT_EQ(q->outputs[1].kind, OutputKind::count);
  EXPECT_EQ(q->outputs[2].name, "avg(\"income\")");
  EXPECT_EQ(q->outputs[2].kind, OutputKind::avg);
  EXPECT_EQ(q->hidden_columns, 2);
  EXPECT_EQ(q->record_counts, (std::vector<int>{3, 4}));
}

TEST(CheckQuery, HashesTheTextAsSent) {
  const std::string text = "SELECT count(*) FROM data";
  const auto q = check_query(text, policy());
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->query_sha256, crypto::hex(crypto::sha256(text)));
}

TEST(CheckQuery, RefusesTextPastItsLimits) {
  std::string deep = "SELECT count(*) FROM data WHERE ";
  for (int i = 0; i < 100; ++i) deep += "(";
  deep += "score";
  for (int i = 0; i < 100; ++i) deep += ")";
  expect_refused({deep.c_str(), "O15", "nested"}, policy());

  std::string chain = "SELECT count(*) FROM data WHERE score";
  for (int i = 0; i < 100; ++i) chain += " + 1";
  expect_refused({chain.c_str(), "O15", "nested"}, policy());

  std::string wide = "SELECT count(*)";
  for (int i = 0; i < 100; ++i) wide += ", count(*)";
  expect_refused({(wide + " FROM data").c_str(), "O15", "at most 100 columns"}, policy());

  const std::string huge =
      "SELECT count(*) FROM data WHERE category = '" + std::string(70 * 1024, 'x') + "'";
  expect_refused({huge.c_str(), "O15", "longer than 64 KiB"}, policy());
}

TEST(CheckQuery, UnderAPrivacyBudgetOnlyNoisableOutputs) {
  const Refused cases[] = {
      {"SELECT sum(score) FROM data", "P5", "bounds"},
      {"SELECT min(score) FROM data", "P5", "cannot be noised"},
      {"SELECT total(score) FROM data", "P5", "cannot be noised"},
      {"SELECT count(*) * 2 FROM data", "P5", "cannot be noised"},
      {"SELECT sum(income * 2) FROM data", "P5", "one column"},
      {"SELECT district, count(*) FROM data GROUP BY district HAVING count(*) > 20", "P5",
       "HAVING"},
      {"SELECT district, count(*) AS n FROM data GROUP BY district ORDER BY n", "P5", "ORDER BY"},
  };
  for (const Refused& r : cases) expect_refused(r, policy(true));

  const auto q = check_query(
      "SELECT district, count(*), sum(income), avg(income) AS a FROM data GROUP BY district",
      policy(true));
  ASSERT_TRUE(q.ok()) << q.error().detail;
  EXPECT_EQ(q->hidden_columns, 2);
  EXPECT_EQ(q->outputs[2].kind, OutputKind::sum);
  EXPECT_EQ(q->outputs[2].lo, 0);
  EXPECT_EQ(q->outputs[2].hi, 5000);
  EXPECT_EQ(q->outputs[3].count_column, 5);
  EXPECT_NE(q->sql.find("SUM(CASE WHEN \"income\" < (0) THEN (0) WHEN \"income\" > (5000)"),
            std::string::npos)
      << q->sql;
  EXPECT_NE(q->sql.find("COUNT(\"income\") AS \"dx hidden 1\""), std::string::npos) << q->sql;
}

}  // namespace
}  // namespace dx::compute
