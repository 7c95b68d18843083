#include "datasets/dataset.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "crypto/test_support.hpp"

namespace dx::datasets {
namespace {

namespace fs = std::filesystem;
using compliance::Column;
using compliance::ColumnRole;
using compliance::ColumnType;
using compliance::DataFormat;
using crypto::testing::TempDir;

std::vector<Column> dictionary() {
  return {
      {.name = "name", .type = ColumnType::text, .description = "", .role = ColumnRole::identifier},
      {.name = "age",
       .type = ColumnType::integer,
       .description = "",
       .role = ColumnRole::quasi_identifier},
      {.name = "income",
       .type = ColumnType::real,
       .description = "",
       .role = ColumnRole::sensitive,
       .min = 0.0,
       .max = 1e6},
      {.name = "born", .type = ColumnType::date, .description = "", .role = ColumnRole::attribute},
  };
}

// The same four rows in each format, the file's columns in another order than the dictionary's:
// quoting, a comma and a quote inside text, an empty string, NULLs, negative and signed numbers.
const char* const kCsv =
    "born,name,income,age\r\n"
    "1990-02-28,\"Zhang, \"\"San\"\"\",1234.5,34\r\n"
    "2000-02-29,Li Si,,-7\n"
    ",,+0.25,\n"
    "1970-01-01,\"multi\nline\",1e3,+12\n";
const char* const kTsv =
    "born\tname\tincome\tage\n"
    "1990-02-28\t\"Zhang, \"\"San\"\"\"\t1234.5\t34\n"
    "2000-02-29\tLi Si\t\t-7\n"
    "\t\t+0.25\t\n"
    "1970-01-01\t\"multi\nline\"\t1e3\t+12\n";
const char* const kJsonl =
    R"({"born":"1990-02-28","name":"Zhang, \"San\"","income":1234.5,"age":34})"
    "\n"
    R"({"age":-7,"name":"Li Si","income":null,"born":"2000-02-29"})"
    "\n"
    R"({"born":null,"name":null,"income":0.25,"age":null})"
    "\n\n"
    R"({"born":"1970-01-01","name":"multi\nline","income":1000,"age":"12"})"
    "\n";
const std::vector<std::string> kRows = {
    "'Zhang, \"San\"'|34|1234.5|'1990-02-28'",
    "'Li Si'|-7|NULL|'2000-02-29'",
    "NULL|NULL|0.25|NULL",
    "'multi\nline'|12|1000.0|'1970-01-01'",
};

// Hands `text` to the loader in pieces of `piece` bytes, as an upload arrives.
std::function<std::optional<std::string>()> source_of(std::string text, std::size_t piece) {
  return
      [text = std::move(text), piece, at = std::size_t{0}]() mutable -> std::optional<std::string> {
        if (at >= text.size()) return std::nullopt;
        std::string chunk = text.substr(at, piece);
        at += piece;
        return chunk;
      };
}

class DatasetTest : public ::testing::Test {
 protected:
  fs::path sealed() const { return dir_.path() / "sealed"; }

  // What listing does: load into the blob store's encryptor, which seals the file.
  Result<LoadResult> load(const std::string& text, DataFormat format, std::size_t piece = 4096,
                          const std::vector<Column>& columns = dictionary()) {
    crypto::FileEncryptor encryptor(sealed(), key_);
    auto loaded = load_dataset(source_of(text, piece), format, columns,
                               [&](std::string_view bytes) { encryptor.write(bytes); });
    encryptor.finish();
    return loaded;
  }

  std::unique_ptr<Dataset> load_and_open(const std::string& text, DataFormat format,
                                         std::size_t piece = 4096) {
    auto loaded = load(text, format, piece);
    EXPECT_TRUE(loaded) << loaded.error().detail;
    auto dataset = Dataset::open(sealed(), key_);
    EXPECT_TRUE(dataset) << dataset.error().detail;
    return dataset ? std::move(*dataset) : nullptr;
  }

  TempDir dir_;
  crypto::Bytes key_ = crypto::random_bytes(32);
};

