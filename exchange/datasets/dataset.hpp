// A compute product's dataset (API.md "The data plane"): its data file (CSV, TSV or JSON Lines)
// loaded, typed by the data dictionary, into an SQLite database of its own with one table
// `data`, then sealed in the blob store like every upload (O5). The database is built in memory,
// so no plaintext of it ever touches the disk, with 64 KiB pages: one page is one segment of the
// sealed file (crypto.hpp), so jobs read it in place through a read-only VFS that opens each
// page's segment as SQLite asks for it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/product.hpp"
#include "core/error.hpp"
#include "crypto/crypto.hpp"

struct sqlite3;

namespace dx::datasets {

struct LoadResult {
  std::int64_t rows = 0;
  std::uint64_t size_bytes = 0;  // of the database written to the sink
};

// Reads the data file from `source` (chunks of plaintext; nullopt at the end), checks that its
// columns are the dictionary's, stores each value as its column's type (text; integer; real;
// date as ISO 8601 YYYY-MM-DD text; an empty cell or JSON null as NULL), and writes the finished
// database to `sink` in order. validation_failed names the line and column of the first value
// that does not fit its type, or the columns that do not match the dictionary.
Result<LoadResult> load_dataset(const std::function<std::optional<std::string>()>& source,
                                compliance::DataFormat format,
                                const std::vector<compliance::Column>& dictionary,
                                const std::function<void(std::string_view)>& sink);

// The most memory SQLite's temporary files (a large GROUP BY's or DISTINCT's sorted runs) may
// hold at once, over every open dataset together: a job whose sort would pass it fails with
// SQLITE_FULL, which the engine answers as past the memory limit (query_too_expensive). The
// jobs' runner sets it to workers × job memory; unlimited until set. Thread-safe.
void set_temporary_memory_limit(std::int64_t bytes);

// A loaded dataset opened for jobs: read-only and immutable, through the sealed-file VFS. One
// connection; used by one thread at a time.
class Dataset {
 public:
  // `sealed_file` is the blob (BlobStore::path_of), `data_key` its unwrapped key. not_found when
  // the file is missing; internal when it does not open under this key.
  static Result<std::unique_ptr<Dataset>> open(const std::filesystem::path& sealed_file,
                                               const crypto::Bytes& data_key);
  ~Dataset();
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;
  sqlite3* db() const { return db_; }

 private:
  Dataset() = default;
  sqlite3* db_ = nullptr;
  std::string vfs_file_name_;
};

}  // namespace dx::datasets
