#include "records/heads.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/records.hpp"
#include "store/sequencer.hpp"

namespace dx::records {

namespace {

SignedHead read_head(store::Stmt& st) {
  return {st.int64(0), st.blob(1), st.text(2), st.blob(3), st.blob(4), st.text(5)};
}

constexpr const char* kColumns = "SELECT tree_size, root_hash, signed_at, payload, signature, key_id FROM tree_heads ";

}  // namespace

std::optional<SignedHead> latest_head(store::Db& db) {
  auto& st = db.cached(std::string(kColumns) + "ORDER BY tree_size DESC LIMIT 1");
  std::optional<SignedHead> h;
  if (st.step()) h = read_head(st);
  st.reset();
  return h;
}

std::optional<SignedHead> sign_head(store::Tx& tx, const crypto::SigningKey& key) {
  auto& db = tx.db();
  const auto size = store::tree_size(db);
  if (size == 0) return std::nullopt;
  if (auto last = latest_head(db); last && last->tree_size == size) return last;
  SignedHead h;
  h.tree_size = size;
  h.root_hash = store::merkle::root(static_cast<std::uint64_t>(size), [&db](int level, std::uint64_t index) {
    return store::subtree_hash(db, level, index);
  });
  h.signed_at = tx.now_text();
  h.payload = nlohmann::json{{"root_hash", crypto::hex(h.root_hash)}, {"signed_at", h.signed_at}, {"tree_size", size}}.dump();
  h.signature = key.sign(h.payload);
  h.key_id = key.key_id();
  auto& st = db.cached(
      "INSERT INTO tree_heads (tree_size, root_hash, signed_at, payload, signature, key_id) VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, size).bind_blob(2, h.root_hash).bind(3, h.signed_at).bind_blob(4, h.payload);
  st.bind_blob(5, h.signature).bind(6, h.key_id).run();
  st.reset();
  return h;
}

}  // namespace dx::records
