#include "accounts/throttle.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace dx::accounts {
namespace {

using std::chrono::seconds;

TEST(LoginThrottle, RefusesAtTheLimitUntilTheOldestAttemptLeavesTheWindow) {
  LoginThrottle t(3, seconds(60));
  const TimePoint t0{seconds(1000)};
  EXPECT_EQ(t.attempt("a", t0), 0);
  EXPECT_EQ(t.attempt("a", t0 + seconds(10)), 0);
  EXPECT_EQ(t.attempt("a", t0 + seconds(20)), 0);
  EXPECT_EQ(t.attempt("a", t0 + seconds(20)), 40);
  EXPECT_EQ(t.attempt("b", t0 + seconds(20)), 0);
  EXPECT_EQ(t.attempt("a", t0 + seconds(60)), 0);  // the first left the window
}

TEST(LoginThrottle, ARefusedAttemptIsNotCounted) {
  LoginThrottle t(1, seconds(60));
  const TimePoint t0{seconds(1000)};
  EXPECT_EQ(t.attempt("a", t0), 0);
  for (int i = 0; i < 10; ++i) EXPECT_GT(t.attempt("a", t0 + seconds(30)), 0);
  EXPECT_EQ(t.attempt("a", t0 + seconds(60)), 0);
}

TEST(LoginThrottle, SuccessForgetsAttempts) {
  LoginThrottle t(1, seconds(60));
  EXPECT_EQ(t.attempt("a", TimePoint{seconds(5)}), 0);
  EXPECT_GT(t.attempt("a", TimePoint{seconds(6)}), 0);
  t.success("a");
  EXPECT_EQ(t.attempt("a", TimePoint{seconds(6)}), 0);
}

TEST(LoginThrottle, WithdrawTakesBackTheNewestAttempt) {
  LoginThrottle t(1, seconds(60));
  EXPECT_EQ(t.attempt("a", TimePoint{seconds(5)}), 0);
  t.withdraw("a");
  EXPECT_EQ(t.attempt("a", TimePoint{seconds(6)}), 0);
}

TEST(LoginThrottle, ParallelAttemptsAreLimitedLikeSerialOnes) {
  LoginThrottle t(5, seconds(60));
  std::atomic<int> admitted{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 40; ++i)
    threads.emplace_back([&] { admitted += t.attempt("a", TimePoint{seconds(100)}) == 0; });
  for (auto& th : threads) th.join();
  EXPECT_EQ(admitted.load(), 5);
}

}  // namespace
}  // namespace dx::accounts
