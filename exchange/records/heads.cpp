#include "records/heads.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "records/proofs.hpp"
#include "records/repository.hpp"
#include "store/db.hpp"
#include "store/records.hpp"
#include "store/sequencer.hpp"

namespace dx::records {

namespace {

SignedHead signed_now(store::Tx& tx, const crypto::SigningKey& key, std::int64_t size) {
  SignedHead h;
  h.tree_size = size;
  h.root_hash = store::merkle::root(static_cast<std::uint64_t>(size), stored_subtrees(tx.db()));
  h.signed_at = tx.now_text();
  h.payload = nlohmann::json{
      {"root_hash", crypto::hex(h.root_hash)},
      {"signed_at", h.signed_at},
      {"tree_size",
       size}}.dump();
  h.signature = key.sign(h.payload);
  h.key_id = key.key_id();
  return h;
}

}  // namespace

std::optional<SignedHead> sign_head(store::Tx& tx, const crypto::SigningKey& key) {
  const auto size = store::tree_size(tx.db());
  if (size == 0) return std::nullopt;
  if (auto last = repository::latest_head(tx.db()); last && last->tree_size == size) return last;
  auto h = signed_now(tx, key, size);
  repository::insert_head(tx, h);
  return h;
}

}  // namespace dx::records
