// One order book on the standard stream (mix_bench.cpp: the realistic mix): alternating buy and
// sell GTC limit orders of 100-1,000 seats at prices drawn uniformly from 10 adjacent ticks (about
// half of them cross), pre-generated, one thread.
//
// StandardStream: one iteration runs the whole stream of 2^20 orders from an empty book, timed
// with one clock read before and one after the loop; the book is cleared between passes, untimed.
// StandardStreamLatency: the same passes again, each operation timed on its own with
// std::chrono::steady_clock; p50/p99/p99.9 in ns include the cost of the two clock reads
// (clock_ns, reported beside them).
// StandardStreamGrowing: 10 million orders without a reset, ids counting on, so the book grows to
// about 1.8 million resting orders.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

#include "matching/order_book.hpp"

namespace dx::matching {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kStreamLength = 1 << 20;

std::vector<LimitOrder> standard_stream() {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<Price> price(10'000, 10'009);
  std::uniform_int_distribution<Quantity> quantity(100, 1'000);
  std::vector<LimitOrder> orders(kStreamLength);
  for (std::size_t i = 0; i < orders.size(); ++i) {
    orders[i] = LimitOrder{OrderId{i},
                           OwnerId{static_cast<std::int64_t>(i)},
                           i % 2 == 0 ? Side::buy : Side::sell,
                           price(rng),
                           quantity(rng),
                           TimeInForce::gtc};
  }
  return orders;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// The book is reserved for a pass's peak and cleared between passes, so a timed pass never grows a
// structure. The constructor runs one untimed pass, which touches every page of that memory and
// counts how many orders crossed.
class StreamRunner {
 public:
  StreamRunner() : orders_(standard_stream()) {
    book_.reserve(kStreamLength / 2, 64);
    events_.reserve(1024);
    for (const LimitOrder& order : orders_) crossed_ += submit(order) > 1;
    resting_at_pass_end_ = book_.order_count();
    book_.clear();
  }

  // Returns the number of events (1: accepted and rested; more: it traded).
  std::size_t submit(const LimitOrder& order) {
    events_.clear();
    book_.submit(order, events_);
    benchmark::DoNotOptimize(events_.data());
    return events_.size();
  }

  const std::vector<LimitOrder>& orders() const { return orders_; }
  void clear() { book_.clear(); }

  void report(benchmark::State& state) const {
    state.counters["crossing_share"] = static_cast<double>(crossed_) / kStreamLength;
    state.counters["resting_at_pass_end"] = static_cast<double>(resting_at_pass_end_);
  }

 private:
  std::vector<LimitOrder> orders_;
  OrderBook book_;
  Events events_;
  std::size_t crossed_ = 0;
  std::size_t resting_at_pass_end_ = 0;
};

void StandardStream(benchmark::State& state) {
  StreamRunner runner;
  for (auto _ : state) {
    runner.clear();
    const auto start = Clock::now();
    for (const LimitOrder& order : runner.orders()) runner.submit(order);
    state.SetIterationTime(seconds(Clock::now() - start));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kStreamLength));
  runner.report(state);
}
BENCHMARK(StandardStream)->UseManualTime()->Iterations(20)->Unit(benchmark::kMillisecond);

std::int64_t nanoseconds(Clock::duration d) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
}

double percentile(const std::vector<std::int64_t>& sorted, double p) {
  return static_cast<double>(sorted[static_cast<std::size_t>(p * (sorted.size() - 1))]);
}

double clock_overhead_ns() {
  std::vector<std::int64_t> samples(100'000);
  for (auto& sample : samples) {
    const auto t0 = Clock::now();
    sample = nanoseconds(Clock::now() - t0);
  }
  std::sort(samples.begin(), samples.end());
  return percentile(samples, 0.5);
}

void StandardStreamLatency(benchmark::State& state) {
  constexpr int kPasses = 4;
  StreamRunner runner;
  std::vector<std::int64_t> samples;
  samples.reserve(kPasses * kStreamLength);
  for (auto _ : state) {
    for (int pass = 0; pass < kPasses; ++pass) {
      runner.clear();
      for (const LimitOrder& order : runner.orders()) {
        const auto t0 = Clock::now();
        runner.submit(order);
        samples.push_back(nanoseconds(Clock::now() - t0));
      }
    }
  }
  std::sort(samples.begin(), samples.end());
  state.counters["p50_ns"] = percentile(samples, 0.5);
  state.counters["p99_ns"] = percentile(samples, 0.99);
  state.counters["p999_ns"] = percentile(samples, 0.999);
  state.counters["clock_ns"] = clock_overhead_ns();
}
BENCHMARK(StandardStreamLatency)->Iterations(1)->Unit(benchmark::kMillisecond);

void StandardStreamGrowing(benchmark::State& state) {
  constexpr std::uint64_t kOrders = 10'000'000;
  const std::vector<LimitOrder> orders = standard_stream();
  OrderBook book;
  Events events;
  events.reserve(1024);
  for (auto _ : state) {
    const auto start = Clock::now();
    for (std::uint64_t next = 0; next < kOrders; ++next) {
      LimitOrder order = orders[next & (kStreamLength - 1)];
      order.id = OrderId{next};
      events.clear();
      book.submit(order, events);
      benchmark::DoNotOptimize(events.data());
    }
    state.SetIterationTime(seconds(Clock::now() - start));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kOrders));
  state.counters["resting_at_end"] = static_cast<double>(book.order_count());
}
BENCHMARK(StandardStreamGrowing)->UseManualTime()->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dx::matching
