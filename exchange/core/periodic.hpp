// A thread that runs a job every interval until it is destroyed (signing tree heads, writing the
// gateway's counts, a gateway node's polls). The destructor wakes it, lets a running job finish,
// and joins; no job starts after it began.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace dx {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds every, std::function<void()> job)
      : thread_([this, every, job = std::move(job)] {
          std::unique_lock lock(mu_);
          while (!cv_.wait_for(lock, every, [this] { return stopping_; })) {
            lock.unlock();
            job();
            lock.lock();
          }
        }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;  // last: it starts once the members it uses exist
};

}  // namespace dx
