// The files service: quotas, and storing a finished upload as a file of its account. Typed
// commands in, Result<T> out; no HTTP, JSON answers or SQL (routes.cpp and repository.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "files/blob_store.hpp"
#include "files/repository.hpp"

namespace dx::files {

// What the account has uploaded in the 24 hours before `now`, and holds in all.
repository::Usage usage_of(store::Db& db, const std::string& owner, TimePoint now);

// The per-account upload quota (limits.upload_bytes_per_day, limits.stored_bytes_per_account)
// for `size` more bytes: 429 upload_quota_exceeded, 413 storage_quota_exceeded.
Status within_quota(const Config::Limits& limits, const repository::Usage& used,
                    std::uint64_t size);

struct NewFile {
  std::string owner;
  std::string content_type;
  std::optional<std::string> file_name;
};

// The file with the wrapped key of its blob; nullopt when there is none.
std::optional<repository::StoredFile> find_file(store::Db& db, const std::string& id);

// Stores the finished upload (once per content) and the account's file of it, within the quota.
Result<repository::FileRow> store_file(store::Tx& tx, const Config::Limits& limits,
                                       const BlobStore& blobs, Upload& upload,
                                       const Upload::Finished& fin, const NewFile& f);

}  // namespace dx::files
