#include "matching/order_index.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace dx::matching {

namespace {
constexpr std::size_t kMinCapacity = 16;
}

OrderIndex::OrderIndex() { rehash(kMinCapacity); }

void OrderIndex::reserve(std::size_t orders) {
  const std::size_t wanted = std::bit_ceil(2 * orders);
  if (wanted > slots_.size()) rehash(wanted);
}

void OrderIndex::clear() {
  std::fill(slots_.begin(), slots_.end(), Slot{});
  size_ = 0;
}

// Walks from the entry's home; wherever the resident is closer to its own home than the entry
// being carried, they swap (the richer gives way to the poorer), which keeps Robin Hood order.
void OrderIndex::place(Slot entry) {
  for (std::size_t i = home(entry.id), distance = 0;; i = (i + 1) & mask_, ++distance) {
    if (slots_[i].node == kNoNode) {
      slots_[i] = entry;
      return;
    }
    const std::size_t resident = displacement(i);
    if (resident < distance) {
      std::swap(entry, slots_[i]);
      distance = resident;
    }
  }
}

// Backward shift: each following entry that is away from its home moves one slot back, up to an
// empty slot or an entry already at home. No tombstones, so probe lengths do not decay under churn.
void OrderIndex::remove_at(std::size_t hole) {
  for (std::size_t next = (hole + 1) & mask_;
       slots_[next].node != kNoNode && displacement(next) > 0; next = (next + 1) & mask_) {
    slots_[hole] = slots_[next];
    hole = next;
  }
  slots_[hole] = Slot{};
  --size_;
}

void OrderIndex::grow() { rehash(2 * slots_.size()); }

void OrderIndex::rehash(std::size_t capacity) {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(capacity));
  mask_ = capacity - 1;
  bits_ = static_cast<unsigned>(std::countr_zero(capacity));
  for (const Slot& slot : old) {
    if (slot.node != kNoNode) place(slot);
  }
}

}  // namespace dx::matching
