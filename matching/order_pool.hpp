// Resting orders live in nodes of one pool per book, linked by index into a FIFO queue per price
// level. Freed nodes go on a free list, so a book that has reached its largest size allocates no
// more. Indices rather than pointers: the pool's vector may move when it grows.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "matching/types.hpp"

namespace dx::matching {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = std::numeric_limits<NodeIndex>::max();

struct OrderNode {
  OrderId id{};
  OwnerId owner{};
  Price price = 0;
  Quantity remaining = 0;  // meaningless when unlimited
  NodeIndex prev = kNoNode;
  NodeIndex next = kNoNode;  // also the free-list link of a released node
  Side side = Side::buy;
  bool unlimited = false;

  Seats seats() const { return unlimited ? Seats::unlimited() : Seats(remaining); }
};

class OrderPool {
 public:
  void reserve(std::size_t nodes) { nodes_.reserve(nodes); }

  // Frees every node; keeps the memory.
  void clear() {
    nodes_.clear();
    free_ = kNoNode;
    live_ = 0;
  }

  // A node from the free list, or a new one. May move every node: take no reference across it.
  NodeIndex acquire() {
    ++live_;
    if (free_ != kNoNode) {
      const NodeIndex i = free_;
      free_ = nodes_[i].next;
      return i;
    }
    assert(nodes_.size() < kNoNode);
    nodes_.emplace_back();
    return static_cast<NodeIndex>(nodes_.size() - 1);
  }

  void release(NodeIndex i) {
    --live_;
    nodes_[i].next = free_;
    free_ = i;
  }

  OrderNode& operator[](NodeIndex i) { return nodes_[i]; }
  const OrderNode& operator[](NodeIndex i) const { return nodes_[i]; }

  std::size_t live() const { return live_; }

 private:
  std::vector<OrderNode> nodes_;
  NodeIndex free_ = kNoNode;
  std::size_t live_ = 0;
};

}  // namespace dx::matching
