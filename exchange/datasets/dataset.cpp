#include "datasets/dataset.hpp"

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "compliance/csv_fields.hpp"
#include "compliance/record_splitter.hpp"
#include "compliance/sniff.hpp"
#include "datasets/sealed_vfs.hpp"

namespace dx::datasets {

namespace {

namespace fs = std::filesystem;
using compliance::Column;
using compliance::ColumnType;
using compliance::DataFormat;
using compliance::detail::Record;
using compliance::detail::RecordSplitter;

// A record longer than this is no row of a table: the file is refused rather than buffered.
constexpr std::size_t kMaxRecordBytes = 16u << 20;

Error invalid(std::string detail) { return make_error(Errc::validation_failed, std::move(detail)); }

std::string sql_name(std::string_view name) {
  std::string out = "\"";
  for (const char c : name) {
    out += c;
    if (c == '"') out += c;
  }
  return out + '"';
}

std::string at(std::int64_t line, const Column& column) {
  return "line " + std::to_string(line) + ", column " + sql_name(column.name) + ": ";
}

const char* sql_type(ColumnType type) {
  switch (type) {
    case ColumnType::integer:
      return "INTEGER";
    case ColumnType::real:
      return "REAL";
    case ColumnType::text:
    case ColumnType::date:
      return "TEXT";
  }
  return "TEXT";
}

// Numbers as a person writes them in a data file: an optional sign, no spaces, no hex.
std::string_view unsigned_part(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  return text;
}

template <typename Number>
bool parse_number(std::string_view text, Number& out) {
  text = unsigned_part(text);
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// ISO 8601 calendar date YYYY-MM-DD that exists.
bool is_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  const auto digits = [&](std::size_t from, std::size_t n, int& out) {
    const auto [end, ec] = std::from_chars(t.data() + from, t.data() + from + n, out);
    return ec == std::errc() && end == t.data() + from + n && t[from] != '+' && t[from] != '-';
  };
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d) || y == 0 || m < 1 || m > 12)
    return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// The database under construction: an in-memory file of the memdb VFS, private to this
// connection, written in one transaction without a journal, with one prepared INSERT.
class TableBuilder {
 public:
  explicit TableBuilder(const std::vector<Column>& dictionary) : dictionary_(dictionary) {}

