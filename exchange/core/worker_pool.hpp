// Threads for CPU-heavy work (screening a data file, writing an export) so it never blocks an I/O
// thread or the sequencer: a BoundedPool whose queue has no bound. Thread-safe; the destructor
// finishes queued jobs and joins.
#pragma once

#include <functional>
#include <limits>

#include "core/bounded_pool.hpp"

namespace dx {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads) : pool_(threads, std::numeric_limits<std::size_t>::max()) {}

  void post(std::function<void()> job) {
    // An unbounded queue never refuses.
    [[maybe_unused]] const bool queued = pool_.try_post(BoundedPool::Priority::normal, std::move(job));
  }

 private:
  BoundedPool pool_;
};

}  // namespace dx
