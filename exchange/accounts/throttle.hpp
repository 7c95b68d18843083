// Throttling of failed sign-ins, by e-mail address and by remote address: after `max_failures`
// failures within `window`, further attempts are refused (429 with Retry-After) until the oldest
// failure leaves the window. Thread-safe; memory is bounded by forgetting stale entries.
#pragma once

#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/time.hpp"

namespace dx::accounts {

class LoginThrottle {
 public:
  LoginThrottle(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // Seconds until `key` may try again; 0 when it may now.
  int retry_after(const std::string& key, TimePoint now) {
    std::lock_guard lock(mu_);
    auto it = failures_.find(key);
    if (it == failures_.end()) return 0;
    prune(it->second, now);
    if (static_cast<int>(it->second.size()) < max_failures_) return 0;
    const auto wait = it->second.front() + window_ - now;
    return static_cast<int>(std::chrono::ceil<std::chrono::seconds>(wait).count());
  }

  void failure(const std::string& key, TimePoint now) {
    std::lock_guard lock(mu_);
    if (failures_.size() > 100000) failures_.clear();
    auto& q = failures_[key];
    prune(q, now);
    q.push_back(now);
    if (static_cast<int>(q.size()) > max_failures_) q.pop_front();
  }

  void success(const std::string& key) {
    std::lock_guard lock(mu_);
    failures_.erase(key);
  }

 private:
  void prune(std::deque<TimePoint>& q, TimePoint now) const {
    while (!q.empty() && q.front() + window_ <= now) q.pop_front();
  }

  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimePoint>> failures_;
};

}  // namespace dx::accounts
