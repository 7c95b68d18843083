// The workers that run compute jobs (API.md "The data plane"): `compute.workers` threads, off the
// I/O threads and the sequencer, each taking the oldest queued job (marked running in the
// sequencer, so no two workers take one), opening the product version's sealed dataset (each
// worker keeps its own connections, one per dataset, open between jobs), running the query under
// the configured limits, sealing the result in the blob store and ending the job with its record.
// At start, jobs a crash left running are queued again; at stop, running queries are cancelled
// and stay running in the database, so the next start runs them again. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace dx {
struct Services;
}
namespace dx::compliance {
struct Rules;
}
namespace dx::files {
class BlobStore;
class Upload;
}  // namespace dx::files
namespace dx::datasets {
class Dataset;
}

namespace dx::jobs {

class Service;
struct Job;
struct Outcome;

class Runner {
 public:
  // Queues again what was left running, then starts the workers.
  Runner(Services& s, Service& service, const files::BlobStore& blobs,
         const compliance::Rules& rules);
  ~Runner();  // cancels running queries and joins the workers
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  // A job was queued: a waiting worker looks now instead of at its next poll.
  void wake();

 private:
  struct Worker;
  void work();
  // Waits for a wake() after `generation`, the stop, or a second (the poll).
  void wait(std::uint64_t generation);
  std::uint64_t generation();
  std::optional<Job> claim();
  // The job's outcome; nullopt when the run was cancelled by the stop (the job stays running).
  std::optional<Outcome> execute(Worker& w, const Job& job, std::shared_ptr<files::Upload>& upload);
  Result<datasets::Dataset*> dataset(Worker& w, const Job& job);
  void finish(const Job& job, Outcome& outcome, const std::shared_ptr<files::Upload>& upload);
  void requeue();
  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  Services& s_;
  Service& service_;
  const files::BlobStore& blobs_;
  const compliance::Rules& rules_;
  std::atomic<bool> stopping_{false};  // also the engine's cancel flag
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t generation_ = 0;  // advanced by wake()
  std::vector<std::thread> threads_;
};

}  // namespace dx::jobs
