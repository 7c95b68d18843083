// Prometheus metrics of the server: requests by route and status, a latency histogram and open
// connections, plus gauges other parts register. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace dx::http {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                     5,      10};

  void observe(const std::string& route, const char* method, int status, double seconds);
  void connection_opened() { ++open_connections_; }
  void connection_closed() { --open_connections_; }
  // A value read at scrape time, e.g. the sequencer's committed batches.
  void add_gauge(std::string name, std::string help, std::string type, std::function<double()> fn);
  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string name, help, type;
    std::function<double()> fn;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::vector<Gauge> gauges_;
  std::atomic<long> open_connections_{0};
};

}  // namespace dx::http
