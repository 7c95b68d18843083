#include "records/repository.hpp"

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::records::repository {

namespace {

const std::string kSelectHeads =
    "SELECT tree_size, root_hash, signed_at, payload, signature, key_id FROM tree_heads ";

SignedHead read_head(const store::Stmt& st) {
  return {st.int64(0), st.blob(1), st.text(2), st.blob(3), st.blob(4), st.text(5)};
}

}  // namespace

void insert_head(store::Tx& tx, const SignedHead& h) {
  auto q = tx.db().query(
      "INSERT INTO tree_heads (tree_size, root_hash, signed_at, payload, signature, key_id) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  q->bind(1, h.tree_size).bind_blob(2, h.root_hash).bind(3, h.signed_at);
  q->bind_blob(4, h.payload).bind_blob(5, h.signature).bind(6, h.key_id).run();
}

std::optional<SignedHead> latest_head(store::Db& db) {
  auto q = db.query(kSelectHeads + "ORDER BY tree_size DESC LIMIT 1");
  if (!q->step()) return std::nullopt;
  return read_head(*q);
}

std::vector<SignedHead> all_heads(store::Db& db) {
  auto st = db.prepare(kSelectHeads + "ORDER BY tree_size");
  std::vector<SignedHead> out;
  while (st.step()) out.push_back(read_head(st));
  return out;
}

void for_each_record(store::Db& db, const std::function<void(const store::Record&)>& each) {
  // Prepared, not cached: an export runs once, and its read must end with it.
  auto st = db.prepare(
      "SELECT seq, at, actor, action, subject, data, leaf, hash FROM records ORDER BY seq");
  while (st.step()) each(store::read_record(st));
}

}  // namespace dx::records::repository
