// The realistic mix, on 1 book and across 10,000 books (offers): per operation a uniformly chosen
// book; 40% cancels of a resting order, 45% passive GTC orders 1-20 ticks from the mid, 15%
// crossing orders 0-2 ticks through the mid (half IOC, half GTC); 1-50 seats; 1,000 owners, so
// self-trade prevention happens now and then. Each book starts with 40 resting orders. Operations
// are generated in advance against a simulated copy of the books, so cancels name resting orders.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <unordered_map>
#include <variant>
#include <vector>

#include "matching/book_set.hpp"
#include "matching/order_book.hpp"

namespace dx::matching {
namespace {

struct MixOp {
  std::uint32_t book;
  bool cancel;
  LimitOrder order;  // for a cancel, only the id matters
};

void run(OrderBook& book, const MixOp& op, Events& events) {
  events.clear();
  if (op.cancel) {
    book.cancel(op.order.id, events);
  } else {
    book.submit(op.order, events);
  }
}

struct Workload {
  std::vector<MixOp> warmup;  // fills every book; replayed untimed
  std::vector<MixOp> timed;
};

// Generates operations against a simulated copy of the books, so that cancels name orders that
// are resting at that moment.
class MixGenerator {
 public:
  explicit MixGenerator(std::size_t books) : live_(books), rng_(7) {}

  Workload generate(std::size_t resting_per_book, std::size_t timed_ops) {
    Workload w;
    for (std::uint32_t b = 0; b < live_.size(); ++b) {
      for (std::size_t i = 0; i < resting_per_book; ++i) w.warmup.push_back(emit(add(b, false)));
    }
    std::uniform_int_distribution<std::uint32_t> book(0,
                                                      static_cast<std::uint32_t>(live_.size() - 1));
    std::uniform_int_distribution<int> roll(0, 99);
    while (w.timed.size() < timed_ops) {
      const std::uint32_t b = book(rng_);
      const int r = roll(rng_);
      if (r < 40 && !live_[b].empty()) {
        w.timed.push_back(emit(cancel(b)));
      } else {
        w.timed.push_back(emit(add(b, r >= 85)));
      }
    }
    return w;
  }

  std::size_t resting() const {
    std::size_t n = 0;
    for (const auto& ids : live_) n += ids.size();
    return n;
  }

 private:
  static constexpr Price kMid = 10'000;

  MixOp add(std::uint32_t b, bool crossing) {
    const bool is_buy = rng_() % 2 == 0;
    const Price offset =
        crossing ? -static_cast<Price>(rng_() % 3) : 1 + static_cast<Price>(rng_() % 20);
    LimitOrder o{OrderId{next_id_++},
                 OwnerId{static_cast<std::int64_t>(rng_() % 1000)},
                 is_buy ? Side::buy : Side::sell,
                 is_buy ? kMid - offset : kMid + offset,
                 1 + static_cast<Quantity>(rng_() % 50),
                 crossing && rng_() % 2 == 0 ? TimeInForce::ioc : TimeInForce::gtc};
    return MixOp{b, false, o};
  }

  MixOp cancel(std::uint32_t b) {
    auto& ids = live_[b];
    const std::size_t i = rng_() % ids.size();
    LimitOrder o;
    o.id = ids[i];
    return MixOp{b, true, o};
  }

  // Applies `op` to the simulation and tracks which ids rest.
  MixOp emit(const MixOp& op) {
    OrderBook& book = books_.open(OfferId{op.book});
    run(book, op, events_);
    auto& ids = live_[op.book];
    for (const Event& e : events_) {
      if (const auto* f = std::get_if<Filled>(&e); f && f->maker_remaining == Seats(0)) {
        forget(ids, f->maker);
      }
      if (const auto* c = std::get_if<Cancelled>(&e)) forget(ids, c->id);
    }
    if (!op.cancel && book.find(op.order.id)) {
      position_[static_cast<std::uint64_t>(op.order.id)] = ids.size();
      ids.push_back(op.order.id);
    }
    return op;
  }

  void forget(std::vector<OrderId>& ids, OrderId id) {
    const auto it = position_.find(static_cast<std::uint64_t>(id));
    if (it == position_.end()) return;
    const std::size_t i = it->second;
    position_.erase(it);
    if (i + 1 != ids.size()) {
      ids[i] = ids.back();
      position_[static_cast<std::uint64_t>(ids[i])] = i;
    }
    ids.pop_back();
  }

  BookSet books_;
  Events events_;
  std::vector<std::vector<OrderId>> live_;
  std::unordered_map<std::uint64_t, std::size_t> position_;  // of each live id in live_[book]
  std::mt19937_64 rng_;
  std::uint64_t next_id_ = 1;
};

void replay(BookSet& books, const std::vector<MixOp>& ops, Events& events) {
  for (const MixOp& op : ops) {
    run(books.open(OfferId{op.book}), op, events);
    benchmark::DoNotOptimize(events.data());
  }
}

// One iteration runs the 2 million timed operations from the state the warm-up leaves, timed with
// one clock read before and one after the loop; the books are rebuilt between passes, untimed.
void Mix(benchmark::State& state) {
  const auto books_count = static_cast<std::size_t>(state.range(0));
  MixGenerator generator(books_count);
  const Workload w = generator.generate(40, 2'000'000);
  Events events;
  events.reserve(1024);
  for (auto _ : state) {
    BookSet books;
    replay(books, w.warmup, events);
    const auto start = std::chrono::steady_clock::now();
    replay(books, w.timed, events);
    state.SetIterationTime(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(w.timed.size()));
  state.counters["resting_at_end"] = static_cast<double>(generator.resting());
}
BENCHMARK(Mix)->Arg(1)->Arg(10'000)->ArgName("books")->UseManualTime()->Iterations(5);

}  // namespace
}  // namespace dx::matching
