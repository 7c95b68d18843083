// Token buckets by key (a remote address, say): each key may spend `burst` at once and regains
// `rate` per second. Thread-safe; memory is bounded by forgetting every bucket when there are too
// many keys, which only ever lets a burst through again.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string>
#include <unordered_map>

namespace dx {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate <= 0: unlimited. burst <= 0: equal to the rate.
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst > 0 ? burst : rate) {}

  bool unlimited() const { return rate_ <= 0; }

  // Takes a token for `key`: 0 when one was there, else the whole seconds until one will be.
  int take(const std::string& key, Clock::time_point now = Clock::now()) {
    if (unlimited()) return 0;
    std::lock_guard lock(mu_);
    if (buckets_.size() > kMaxKeys) buckets_.clear();
    auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
    auto& b = it->second;
    if (!fresh) {
      const double elapsed = std::chrono::duration<double>(now - b.last).count();
      b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_)));
  }

 private:
  static constexpr std::size_t kMaxKeys = 100000;
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace dx