// Each row's values joined by '|'; an error as "error: <message>".
std::vector<std::string> query(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  std::vector<std::string> rows;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
    return {std::string("error: ") + sqlite3_errmsg(db)};
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string row;
    for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
      const auto* text = sqlite3_column_text(stmt, i);
      row += (i ? "|" : "") + std::string(text ? reinterpret_cast<const char*>(text) : "NULL");
    }
    rows.push_back(row);
  }
  if (rc != SQLITE_DONE) rows.push_back(std::string("error: ") + sqlite3_errmsg(db));
  sqlite3_finalize(stmt);
  return rows;
}

constexpr const char* kAllValues =
    "SELECT quote(name), quote(age), quote(income), quote(born) FROM data ORDER BY rowid";

TEST_F(DatasetTest, CsvTsvAndJsonLinesLoadTypedValuesThatReadBackExactly) {
  for (const auto& [text, format] :
       {std::pair{kCsv, DataFormat::csv}, {kTsv, DataFormat::tsv}, {kJsonl, DataFormat::jsonl}}) {
    SCOPED_TRACE(text);
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{1} << 20}) {
      auto dataset = load_and_open(text, format, piece);
      ASSERT_NE(dataset, nullptr);
      EXPECT_EQ(query(dataset->db(), kAllValues), kRows);
      EXPECT_EQ(query(dataset->db(), "SELECT typeof(age), typeof(income) FROM data LIMIT 1"),
                std::vector<std::string>{"integer|real"});
    }
  }
}

TEST_F(DatasetTest, TheDatabaseHas64KiBPagesAndReportsRowsAndSize) {
  const auto loaded = load(kCsv, DataFormat::csv);
  ASSERT_TRUE(loaded) << loaded.error().detail;
  EXPECT_EQ(loaded->rows, 4);
  EXPECT_EQ(loaded->size_bytes % crypto::kSegmentSize, 0u);
  EXPECT_EQ(crypto::SegmentReader(sealed(), key_).plaintext_size(), loaded->size_bytes);
  auto dataset = Dataset::open(sealed(), key_);
  ASSERT_TRUE(dataset);
  EXPECT_EQ(query((*dataset)->db(), "PRAGMA page_size"), std::vector<std::string>{"65536"});
}

TEST_F(DatasetTest, ManyPagesAreReadAndLargeSortsSpillOnlyToMemory) {
  std::string csv = "name,age,income,born\n";
  constexpr int kRowsWanted = 200'000;
  for (int i = 0; i < kRowsWanted; ++i)
    csv += "person " + std::to_string(i) + "," + std::to_string(i % 90) + "," + std::to_string(i) +
           ".5,2001-01-0" + std::to_string(1 + i % 9) + "\n";
  auto dataset = load_and_open(csv, DataFormat::csv, 1 << 16);
  ASSERT_NE(dataset, nullptr);
  EXPECT_EQ(query(dataset->db(), "SELECT COUNT(*), SUM(age), SUM(income) FROM data"),
            std::vector<std::string>{"200000|8899300|20000000000.0"});
  const auto groups =
      query(dataset->db(), "SELECT born, COUNT(*) FROM data GROUP BY born ORDER BY 2 DESC, 1");
  ASSERT_EQ(groups.size(), 9u);
  EXPECT_EQ(groups[0], "2001-01-01|22223");
  // A sort of every row, 40 MB of sort keys: SQLite's sorter writes sorted runs to temporary
  // files, which the VFS keeps in memory.
  EXPECT_EQ(query(dataset->db(),
                  "SELECT COUNT(*), MIN(n) FROM (SELECT COUNT(*) AS n FROM data "
                  "GROUP BY printf('%0200d', income))"),
            std::vector<std::string>{"200000|1"});
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_.path()), fs::directory_iterator()), 1);
}

