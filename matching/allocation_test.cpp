// No heap allocation per order on the hot path: once a book (and the caller's event vector) has
// reached its largest size, submits, fills, cancels and the standing ask allocate nothing. This
// file replaces the global operator new of the test program to count allocations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <random>

#include "matching/book_set.hpp"

namespace {
std::uint64_t allocations = 0;  // the test program is single-threaded
}

void* operator new(std::size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace dx::matching {
namespace {

// Every kind of request: GTC, IOC and FOK on both sides around one price, cancels of recent ids,
// unlimited asks, a few owners so that self-trade prevention happens, and rejections.
void run_workload(OrderBook& book, Events& events) {
  std::mt19937_64 rng(5);
  for (std::uint64_t id = 1; id <= 200'000; ++id) {
    events.clear();
    const std::uint64_t roll = rng() % 100;
    if (roll < 30 && id > 1) {
      book.cancel(OrderId{id - 1 - rng() % std::min<std::uint64_t>(id - 1, 50)}, events);
    } else if (roll < 31) {
      book.submit(UnlimitedAsk{OrderId{id}, OwnerId{7}, 1000 + static_cast<Price>(rng() % 20)},
                  events);
    } else {
      const auto tif = static_cast<TimeInForce>(rng() % 3);
      book.submit(
          LimitOrder{OrderId{id}, OwnerId{static_cast<std::int64_t>(rng() % 5)},
                     rng() % 2 == 0 ? Side::buy : Side::sell, 995 + static_cast<Price>(rng() % 20),
                     static_cast<Quantity>(rng() % 30), tif},
          events);
    }
  }
}

TEST(AllocationTest, BookThatHasReachedItsSizeAllocatesNothing) {
  BookSet books;
  OrderBook& book = books.open(OfferId{1});
  Events events;
  run_workload(book, events);
  book.clear();  // keeps the memory

  const std::uint64_t before = allocations;
  run_workload(books.open(OfferId{1}), events);

  EXPECT_EQ(allocations - before, 0u);
}

TEST(AllocationTest, ReservedBookAllocatesNothingFromTheStart) {
  OrderBook book;
  book.reserve(200'000, 64);
  Events events;
  events.reserve(4096);

  const std::uint64_t before = allocations;
  run_workload(book, events);

  EXPECT_EQ(allocations - before, 0u);
}

TEST(AllocationTest, CounterSeesAllocations) {
  const std::uint64_t before = allocations;
  OrderBook book;  // the id table allocates its first slots

  EXPECT_GT(allocations - before, 0u);
}

}  // namespace
}  // namespace dx::matching
