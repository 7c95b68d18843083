// Proofs over the records' Merkle tree (RFC 9162, API.md "Records"): that a record is in a tree
// of a given size, and that a smaller tree is a prefix of a larger one. Read-only; any
// connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "store/merkle.hpp"

namespace dx::store {
class Db;
}

namespace dx::records {

// The hashes of the tree's perfect subtrees as `db` stores them; `db` must outlive the lookup.
store::merkle::Subtree stored_subtrees(store::Db& db);

struct InclusionProof {
  std::int64_t leaf_index = 0, tree_size = 0;
  std::vector<std::string> audit_path;  // raw hashes, from the leaf up
};

// Record `seq` (nullopt: not a sequence number) in the tree of `tree_size` records (nullopt: the
// whole log). 422 on tree_size when the log is smaller; 404 when the record is not in that tree.
Result<InclusionProof> inclusion_proof(store::Db& db, std::optional<std::int64_t> seq,
                                       std::optional<std::int64_t> tree_size);

struct ConsistencyProof {
  std::int64_t first = 0, second = 0;
  std::vector<std::string> path;  // raw hashes
};

// Between the trees of `first` and `second` records (nullopt: the whole log). 422 on second when
// the log is smaller, on first when it exceeds second.
Result<ConsistencyProof> consistency_proof(store::Db& db, std::int64_t first,
                                           std::optional<std::int64_t> second);

}  // namespace dx::records
