#include "store/merkle.hpp"

#include <bit>

#include "crypto/crypto.hpp"

namespace dx::store::merkle {

namespace {

// The largest power of two smaller than n (n > 1).
std::uint64_t split(std::uint64_t n) { return std::bit_floor(n - 1); }

// MTH of leaves [start, start + size); start is always a multiple of a power of two >= the
// perfect parts asked for, so each perfect part is one stored subtree.
Hash range_root(std::uint64_t start, std::uint64_t size, const Subtree& subtree) {
  if (size == 0) return empty_root();
  if (std::has_single_bit(size)) return subtree(std::countr_zero(size), start / size);
  const auto k = split(size);
  return node_hash(range_root(start, k, subtree), range_root(start + k, size - k, subtree));
}

void path(std::uint64_t m, std::uint64_t start, std::uint64_t size, const Subtree& subtree,
          std::vector<Hash>& out) {
  if (size <= 1) return;
  const auto k = split(size);
  if (m < k) {
    path(m, start, k, subtree, out);
    out.push_back(range_root(start + k, size - k, subtree));
  } else {
    path(m - k, start + k, size - k, subtree, out);
    out.push_back(range_root(start, k, subtree));
  }
}

void subproof(std::uint64_t m, std::uint64_t start, std::uint64_t size, bool whole, const Subtree& subtree,
              std::vector<Hash>& out) {
  if (m == size) {
    if (!whole) out.push_back(range_root(start, size, subtree));
    return;
  }
  const auto k = split(size);
  if (m <= k) {
    subproof(m, start, k, whole, subtree, out);
    out.push_back(range_root(start + k, size - k, subtree));
  } else {
    subproof(m - k, start + k, size - k, false, subtree, out);
    out.push_back(range_root(start, k, subtree));
  }
}

}  // namespace

Hash empty_root() { return crypto::sha256(""); }

// RFC 9162: SHA-256(0x00 || leaf) and SHA-256(0x01 || left || right), each over one buffer
// (a thread's reused buffer: hashing runs several times on every command's path).
Hash leaf_hash(std::string_view leaf) {
  thread_local std::string buf;
  buf.assign(1, '\x00');
  buf.append(leaf);
  return crypto::sha256(buf);
}

Hash node_hash(std::string_view left, std::string_view right) {
  thread_local std::string buf;
  buf.assign(1, '\x01');
  buf.append(left);
  buf.append(right);
  return crypto::sha256(buf);
}

Hash root(std::uint64_t tree_size, const Subtree& subtree) { return range_root(0, tree_size, subtree); }

std::vector<Hash> inclusion_path(std::uint64_t index, std::uint64_t tree_size, const Subtree& subtree) {
  std::vector<Hash> out;
  path(index, 0, tree_size, subtree, out);
  return out;
}

std::vector<Hash> consistency_path(std::uint64_t first, std::uint64_t second, const Subtree& subtree) {
  std::vector<Hash> out;
  subproof(first, 0, second, true, subtree, out);
  return out;
}

bool verify_inclusion(std::uint64_t index, std::uint64_t tree_size, const Hash& leaf, const std::vector<Hash>& path,
                      const Hash& root_hash) {
  if (index >= tree_size) return false;
  std::uint64_t fn = index, sn = tree_size - 1;
  Hash r = leaf;
  for (const auto& p : path) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      r = node_hash(p, r);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      r = node_hash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root_hash;
}

bool verify_consistency(std::uint64_t first, std::uint64_t second, const Hash& first_root,
                        const Hash& second_root, const std::vector<Hash>& path) {
  if (first == 0 || first > second) return false;
  if (first == second) return path.empty() && first_root == second_root;
  std::vector<Hash> p = path;
  if (std::has_single_bit(first)) p.insert(p.begin(), first_root);
  if (p.empty()) return false;
  std::uint64_t fn = first - 1, sn = second - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Hash fr = p[0], sr = p[0];
  for (std::size_t i = 1; i < p.size(); ++i) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = node_hash(p[i], fr);
      sr = node_hash(p[i], sr);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      sr = node_hash(sr, p[i]);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == first_root && sr == second_root && sn == 0;
}

std::vector<Frontier::Node> Frontier::append(std::string_view leaf) {
  std::vector<Node> made;
  Hash h = leaf_hash(leaf);
  std::uint64_t index = size;
  int level = 0;
  made.push_back({0, index, h});
  while (index & 1) {
    h = node_hash(*pending[static_cast<std::size_t>(level)], h);
    pending[static_cast<std::size_t>(level)].reset();
    ++level;
    index >>= 1;
    made.push_back({level, index, h});
  }
  if (pending.size() <= static_cast<std::size_t>(level)) pending.resize(static_cast<std::size_t>(level) + 1);
  pending[static_cast<std::size_t>(level)] = h;
  ++size;
  return made;
}

Hash Frontier::root() const {
  // The perfect subtrees of the right edge, combined from the smallest up (RFC 9162's split
  // always makes the left part the largest perfect subtree).
  std::optional<Hash> acc;
  for (const auto& p : pending) {
    if (!p) continue;
    acc = acc ? node_hash(*p, *acc) : *p;
  }
  return acc ? *acc : empty_root();
}

}  // namespace dx::store::merkle
