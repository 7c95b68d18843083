// Prometheus metrics of the server: requests by route and status, a latency histogram per route
// and open connections, plus gauges other parts register. Recording is lock-free (atomics
// indexed by route id and status slot); only registration and rendering take the mutex.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace dx::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                     5,      10};
  static constexpr std::array<int, 20> kStatuses = {200, 201, 202, 204, 400, 401, 403, 404, 405, 409,
                                                    413, 415, 422, 429, 500, 502, 503, 504, 505, 0};

  // Registers a route label (the same id again for a label already registered), before any
  // listener serves; the id is what observe() takes.
  std::size_t add_route(std::string route, std::string method);
  void observe(std::size_t route_id, int status, double seconds);
  void connection_opened() { ++open_connections_; }
  void connection_closed() { --open_connections_; }
  // A value read at scrape time, e.g. the sequencer's committed batches.
  void add_gauge(std::string name, std::string help, std::string type, std::function<double()> fn);
  std::string render() const;

 private:
  struct RouteStats {
    std::string route, method;
    std::array<std::atomic<std::uint64_t>, kStatuses.size()> by_status{};
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> sum_us{0};
  };
  struct Gauge {
    std::string name, help, type;
    std::function<double()> fn;
  };
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<RouteStats>> routes_;
  std::vector<Gauge> gauges_;
  std::atomic<long> open_connections_{0};
};

}  // namespace dx::http
