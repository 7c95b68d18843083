// Every SQL statement of the files folder: blobs (one row per stored content, with its wrapped
// key) and files (an account's name for a blob). Readers take any connection (store::Db); writers
// run inside a sequencer command (store::Tx).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::files::repository {

// What an account has uploaded: since a time, and in all (every file it holds).
struct Usage {
  std::int64_t since = 0;
  std::int64_t stored = 0;
};

struct FileRow {
  std::string id;
  std::string owner_id;
  std::string sha256;
  std::int64_t size_bytes = 0;
  std::string content_type;
  std::optional<std::string> file_name;
  std::string created_at;
};

// A file with the wrapped key of its blob, to read it.
struct StoredFile {
  FileRow file;
  std::string wrapped_key;
};

// `since`: an RFC 3339 time.
Usage usage_of(store::Db& db, const std::string& owner, const std::string& since);
bool blob_exists(store::Db& db, const std::string& sha256_hex);
void insert_blob(store::Tx& tx, const std::string& sha256_hex, std::int64_t size_bytes,
                 const std::string& wrapped_key);
void insert_file(store::Tx& tx, const FileRow& f);
std::optional<StoredFile> find_file(store::Db& db, const std::string& id);

}  // namespace dx::files::repository