TEST_F(DatasetTest, ASortPastTheTemporaryMemoryLimitFailsAndTheNextQueryRuns) {
  std::string csv = "name,age,income,born\n";
  for (int i = 0; i < 100'000; ++i)
    csv += "p" + std::to_string(i) + "," + std::to_string(i % 90) + "," + std::to_string(i) +
           ".5,2001-01-01\n";
  auto dataset = load_and_open(csv, DataFormat::csv, 1 << 16);
  ASSERT_NE(dataset, nullptr);
  set_temporary_memory_limit(1 << 20);
  // 20 MB of sort keys cannot fit in 1 MiB of temporary files.
  const auto refused =
      query(dataset->db(),
            "SELECT COUNT(*) FROM (SELECT COUNT(*) FROM data GROUP BY printf('%0200d', income))");
  set_temporary_memory_limit(INT64_MAX);
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_NE(refused[0].find("error: database or disk is full"), std::string::npos) << refused[0];
  EXPECT_EQ(query(dataset->db(), "SELECT COUNT(*) FROM data"), std::vector<std::string>{"100000"});
}

TEST_F(DatasetTest, ColumnsThatDoNotMatchTheDictionaryAreNamed) {
  const auto csv = load("name,age,salary,income,income\n", DataFormat::csv);
  ASSERT_FALSE(csv);
  EXPECT_EQ(csv.error().code, Errc::validation_failed);
  EXPECT_EQ(csv.error().detail,
            "the header row: the columns do not match the data dictionary; missing: \"born\"; not "
            "in the dictionary: \"salary\", \"income\"");
  const auto jsonl = load(R"({"name":"a","age":1,"income":2,"extra":3})"
                          "\n",
                          DataFormat::jsonl);
  ASSERT_FALSE(jsonl);
  EXPECT_EQ(jsonl.error().detail,
            "line 1: the columns do not match the data dictionary; missing: \"born\"; not in the "
            "dictionary: \"extra\"");
  EXPECT_EQ(load("", DataFormat::csv).error().code, Errc::validation_failed);
}

TEST_F(DatasetTest, AValueThatDoesNotFitItsTypeNamesLineAndColumn) {
  const auto detail = [&](const std::string& text, DataFormat format = DataFormat::csv) {
    const auto loaded = load(text, format);
    EXPECT_FALSE(loaded);
    return loaded ? std::string() : loaded.error().detail;
  };
  const std::string header = "name,age,income,born\n";
  EXPECT_EQ(detail(header + "a,1,2,2020-01-01\nb,x1,2,2020-01-01\n"),
            "line 3, column \"age\": not an integer");
  EXPECT_EQ(detail(header + "a,99999999999999999999,2,2020-01-01\n"),
            "line 2, column \"age\": not an integer");
  EXPECT_EQ(detail(header + "a,1.5,2,2020-01-01\n"), "line 2, column \"age\": not an integer");
  EXPECT_EQ(detail(header + "a,1,inf,2020-01-01\n"), "line 2, column \"income\": not a number");
  EXPECT_EQ(detail(header + "a,1,2,2023-02-29\n"),
            "line 2, column \"born\": not a date (YYYY-MM-DD)");
  EXPECT_EQ(detail(header + "a,1,2,2020-1-01\n"),
            "line 2, column \"born\": not a date (YYYY-MM-DD)");
  EXPECT_EQ(detail(header + "\"a\nb\",1,2,2020-01-01\nc,1,2,01/02/2020\n"),
            "line 4, column \"born\": not a date (YYYY-MM-DD)");
  EXPECT_EQ(detail(header + "a,1,2\n"), "line 2: 3 fields where the header has 4");
  EXPECT_EQ(detail(R"({"name":"a","age":1.0,"income":2,"born":null})"
                   "\n",
                   DataFormat::jsonl),
            "line 1, column \"age\": not an integer");
  EXPECT_EQ(detail(R"({"name":{"x":1},"age":1,"income":2,"born":null})"
                   "\n",
                   DataFormat::jsonl),
            "line 1, column \"name\": an object, not a single value");
  EXPECT_EQ(detail("[1]\n", DataFormat::jsonl), "line 1: not a JSON object");
  EXPECT_EQ(detail("{\"name\":\n", DataFormat::jsonl).substr(0, 25), "line 1: not valid JSON at");
  EXPECT_EQ(load(kCsv, DataFormat::other).error().code, Errc::validation_failed);
}

TEST_F(DatasetTest, ATamperedOrMisKeyedFileFailsWithoutACrash) {
  std::string csv = "name,age,income,born\n";
  for (int i = 0; i < 20'000; ++i) csv += "n" + std::to_string(i) + ",1,2.5,2020-01-01\n";
  ASSERT_TRUE(load(csv, DataFormat::csv));
  const auto original = crypto::testing::read_file(sealed());

  auto flipped = original;
  flipped[12 + 3 * (crypto::kSegmentSize + 16) + 77] ^= 0x20;  // a page of table data
  crypto::testing::write_file(sealed(), flipped);
  auto dataset = Dataset::open(sealed(), key_);
  ASSERT_TRUE(dataset) << dataset.error().detail;  // the first page is intact
  const auto rows = query((*dataset)->db(), "SELECT COUNT(*), SUM(income) FROM data");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].substr(0, 7), "error: ");

  flipped = original;
  flipped[12 + 50] ^= 1;  // the first page: the schema
  crypto::testing::write_file(sealed(), flipped);
  EXPECT_EQ(Dataset::open(sealed(), key_).error().code, Errc::internal);

  crypto::testing::write_file(sealed(), original);
  EXPECT_EQ(Dataset::open(sealed(), crypto::random_bytes(32)).error().code, Errc::internal);
  EXPECT_EQ(Dataset::open(dir_.path() / "missing", key_).error().code, Errc::not_found);
  ASSERT_TRUE(Dataset::open(sealed(), key_));
}

