#include "matching/book_side.hpp"

namespace dx::matching {

// First position whose rank is >= `rank`. Searches backwards from the best level: prices cluster
// there, so the walk is usually a step or two; a far-away price falls back to binary search.
// (A branch-free binary search throughout measured 5% slower on the one-book mix.)
std::size_t BookSide::lower_bound(Rank rank) const {
  constexpr std::size_t kLinearSteps = 8;
  std::size_t hi = levels_.size();
  for (std::size_t step = 0; step < kLinearSteps; ++step) {
    if (hi == 0 || levels_[hi - 1].rank < rank) return hi;
    --hi;
  }
  std::size_t lo = 0;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (levels_[mid].rank < rank) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

Level* BookSide::find(Price price) {
  const Rank rank = rank_of(side_, price);
  const std::size_t i = lower_bound(rank);
  return i < levels_.size() && levels_[i].rank == rank ? &levels_[i] : nullptr;
}

const Level* BookSide::find(Price price) const { return const_cast<BookSide*>(this)->find(price); }

Level& BookSide::find_or_insert(Price price) {
  const Rank rank = rank_of(side_, price);
  const std::size_t i = lower_bound(rank);
  if (i < levels_.size() && levels_[i].rank == rank) return levels_[i];
  Level level;
  level.rank = rank;
  level.price = price;
  return *levels_.insert(levels_.begin() + static_cast<std::ptrdiff_t>(i), level);
}

void BookSide::erase(const Level& level) {
  levels_.erase(levels_.begin() + (&level - levels_.data()));
}

}  // namespace dx::matching
