#include "records/proofs.hpp"

#include "store/db.hpp"
#include "store/merkle.hpp"
#include "store/records.hpp"

namespace dx::records {

store::merkle::Subtree stored_subtrees(store::Db& db) {
  return [&db](int level, std::uint64_t index) { return store::subtree_hash(db, level, index); };
}

Result<InclusionProof> inclusion_proof(store::Db& db, std::optional<std::int64_t> seq,
                                       std::optional<std::int64_t> tree_size) {
  const auto size = store::tree_size(db);
  const auto tree = tree_size.value_or(size);
  if (tree > size) return field_error("tree_size", "is larger than the log");
  if (!seq || *seq < 1 || *seq > tree)
    return make_error(Errc::not_found, "No record with that sequence number in that tree.");
  auto path = store::merkle::inclusion_path(static_cast<std::uint64_t>(*seq - 1),
                                            static_cast<std::uint64_t>(tree), stored_subtrees(db));
  return InclusionProof{*seq - 1, tree, std::move(path)};
}

Result<ConsistencyProof> consistency_proof(store::Db& db, std::int64_t first,
                                           std::optional<std::int64_t> second) {
  const auto size = store::tree_size(db);
  const auto to = second.value_or(size);
  if (to > size) return field_error("second", "is larger than the log");
  if (first > to) return field_error("first", "must not exceed second");
  auto path = store::merkle::consistency_path(static_cast<std::uint64_t>(first),
                                              static_cast<std::uint64_t>(to), stored_subtrees(db));
  return ConsistencyProof{first, to, std::move(path)};
}

}  // namespace dx::records