TEST_F(DatasetTest, TheConnectionWritesNothingAndReachesNoOtherFile) {
  auto dataset = load_and_open(kCsv, DataFormat::csv);
  ASSERT_NE(dataset, nullptr);
  sqlite3* db = dataset->db();
  const auto fails = [&](const std::string& sql) {
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    EXPECT_NE(rc, SQLITE_OK) << sql;
  };
  fails("INSERT INTO data (name) VALUES ('x')");
  fails("DELETE FROM data");
  fails("UPDATE data SET age = 1");
  fails("CREATE TABLE other (x)");
  fails("DROP TABLE data");
  fails("PRAGMA journal_mode=WAL; INSERT INTO data (name) VALUES ('x')");
  const auto real = dir_.path() / "real.db";
  fails("ATTACH '" + real.string() + "' AS other");
  fails("ATTACH 'file:" + real.string() + "?vfs=unix' AS other");
  fails("VACUUM INTO '" + real.string() + "'");
  fails("VACUUM INTO 'file:" + real.string() + "?vfs=unix'");
  EXPECT_FALSE(fs::exists(real));
  EXPECT_EQ(query(db, "SELECT COUNT(*) FROM data"), std::vector<std::string>{"4"});
}

TEST_F(DatasetTest, ThePlaintextNeverLandsOnDisk) {
  auto dataset = load_and_open(kCsv, DataFormat::csv);
  ASSERT_NE(dataset, nullptr);
  EXPECT_EQ(query(dataset->db(), "SELECT COUNT(*) FROM data WHERE name = 'Li Si'"),
            std::vector<std::string>{"1"});
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir_.path()))
    files.push_back(entry.path().filename());
  EXPECT_EQ(files, std::vector<std::string>{"sealed"});
  const auto sealed_bytes = crypto::testing::read_file(sealed());
  EXPECT_EQ(sealed_bytes.find("Li Si"), std::string::npos);
  EXPECT_EQ(sealed_bytes.find("SQLite format 3"), std::string::npos);
}

TEST_F(DatasetTest, TwoDatasetsOpenAtOnceStayApart) {
  ASSERT_TRUE(load(kCsv, DataFormat::csv));
  fs::rename(sealed(), dir_.path() / "first");
  auto first = Dataset::open(dir_.path() / "first", key_);
  ASSERT_TRUE(first);
  ASSERT_TRUE(load("name,age,income,born\nonly,1,2,2020-01-01\n", DataFormat::csv));
  auto second = Dataset::open(sealed(), key_);
  ASSERT_TRUE(second);
  EXPECT_EQ(query((*first)->db(), "SELECT COUNT(*) FROM data"), std::vector<std::string>{"4"});
  EXPECT_EQ(query((*second)->db(), "SELECT COUNT(*) FROM data"), std::vector<std::string>{"1"});
}

}  // namespace
}  // namespace dx::datasets
