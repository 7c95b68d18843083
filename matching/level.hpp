// One price level of one side: the FIFO queue of its resting orders (time priority) and the
// aggregates the depth query reports.
#pragma once

#include <cstdint>

#include "matching/order_pool.hpp"
#include "matching/types.hpp"

namespace dx::matching {

// Levels are ordered by rank: the price for bids, minus the price for asks, so that on both sides a
// higher rank is a better price.
using Rank = std::int64_t;

constexpr Rank rank_of(Side side, Price price) { return side == Side::buy ? price : -price; }

struct Level {
  Rank rank = 0;
  Price price = 0;
  Quantity total = 0;           // sum of the remaining seats of its limited orders
  std::uint32_t unlimited = 0;  // number of unlimited asks resting here
  NodeIndex head = kNoNode;     // oldest order: the next to trade
  NodeIndex tail = kNoNode;

  bool empty() const { return head == kNoNode; }
};

// Appends node `i` at the back of the queue and counts its seats. The caller has checked that the
// total does not overflow.
inline void append(Level& level, OrderPool& pool, NodeIndex i) {
  OrderNode& node = pool[i];
  node.prev = level.tail;
  node.next = kNoNode;
  if (level.tail == kNoNode) {
    level.head = i;
  } else {
    pool[level.tail].next = i;
  }
  level.tail = i;
  if (node.unlimited) {
    ++level.unlimited;
  } else {
    level.total += node.remaining;
  }
}

// Removes node `i` from the queue and uncounts its remaining seats.
inline void unlink(Level& level, OrderPool& pool, NodeIndex i) {
  const OrderNode& node = pool[i];
  if (node.prev == kNoNode) {
    level.head = node.next;
  } else {
    pool[node.prev].next = node.next;
  }
  if (node.next == kNoNode) {
    level.tail = node.prev;
  } else {
    pool[node.next].prev = node.prev;
  }
  if (node.unlimited) {
    --level.unlimited;
  } else {
    level.total -= node.remaining;
  }
}

}  // namespace dx::matching
