// Threads for work that costs a fixed, large amount of CPU per request (password hashing), with
// two bounded queues: when `max_queued` jobs of a priority already wait, a new one is refused at
// once, so the caller can answer 503 with Retry-After instead of queueing without bound. Urgent
// jobs (sign-ins) run before normal ones (sign-ups) and have a queue of their own, so a burst of
// sign-ups neither delays a sign-in by more than the jobs already running nor crowds it out.
// Thread-safe; the destructor finishes queued jobs and joins.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dx {

class BoundedPool {
 public:
  enum class Priority { urgent, normal };

  BoundedPool(unsigned threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (unsigned i = 0; i < (threads ? threads : 1); ++i) threads_.emplace_back([this] { loop(); });
  }
  ~BoundedPool() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }
  BoundedPool(const BoundedPool&) = delete;
  BoundedPool& operator=(const BoundedPool&) = delete;

  // False, and `job` dropped, when `max_queued` jobs of this priority wait already.
  [[nodiscard]] bool try_post(Priority priority, std::function<void()> job) {
    {
      std::lock_guard lock(mu_);
      auto& queue = priority == Priority::urgent ? urgent_ : normal_;
      if (queue.size() >= max_queued_) return false;
      queue.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !urgent_.empty() || !normal_.empty(); });
        auto& from = !urgent_.empty() ? urgent_ : normal_;
        if (from.empty()) return;
        job = std::move(from.front());
        from.pop_front();
      }
      job();
    }
  }

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> urgent_, normal_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace dx
