// The records as a Merkle tree, exactly as RFC 9162 (Certificate Transparency 2.0) section 2.1:
// leaf hash SHA-256(0x00 || leaf), node hash SHA-256(0x01 || left || right), the tree head
// MTH(D[n]) over the first n leaves, audit paths (2.1.3) and consistency proofs (2.1.4).
// Pure functions; the hashes of perfect subtrees come from a caller-supplied lookup, so proofs
// cost O(log n) lookups however large the log grows.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dx::store::merkle {

using Hash = std::string;  // 32 bytes

Hash empty_root();
Hash leaf_hash(std::string_view leaf);
Hash node_hash(std::string_view left, std::string_view right);

// The hash of the perfect subtree of 2^level leaves starting at leaf index * 2^level.
using Subtree = std::function<Hash(int level, std::uint64_t index)>;

Hash root(std::uint64_t tree_size, const Subtree& subtree);
// The audit path of leaf `index` in the tree of `tree_size` leaves; requires index < tree_size.
std::vector<Hash> inclusion_path(std::uint64_t index, std::uint64_t tree_size, const Subtree& subtree);
// The consistency proof from `first` to `second` leaves; requires 0 < first <= second.
std::vector<Hash> consistency_path(std::uint64_t first, std::uint64_t second, const Subtree& subtree);

// Verifiers following RFC 9162 2.1.3.2 and 2.1.4.2, for checking proofs without the tree.
bool verify_inclusion(std::uint64_t index, std::uint64_t tree_size, const Hash& leaf_hash,
                      const std::vector<Hash>& path, const Hash& root);
bool verify_consistency(std::uint64_t first, std::uint64_t second, const Hash& first_root,
                        const Hash& second_root, const std::vector<Hash>& path);

// The right edge of a growing tree: pending[level] is the hash of the last complete subtree of
// 2^level leaves that still waits for its right sibling. Appending a leaf yields the subtree
// nodes it completes (to be stored), starting with the leaf itself.
struct Frontier {
  std::uint64_t size = 0;
  std::vector<std::optional<Hash>> pending;

  struct Node {
    int level;
    std::uint64_t index;
    Hash hash;
  };
  std::vector<Node> append(std::string_view leaf);
  // MTH over the `size` leaves appended so far.
  Hash root() const;
};

}  // namespace dx::store::merkle
