// Throttling of sign-in attempts, by e-mail address and by remote address: an attempt is counted
// when it starts, before the slow password check, and forgotten only when it succeeds; after
// `max_attempts` unforgotten attempts within `window`, further attempts are refused (429 with
// Retry-After) until the oldest leaves the window. Counting before the check is what makes
// parallel guesses limited exactly like serial ones: the sixth of forty simultaneous guesses is
// refused although none of the first five has been judged yet. Thread-safe; memory is bounded by
// forgetting every entry when there are too many keys.
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
  LoginThrottle(int max_attempts, std::chrono::seconds window)
      : max_attempts_(max_attempts), window_(window) {}

  // Counts an attempt for `key` and returns 0, or, when `key` is at its limit, counts nothing and
  // returns the seconds until it may try again (at least 1).
  int attempt(const std::string& key, TimePoint now) {
    std::lock_guard lock(mu_);
    if (attempts_.size() > kMaxKeys) attempts_.clear();
    auto& q = attempts_[key];
    prune(q, now);
    if (static_cast<int>(q.size()) >= max_attempts_) {
      const auto wait = std::chrono::ceil<std::chrono::seconds>(q.front() + window_ - now).count();
      return std::max(1, static_cast<int>(wait));
    }
    q.push_back(now);
    return 0;
  }

  // Takes back the newest attempt of `key`, for an attempt another throttle refused before it was
  // judged.
  void withdraw(const std::string& key) {
    std::lock_guard lock(mu_);
    auto it = attempts_.find(key);
    if (it != attempts_.end() && !it->second.empty()) it->second.pop_back();
  }

  // A successful sign-in forgets the attempts of `key`.
  void success(const std::string& key) {
    std::lock_guard lock(mu_);
    attempts_.erase(key);
  }

 private:
  static constexpr std::size_t kMaxKeys = 100000;

  void prune(std::deque<TimePoint>& q, TimePoint now) const {
    while (!q.empty() && q.front() + window_ <= now) q.pop_front();
  }

  int max_attempts_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<TimePoint>> attempts_;
};

}  // namespace dx::accounts
