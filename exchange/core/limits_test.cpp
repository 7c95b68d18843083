// The edge's small guards: strict UTF-8, JSON without duplicate keys, token buckets and the
// bounded hashing pool.
#include <atomic>
#include <future>

#include <gtest/gtest.h>

#include "core/bounded_pool.hpp"
#include "core/rate_limiter.hpp"
#include "core/strict_json.hpp"
#include "core/utf8.hpp"

namespace dx {
namespace {

TEST(Utf8, AcceptsWellFormedTextOnly) {
  EXPECT_TRUE(valid_utf8(""));
  EXPECT_TRUE(valid_utf8("plain ascii"));
  EXPECT_TRUE(valid_utf8("数据交易所 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xff"));
  EXPECT_FALSE(valid_utf8("text/csv; x=\xff"));
  EXPECT_FALSE(valid_utf8("\xc0\x80")) << "overlong NUL";
  EXPECT_FALSE(valid_utf8("\xe0\x80\xaf")) << "overlong slash";
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80")) << "a surrogate";
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80")) << "past U+10FFFF";
  EXPECT_FALSE(valid_utf8("\xe6\x95")) << "cut short";
}

TEST(Utf8, PrefixEndsBetweenCharacters) {
  EXPECT_EQ(utf8_prefix("数据", 4), "数");
  EXPECT_EQ(utf8_prefix("数据", 6), "数据");
  EXPECT_EQ(utf8_prefix("ab", 1), "a");
}

TEST(StrictJson, RefusesADuplicateKeyAtAnyDepth) {
  EXPECT_EQ(parse_strict_json(R"({"a":1,"b":2})").fault, JsonFault::none);
  EXPECT_EQ(parse_strict_json(R"({"a":{"k":1},"b":{"k":2}})").fault, JsonFault::none) << "sibling objects";
  auto top = parse_strict_json(R"({"amount_fen":99999999999999,"amount_fen":1})");
  EXPECT_EQ(top.fault, JsonFault::duplicate_key);
  EXPECT_EQ(top.duplicate, "amount_fen");
  EXPECT_TRUE(top.value.is_discarded());
  EXPECT_EQ(parse_strict_json(R"([{"x":1},{"y":{"z":[{"q":1,"q":2}]}}])").fault, JsonFault::duplicate_key);
  EXPECT_EQ(parse_strict_json("{\"a\":").fault, JsonFault::syntax);
}

TEST(RateLimiter, ABurstThenTheRate) {
  RateLimiter limiter(1, 3);
  const auto t0 = RateLimiter::Clock::time_point{} + std::chrono::hours(1);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.take("a", t0), 0);
  EXPECT_EQ(limiter.take("a", t0), 1);
  EXPECT_EQ(limiter.take("b", t0), 0) << "per key";
  EXPECT_EQ(limiter.take("a", t0 + std::chrono::seconds(1)), 0);
  EXPECT_GT(limiter.take("a", t0 + std::chrono::seconds(1)), 0);
  RateLimiter unlimited(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(unlimited.take("a", t0), 0);
}

TEST(BoundedPool, RefusesPastTheBoundAndRunsUrgentJobsFirst) {
  BoundedPool pool(1, 2);
  std::promise<void> started, release;
  ASSERT_TRUE(pool.try_post(BoundedPool::Priority::normal, [&] {
    started.set_value();
    release.get_future().wait();
  }));
  started.get_future().wait();  // the one thread is busy from here on
  std::vector<int> order;
  std::mutex mu;
  auto job = [&](int n) {
    return [&, n] {
      std::lock_guard lock(mu);
      order.push_back(n);
    };
  };
  EXPECT_TRUE(pool.try_post(BoundedPool::Priority::normal, job(1)));
  EXPECT_TRUE(pool.try_post(BoundedPool::Priority::normal, job(2)));
  EXPECT_FALSE(pool.try_post(BoundedPool::Priority::normal, job(3))) << "two normal jobs wait already";
  EXPECT_TRUE(pool.try_post(BoundedPool::Priority::urgent, job(10))) << "urgent jobs have a queue of their own";
  release.set_value();
  std::promise<void> done;
  while (!pool.try_post(BoundedPool::Priority::normal, [&] { done.set_value(); })) std::this_thread::yield();
  done.get_future().wait();
  EXPECT_EQ(order, (std::vector<int>{10, 1, 2}));
}

}  // namespace
}  // namespace dx