  Status open() {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        "file:dataset?vfs=memdb", &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
        nullptr);
    db_.reset(db);
    if (rc != SQLITE_OK) return failure("cannot open an in-memory database");
    // memdb caps a database at 1 GiB unless told otherwise; a dataset is bounded by the upload.
    sqlite3_int64 limit = std::int64_t{1} << 46;
    sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_SIZE_LIMIT, &limit);
    std::string create = "CREATE TABLE data (";
    std::string insert = "INSERT INTO data VALUES (";
    for (std::size_t i = 0; i < dictionary_.size(); ++i) {
      create +=
          (i ? ", " : "") + sql_name(dictionary_[i].name) + ' ' + sql_type(dictionary_[i].type);
      insert += i ? ", ?" : "?";
    }
    // The page size is fixed by the first table: 64 KiB pages are the sealed file's segments.
    if (!exec("PRAGMA page_size=65536; PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
              "PRAGMA locking_mode=EXCLUSIVE; BEGIN;" +
              create + ") STRICT;"))
      return failure("cannot create the table");
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_.get(), (insert + ')').c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK)
      return failure("cannot prepare the insert");
    insert_.reset(stmt);
    return {};
  }

  // Binds column `index`'s value as its type; `text` must stay valid until row().
  Status bind(std::size_t index, std::string_view text, std::int64_t line, bool empty_is_null) {
    sqlite3_stmt* s = insert_.get();
    const int p = static_cast<int>(index) + 1;
    const Column& column = dictionary_[index];
    if (text.empty() && empty_is_null) return bound(sqlite3_bind_null(s, p));
    switch (column.type) {
      case ColumnType::text:
        return bound(
            sqlite3_bind_text(s, p, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
      case ColumnType::integer: {
        std::int64_t v = 0;
        if (!parse_number(text, v)) return invalid(at(line, column) + "not an integer");
        return bound(sqlite3_bind_int64(s, p, v));
      }
      case ColumnType::real: {
        double v = 0;
        if (!parse_number(text, v) || !std::isfinite(v))
          return invalid(at(line, column) + "not a number");
        return bound(sqlite3_bind_double(s, p, v));
      }
      case ColumnType::date:
        if (!is_date(text)) return invalid(at(line, column) + "not a date (YYYY-MM-DD)");
        return bound(
            sqlite3_bind_text(s, p, text.data(), static_cast<int>(text.size()), SQLITE_STATIC));
    }
    return bound(SQLITE_MISUSE);
  }

  Status bind_null(std::size_t index) {
    return bound(sqlite3_bind_null(insert_.get(), static_cast<int>(index) + 1));
  }

  Status row() {
    if (sqlite3_step(insert_.get()) != SQLITE_DONE) {
      sqlite3_reset(insert_.get());
      return failure("cannot insert a row");
    }
    sqlite3_reset(insert_.get());
    ++rows_;
    return {};
  }

  // Commits and hands the database image to `sink` in segment-sized pieces.
  Result<LoadResult> finish(const std::function<void(std::string_view)>& sink) {
    insert_.reset();
    if (!exec("COMMIT;")) return failure("cannot commit");
    sqlite3_int64 size = 0;
    // memdb keeps the image in one buffer: NOCOPY hands out that buffer itself.
    const unsigned char* image =
        sqlite3_serialize(db_.get(), "main", &size, SQLITE_SERIALIZE_NOCOPY);
    std::unique_ptr<unsigned char, decltype(&sqlite3_free)> copy(nullptr, &sqlite3_free);
    if (image == nullptr) {
      copy.reset(sqlite3_serialize(db_.get(), "main", &size, 0));
      image = copy.get();
    }
    if (image == nullptr) return failure("cannot read the database image");
    const auto* bytes = reinterpret_cast<const char*>(image);
    for (sqlite3_int64 off = 0; off < size;) {
      const auto n = std::min<sqlite3_int64>(crypto::kSegmentSize, size - off);
      sink(std::string_view(bytes + off, static_cast<std::size_t>(n)));
      off += n;
    }
    return LoadResult{rows_, static_cast<std::uint64_t>(size)};
  }

 private:
  Status bound(int rc) { return rc == SQLITE_OK ? Status{} : failure("cannot bind a value"); }
  bool exec(const std::string& sql) {
    return sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  }
  Error failure(const char* what) const {
    return make_error(Errc::internal, std::string("dataset: ") + what + ": " +
                                          (db_ ? sqlite3_errmsg(db_.get()) : "no database"));
  }

  const std::vector<Column>& dictionary_;
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::unique_ptr<sqlite3_stmt, StmtFinalizer> insert_;
  std::int64_t rows_ = 0;
};

// The dictionary's columns by name.
class Columns {
 public:
  explicit Columns(const std::vector<Column>& dictionary) : dictionary_(dictionary) {
    for (std::size_t i = 0; i < dictionary.size(); ++i) index_.emplace(dictionary[i].name, i);
  }
  std::optional<std::size_t> find(std::string_view name) const {
    const auto it = index_.find(std::string(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  const Column& operator[](std::size_t i) const { return dictionary_[i]; }
  std::size_t size() const { return dictionary_.size(); }

  // validation_failed naming the columns missing from `seen` and the `extra` ones, if any.
  Status match(const std::vector<char>& seen, const std::vector<std::string>& extra,
               std::string_view where) const {
    std::string missing;
    for (std::size_t i = 0; i < seen.size(); ++i)
      if (!seen[i]) missing += (missing.empty() ? "" : ", ") + sql_name(dictionary_[i].name);
    std::string unknown;
    for (const auto& name : extra) unknown += (unknown.empty() ? "" : ", ") + sql_name(name);
    if (missing.empty() && unknown.empty()) return {};
    std::string detail = std::string(where) + "the columns do not match the data dictionary";
    if (!missing.empty()) detail += "; missing: " + missing;
    if (!unknown.empty()) detail += "; not in the dictionary: " + unknown;
    return invalid(detail);
  }

 private:
  const std::vector<Column>& dictionary_;
  std::unordered_map<std::string, std::size_t> index_;
};

// CSV and TSV (RFC 4180): the header names the columns, in any order.
class DelimitedRows {
 public:
  DelimitedRows(const Columns& columns, TableBuilder& table, DataFormat format)
      : columns_(columns), table_(table), format_(format) {}

  Status record(const Record& r) {
    if (r.text.empty()) return {};  // a blank line, e.g. at the end of the file
    if (order_.empty()) return header(r);
    if (auto split = fields_.split(r.text, r.has_quotes); !split)
      return invalid("line " + std::to_string(r.line) + ": " + split.error());
    const auto& fields = fields_.fields();
    if (fields.size() != order_.size())
      return invalid("line " + std::to_string(r.line) + ": " + std::to_string(fields.size()) +
                     " fields where the header has " + std::to_string(order_.size()));
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (auto s = table_.bind(order_[i], fields[i], r.line, true); !s) return s;
    return table_.row();
  }

  Status finish() const {
    if (order_.empty()) return invalid("the data file is empty: it has no header row");
    return {};
  }

 private:
  Status header(const Record& r) {
    fields_.set_delimiter(compliance::detail::sniff_delimiter(
        r.text, compliance::detail::declared_delimiter(format_)));
    if (auto split = fields_.split(r.text, r.has_quotes); !split)
      return invalid("line " + std::to_string(r.line) + ": " + split.error());
    std::vector<char> seen(columns_.size(), 0);
    std::vector<std::string> extra;
    for (const auto name : fields_.fields()) {
      const auto index = columns_.find(name);
      if (!index || seen[*index]) {
        extra.emplace_back(name);
        continue;
      }
      seen[*index] = 1;
      order_.push_back(*index);
    }
    if (auto s = columns_.match(seen, extra, "the header row: "); !s) return s;
    return {};
  }

  const Columns& columns_;
  TableBuilder& table_;
  DataFormat format_;
  compliance::detail::CsvFields fields_;
  std::vector<std::size_t> order_;  // the file's column i is the dictionary's order_[i]
};

// JSON Lines: each line one flat object keyed by the dictionary's names. The screening's
// JsonLine flattens nested values and reads null and "null" alike, which suits looking for
// identifiers but not typing values, so this reads the objects with a handler of its own.
class JsonRows {
 public:
  JsonRows(const Columns& columns, TableBuilder& table)
      : columns_(columns), table_(table), values_(columns.size()), seen_(columns.size()) {}

  Status record(const Record& r) {
    if (r.text.find_first_not_of(" \t\r") == std::string_view::npos) return {};
    std::fill(seen_.begin(), seen_.end(), 0);
    extra_.clear();
    Handler handler(*this, r.line);
    const bool parsed = nlohmann::json::sax_parse(r.text.begin(), r.text.end(), &handler);
    if (handler.error) return *handler.error;
    if (!parsed) return invalid("line " + std::to_string(r.line) + ": not a JSON object");
    const std::string where = "line " + std::to_string(r.line) + ": ";
    if (auto s = columns_.match(seen_, extra_, where); !s) return s;
    for (std::size_t i = 0; i < values_.size(); ++i) {
      auto s = values_[i] ? table_.bind(i, *values_[i], r.line, false) : table_.bind_null(i);
      if (!s) return s;
    }
    return table_.row();
  }

  Status finish() const { return {}; }

 private:
  // nlohmann's SAX interface: the one object of a line, its values scalars only.
  struct Handler {
    using json = nlohmann::json;
    Handler(JsonRows& owner, std::int64_t at_line) : rows(owner), line(at_line) {}

    bool null() { return value(std::nullopt); }
    bool boolean(bool v) { return value(v ? "true" : "false"); }
    bool number_integer(json::number_integer_t v) { return value(std::to_string(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(std::to_string(v)); }
    bool number_float(json::number_float_t, const json::string_t& text) { return value(text); }
    bool string(json::string_t& v) { return value(v); }
    bool binary(json::binary_t&) { return not_object(); }
    bool start_object(std::size_t) {
      if (depth++ == 0) return true;
      return fail(where() + "an object, not a single value");
    }
    bool end_object() {
      --depth;
      return true;
    }
    bool start_array(std::size_t) {
      if (depth == 0) return not_object();
      return fail(where() + "an array, not a single value");
    }
    bool end_array() { return true; }
    bool key(json::string_t& k) {
      name = k;
      column = rows.columns_.find(k);
      if (!column || rows.seen_[*column]) {
        rows.extra_.push_back(k);
        column.reset();
      }
      return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) {
      return fail("line " + std::to_string(line) + ": not valid JSON at character " +
                  std::to_string(position));
    }

    bool value(std::optional<std::string> v) {
      if (depth == 0) return not_object();
      if (column) {
        rows.values_[*column] = std::move(v);
        rows.seen_[*column] = 1;
      }
      return true;
    }
    std::string where() const {
      return "line " + std::to_string(line) + ", column " + sql_name(name) + ": ";
    }
    bool not_object() { return fail("line " + std::to_string(line) + ": not a JSON object"); }
    bool fail(std::string detail) {
      error = invalid(std::move(detail));
      return false;
    }

    JsonRows& rows;
    std::int64_t line;
    int depth = 0;
    std::string name;  // the key of the value being read
    std::optional<std::size_t> column;
    std::optional<Error> error;
  };

  const Columns& columns_;
  TableBuilder& table_;
  std::vector<std::optional<std::string>> values_;  // this line's, by dictionary index
  std::vector<char> seen_;
  std::vector<std::string> extra_;
};

template <typename Rows>
Status read_rows(const std::function<std::optional<std::string>()>& source, RecordSplitter splitter,
                 Rows& rows) {
  std::optional<Error> error;
  const auto on_record = [&](const Record& r) {
    auto s = rows.record(r);
    if (!s) error = std::move(s.error());
    return s.ok();
  };
  const auto outcome = [&](const RecordSplitter::Fed& fed) -> Status {
    if (error) return *error;
    if (!fed) return invalid(fed.error());
    return {};
  };
  while (auto chunk = source()) {
    if (auto s = outcome(splitter.feed(*chunk, on_record)); !s) return s;
  }
  if (auto s = outcome(splitter.finish(on_record)); !s) return s;
  return rows.finish();
}

Status check_dictionary(const std::vector<Column>& dictionary, DataFormat format) {
  if (format != DataFormat::csv && format != DataFormat::tsv && format != DataFormat::jsonl)
    return invalid("a compute dataset must be CSV, TSV or JSON Lines");
  if (dictionary.empty()) return invalid("a compute dataset needs a data dictionary");
  for (std::size_t i = 0; i < dictionary.size(); ++i) {
    if (dictionary[i].name.empty()) return invalid("a data dictionary column has no name");
    for (std::size_t j = 0; j < i; ++j)
      if (dictionary[j].name == dictionary[i].name)
        return invalid("the data dictionary names " + sql_name(dictionary[i].name) + " twice");
  }
  return {};
}

}  // namespace

Result<LoadResult> load_dataset(const std::function<std::optional<std::string>()>& source,
                                compliance::DataFormat format,
                                const std::vector<compliance::Column>& dictionary,
                                const std::function<void(std::string_view)>& sink) {
  if (auto s = check_dictionary(dictionary, format); !s) return s.error();
  TableBuilder table(dictionary);
  if (auto s = table.open(); !s) return s.error();
  const Columns columns(dictionary);
  Status read;
  if (format == DataFormat::jsonl) {
    JsonRows rows(columns, table);
    read = read_rows(source, RecordSplitter(RecordSplitter::Mode::lines, kMaxRecordBytes), rows);
  } else {
    DelimitedRows rows(columns, table, format);
    read = read_rows(source, RecordSplitter(RecordSplitter::Mode::csv, kMaxRecordBytes), rows);
  }
  if (!read) return read.error();
  return table.finish(sink);
}

// ---- Dataset ------------------------------------------------------------------------------------

void set_temporary_memory_limit(std::int64_t bytes) { detail::set_temporary_limit(bytes); }

Result<std::unique_ptr<Dataset>> Dataset::open(const std::filesystem::path& sealed_file,
                                               const crypto::Bytes& data_key) {
  std::error_code ec;
  if (!fs::is_regular_file(sealed_file, ec))
    return make_error(Errc::not_found, "the dataset's file is missing");
  std::unique_ptr<crypto::SegmentReader> reader;
  try {
    reader = std::make_unique<crypto::SegmentReader>(sealed_file, data_key);
  } catch (const std::exception& e) {
    return make_error(Errc::internal, std::string("the dataset does not open: ") + e.what());
  }
  const char* vfs = detail::sealed_vfs_name();
  if (vfs == nullptr) return make_error(Errc::internal, "the dataset VFS is not registered");
  std::unique_ptr<Dataset> dataset(new Dataset);
  dataset->vfs_file_name_ = detail::register_sealed_file(std::move(reader));
  const std::string uri = "file:" + dataset->vfs_file_name_ + "?vfs=" + vfs + "&immutable=1";
  const int rc =
      sqlite3_open_v2(uri.c_str(), &dataset->db_,
                      SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
  sqlite3* db = dataset->db_;
  // Beyond the VFS: no database can be attached (ATTACH, VACUUM INTO), the schema is not
  // trusted, nothing is written. Temporary files are the VFS's, in memory: a large GROUP BY
  // then sorts in runs merged from them, as SQLite does with files, several times faster than
  // one in-memory sort of every row (temp_store=MEMORY).
  if (rc == SQLITE_OK) {
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  }
  // Reading the table's schema reads and authenticates the first page.
  if (rc != SQLITE_OK ||
      sqlite3_exec(db, "PRAGMA temp_store=FILE; PRAGMA query_only=1; SELECT 1 FROM data LIMIT 0",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    return make_error(Errc::internal, std::string("the dataset does not open: ") +
                                          (db ? sqlite3_errmsg(db) : "out of memory"));
  return dataset;
}

Dataset::~Dataset() {
  sqlite3_close_v2(db_);
  if (!vfs_file_name_.empty()) detail::unregister_sealed_file(vfs_file_name_);
}

}  // namespace dx::datasets
