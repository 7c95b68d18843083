#include "files/repository.hpp"

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::files::repository {

Usage usage_of(store::Db& db, const std::string& owner, const std::string& since) {
  auto q = db.query(
      "SELECT coalesce(sum(CASE WHEN created_at > ?2 THEN size_bytes END), 0), "
      "coalesce(sum(size_bytes), 0) "
      "FROM files WHERE owner_id = ?1");
  q->bind(1, owner).bind(2, since);
  q->step();
  return Usage{q->int64(0), q->int64(1)};
}

bool blob_exists(store::Db& db, const std::string& sha256_hex) {
  auto q = db.query("SELECT 1 FROM blobs WHERE sha256 = ?");
  q->bind(1, sha256_hex);
  return q->step();
}

void insert_blob(store::Tx& tx, const std::string& sha256_hex, std::int64_t size_bytes,
                 const std::string& wrapped_key) {
  auto q = tx.db().query(
      "INSERT INTO blobs (sha256, size_bytes, wrapped_key, created_at) VALUES (?, ?, ?, ?)");
  q->bind(1, sha256_hex).bind(2, size_bytes).bind_blob(3, wrapped_key).bind(4, tx.now_text()).run();
}

void insert_file(store::Tx& tx, const FileRow& f) {
  auto q = tx.db().query(
      "INSERT INTO files (id, owner_id, sha256, size_bytes, content_type, file_name, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, f.id)
      .bind(2, f.owner_id)
      .bind(3, f.sha256)
      .bind(4, f.size_bytes)
      .bind(5, f.content_type);
  q->bind(6, f.file_name).bind(7, f.created_at).run();
}

std::optional<StoredFile> find_file(store::Db& db, const std::string& id) {
  auto q = db.query(
      "SELECT f.owner_id, f.sha256, f.size_bytes, f.content_type, f.file_name, b.wrapped_key "
      "FROM files f JOIN blobs b ON b.sha256 = f.sha256 WHERE f.id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return StoredFile{{id, q->text(0), q->text(1), q->int64(2), q->text(3), q->opt_text(4), {}},
                    q->blob(5)};
}

}  // namespace dx::files::repository
