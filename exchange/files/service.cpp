#include "files/service.hpp"

#include <nlohmann/json.hpp>

#include "store/sequencer.hpp"

namespace dx::files {

repository::Usage usage_of(store::Db& db, const std::string& owner, TimePoint now) {
  return repository::usage_of(db, owner, to_rfc3339(now - std::chrono::hours(24)));
}

Status within_quota(const Config::Limits& limits, const repository::Usage& used,
                    std::uint64_t size) {
  const auto day = static_cast<std::uint64_t>(used.since),
             stored = static_cast<std::uint64_t>(used.stored);
  if (day + size > limits.upload_bytes_per_day) {
    Error e = make_error(Errc::upload_quota_exceeded,
                         "This account may upload " + std::to_string(limits.upload_bytes_per_day) +
                             " bytes in 24 hours and has uploaded " + std::to_string(day) + ".");
    e.retry_after_s = 3600;
    return e;
  }
  if (stored + size > limits.stored_bytes_per_account)
    return make_error(Errc::storage_quota_exceeded,
                      "This account may hold " + std::to_string(limits.stored_bytes_per_account) +
                          " bytes of files and holds " + std::to_string(stored) + ".");
  return ok_status();
}

namespace {

// Each content is stored once: a second upload of it is dropped.
void store_blob(store::Tx& tx, const BlobStore& blobs, Upload& upload,
                const Upload::Finished& fin) {
  if (repository::blob_exists(tx.db(), fin.sha256_hex)) return blobs.discard(upload);
  repository::insert_blob(tx, fin.sha256_hex, static_cast<std::int64_t>(fin.size_bytes),
                          fin.wrapped_key);
  // Moved into place now, and out again if this command or its batch is rolled back: a stored
  // blob always has its row, so a failed upload leaves nothing on disk.
  blobs.store(upload, fin.sha256_hex);
  tx.on_rollback([&blobs, sha = fin.sha256_hex] { blobs.remove(sha); });
}

}  // namespace

Result<repository::FileRow> store_file(store::Tx& tx, const Config::Limits& limits,
                                       const BlobStore& blobs, Upload& upload,
                                       const Upload::Finished& fin, const NewFile& f) {
  if (auto st = within_quota(limits, usage_of(tx.db(), f.owner, tx.now()), fin.size_bytes); !st)
    return st.error();
  store_blob(tx, blobs, upload, fin);
  const repository::FileRow row{
      new_id("file"), f.owner,     fin.sha256_hex, static_cast<std::int64_t>(fin.size_bytes),
      f.content_type, f.file_name, tx.now_text()};
  repository::insert_file(tx, row);
  tx.record(
      f.owner, "file.uploaded", row.id,
      {{"sha256", row.sha256}, {"size_bytes", row.size_bytes}, {"content_type", row.content_type}});
  return row;
}

std::optional<repository::StoredFile> find_file(store::Db& db, const std::string& id) {
  return repository::find_file(db, id);
}

}  // namespace dx::files
