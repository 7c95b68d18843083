// OrderIndex against std::unordered_map, with enough churn to exercise backward-shift deletion.
#include "matching/order_index.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <unordered_map>

namespace dx::matching {
namespace {

TEST(OrderIndexTest, FindsWhatWasInserted) {
  OrderIndex index;
  index.insert(OrderId{7}, 3);

  EXPECT_EQ(index.find(OrderId{7}), 3u);
  EXPECT_EQ(index.find(OrderId{8}), kNoNode);
  EXPECT_EQ(index.size(), 1u);
}

TEST(OrderIndexTest, IdZeroIsAnOrdinaryKey) {
  OrderIndex index;
  EXPECT_EQ(index.find(OrderId{0}), kNoNode);
  EXPECT_EQ(index.take(OrderId{0}), kNoNode);

  index.insert(OrderId{0}, 5);

  EXPECT_EQ(index.take(OrderId{0}), 5u);
  EXPECT_EQ(index.size(), 0u);
}

TEST(OrderIndexTest, TakeRemovesAndReturnsTheNode) {
  OrderIndex index;
  index.insert(OrderId{1}, 10);
  index.insert(OrderId{2}, 20);

  EXPECT_EQ(index.take(OrderId{1}), 10u);

  EXPECT_EQ(index.find(OrderId{1}), kNoNode);
  EXPECT_EQ(index.find(OrderId{2}), 20u);
  EXPECT_EQ(index.take(OrderId{1}), kNoNode);
}

TEST(OrderIndexTest, GrowsKeepingEveryEntry) {
  OrderIndex index;
  for (std::uint32_t i = 0; i < 10'000; ++i) index.insert(OrderId{i * 1'000'003ull}, i);

  for (std::uint32_t i = 0; i < 10'000; ++i) {
    ASSERT_EQ(index.find(OrderId{i * 1'000'003ull}), i);
  }
}

TEST(OrderIndexTest, MatchesAStandardMapUnderChurn) {
  OrderIndex index;
  std::unordered_map<std::uint64_t, NodeIndex> model;
  std::mt19937_64 rng(12345);
  // A small key space makes long clusters, deletions inside them and re-insertions common.
  std::uniform_int_distribution<std::uint64_t> key(0, 4095);

  for (std::uint32_t step = 0; step < 400'000; ++step) {
    const std::uint64_t k = key(rng);
    const auto it = model.find(k);
    if (it == model.end()) {
      index.insert(OrderId{k}, step);
      model.emplace(k, step);
    } else {
      ASSERT_EQ(index.take(OrderId{k}), it->second);
      model.erase(it);
    }
    const std::uint64_t probe = key(rng);
    const auto expected = model.find(probe);
    ASSERT_EQ(index.find(OrderId{probe}), expected == model.end() ? kNoNode : expected->second);
  }
  EXPECT_EQ(index.size(), model.size());
}

TEST(OrderIndexTest, ConsecutiveIdsSurviveGrowthAndChurn) {
  OrderIndex index;
  std::unordered_map<std::uint64_t, NodeIndex> model;
  std::mt19937_64 rng(99);
  std::uint64_t next_id = 1'000'000'000;

  // The exchange's pattern: ids issued in increasing order, recent ones leaving at random. A hash
  // that lets the slots of neighbouring id ranges collide turns this quadratic (seconds, not ms).
  for (std::uint32_t step = 0; step < 300'000; ++step) {
    index.insert(OrderId{next_id}, step);
    model.emplace(next_id++, step);
    if (rng() % 3 == 0) {
      const std::uint64_t victim =
          next_id - 1 - rng() % std::min<std::uint64_t>(model.size(), 5000);
      const auto it = model.find(victim);
      ASSERT_EQ(index.take(OrderId{victim}), it == model.end() ? kNoNode : it->second);
      if (it != model.end()) model.erase(it);
    }
  }
  ASSERT_EQ(index.size(), model.size());
  for (const auto& [id, node] : model) ASSERT_EQ(index.find(OrderId{id}), node);
}

// Ids that differ only far above the table size (time-stamped ids) must not share one home slot;
// if they did, this test would still pass but take quadratic time.
TEST(OrderIndexTest, IdsDifferingOnlyInHighBitsAreKeptApart) {
  OrderIndex index;
  constexpr std::uint32_t kIds = 50'000;
  for (std::uint32_t i = 0; i < kIds; ++i) index.insert(OrderId{std::uint64_t{i} << 44}, i);

  for (std::uint32_t i = 0; i < kIds; i += 2) {
    ASSERT_EQ(index.take(OrderId{std::uint64_t{i} << 44}), i);
  }
  for (std::uint32_t i = 0; i < kIds; ++i) {
    ASSERT_EQ(index.find(OrderId{std::uint64_t{i} << 44}), i % 2 == 0 ? kNoNode : i);
  }
  EXPECT_EQ(index.size(), kIds / 2);
}

}  // namespace
}  // namespace dx::matching
