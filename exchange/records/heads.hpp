// Signed tree heads (API.md "Records"): the payload is the JSON {"root_hash","signed_at",
// "tree_size"} (hash in lowercase hex), signed with the exchange's Ed25519 key, the same key that
// signs trade certificates (GET /exchange/keys).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace dx {
namespace crypto {
class SigningKey;
}
namespace store {
class Db;
class Tx;
}  // namespace store

namespace records {

struct SignedHead {
  std::int64_t tree_size = 0;
  std::string root_hash;  // 32 bytes
  std::string signed_at;
  std::string payload;    // the exact signed bytes
  std::string signature;  // 64 bytes
  std::string key_id;
};

// Signs and stores the head of the tree as it stands in this transaction, unless a head of that
// size is stored already (then returns that one). nullopt while the log is empty.
std::optional<SignedHead> sign_head(store::Tx& tx, const crypto::SigningKey& key);

}  // namespace records
}  // namespace dx
