#include "accounts/throttle.hpp"

#include <gtest/gtest.h>

namespace dx::accounts {
namespace {

using std::chrono::seconds;

TEST(LoginThrottle, RefusesAtTheLimitUntilTheOldestFailureLeavesTheWindow) {
  LoginThrottle t(3, seconds(60));
  const TimePoint t0{seconds(1000)};
  t.failure("a", t0);
  t.failure("a", t0 + seconds(10));
  EXPECT_EQ(t.retry_after("a", t0 + seconds(10)), 0);
  t.failure("a", t0 + seconds(20));
  EXPECT_EQ(t.retry_after("a", t0 + seconds(20)), 40);
  EXPECT_EQ(t.retry_after("b", t0 + seconds(20)), 0);
  EXPECT_EQ(t.retry_after("a", t0 + seconds(60)), 0);
}

TEST(LoginThrottle, SuccessForgetsFailures) {
  LoginThrottle t(1, seconds(60));
  t.failure("a", TimePoint{seconds(5)});
  EXPECT_GT(t.retry_after("a", TimePoint{seconds(6)}), 0);
  t.success("a");
  EXPECT_EQ(t.retry_after("a", TimePoint{seconds(6)}), 0);
}

}  // namespace
}  // namespace dx::accounts
