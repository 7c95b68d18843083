#include "records/verify.hpp"

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"

namespace dx::records {

Verifier::Verifier(std::map<std::string, std::string> public_keys) : keys_(std::move(public_keys)) {}

void Verifier::fail(std::optional<std::int64_t> seq, std::string problem) {
  if (!report_.ok) return;
  report_.ok = false;
  report_.seq = seq;
  report_.problem = std::move(problem);
}

void Verifier::add_head(const SignedHead& h) {
  ++report_.heads;
  const auto key = keys_.find(h.key_id);
  if (key == keys_.end() || !crypto::verify_signature(key->second, h.payload, h.signature))
    return fail(std::nullopt, "the signed head of tree size " + std::to_string(h.tree_size) +
                                  " does not verify under the exchange's key " + h.key_id);
  const auto p = nlohmann::json::parse(h.payload, nullptr, false);
  if (p.is_discarded() || !p.contains("tree_size") || !p.contains("root_hash") ||
      p["tree_size"] != h.tree_size || p["root_hash"] != crypto::hex(h.root_hash))
    return fail(std::nullopt, "the signed head of tree size " + std::to_string(h.tree_size) + " is malformed");
  heads_.emplace(h.tree_size, h);
}

void Verifier::add_record(const store::Record& r) {
  if (!report_.ok) return;
  if (r.seq > expected_)
    return fail(expected_, "record " + std::to_string(expected_) + " was removed (the next record found is " +
                               std::to_string(r.seq) + ")");
  if (r.seq < expected_)
    return fail(r.seq, "record " + std::to_string(r.seq) + " appears after record " + std::to_string(expected_ - 1) +
                           ": inserted or reordered");
  const auto data = nlohmann::json::parse(r.data, nullptr, false);
  if (data.is_discarded() || !data.is_object() ||
      store::canonical_leaf(r.seq, r.at, r.actor, r.action, r.subject, data) != r.leaf)
    return fail(r.seq, "record " + std::to_string(r.seq) + " was changed: its fields do not match its leaf");
  chain_ = crypto::sha256(chain_ + r.leaf);
  if (chain_ != r.hash)
    return fail(r.seq, "record " + std::to_string(r.seq) + " was changed: the hash chain breaks here");
  tree_.append(r.leaf);
  ++expected_;
  ++report_.records;
  check_heads_at(r.seq);
}

void Verifier::check_heads_at(std::int64_t size) {
  const auto [first, last] = heads_.equal_range(size);
  if (first == last) return;
  const auto root = tree_.root();
  for (auto it = first; it != last; ++it)
    if (it->second.root_hash != root)
      return fail(std::nullopt, "records 1.." + std::to_string(size) +
                                    " do not match the exchange's signed head of that size: a record among them "
                                    "was changed and its chain rewritten");
}

VerifyReport Verifier::finish() {
  if (report_.ok && !heads_.empty() && heads_.rbegin()->first > report_.records)
    fail(report_.records + 1, "the signed head of tree size " + std::to_string(heads_.rbegin()->first) +
                                  " covers records that are missing from record " +
                                  std::to_string(report_.records + 1) + " on");
  return report_;
}

}  // namespace dx::records
