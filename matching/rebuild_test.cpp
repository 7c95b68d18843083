// Rebuilding books at start (book_set.hpp): submitting the stored open orders again, in their
// original time order, as GTC orders of their remaining seats (unlimited asks as UnlimitedAsk),
// must give back the same books: each resubmission is only Accepted, the depth and every order
// are the same, and from then on both produce exactly the same events (so time priority within
// every level is the same too).
//
// Random operations run on a few books of one BookSet; at each checkpoint a fresh BookSet is
// rebuilt from the orders still resting, and the next stretch of operations runs on both.
#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <random>
#include <variant>
#include <vector>

#include "matching/book_set.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

constexpr std::int64_t kOffers = 3;

struct Submitted {
  OfferId offer;
  OrderId id;
};

class RebuildTest : public ::testing::Test {
 protected:
  // One random operation, applied to `books` and, when given, to `copy`; their events must agree.
  void step(BookSet& books, BookSet* copy) {
    const OfferId offer{between(1, kOffers)};
    const std::int64_t roll = between(0, 99);
    actual_.clear();
    expected_.clear();
    if (roll < 25 && !submitted_.empty()) {
      const Submitted& target = submitted_[static_cast<std::size_t>(
          between(0, static_cast<std::int64_t>(submitted_.size()) - 1))];
      cancel(books, target, expected_);
      if (copy != nullptr) cancel(*copy, target, actual_);
    } else if (roll < 28) {
      const UnlimitedAsk ask{next_id(), owner(), between(100, 110)};
      books.open(offer).submit(ask, expected_);
      if (copy != nullptr) copy->open(offer).submit(ask, actual_);
      submitted_.push_back(Submitted{offer, ask.id});
    } else {
      const LimitOrder order = limit_order();
      books.open(offer).submit(order, expected_);
      if (copy != nullptr) copy->open(offer).submit(order, actual_);
      submitted_.push_back(Submitted{offer, order.id});
    }
    if (copy != nullptr) {
      ASSERT_EQ(actual_, expected_);
    }
  }

  // Drops the orders that no longer rest (ids are never reused here, so they never will again)
  // and rebuilds the rest into a new BookSet in time order, as the exchange does at start.
  BookSet rebuild(const BookSet& books) {
    std::erase_if(submitted_, [&](const Submitted& s) { return !find(books, s); });
    BookSet rebuilt;
    Events events;
    for (const Submitted& s : submitted_) {
      const OrderView order = *find(books, s);
      events.clear();
      if (order.remaining.is_unlimited()) {
        rebuilt.open(s.offer).submit(UnlimitedAsk{order.id, order.owner, order.price}, events);
      } else {
        rebuilt.open(s.offer).submit(LimitOrder{order.id, order.owner, order.side, order.price,
                                                order.remaining.count(), TimeInForce::gtc},
                                     events);
      }
      EXPECT_EQ(events, Events{Accepted{order.id}});
    }
    return rebuilt;
  }

  void expect_same_books(const BookSet& a, const BookSet& b) {
    for (std::int64_t offer = 1; offer <= kOffers; ++offer) {
      EXPECT_EQ(depth(a, OfferId{offer}), depth(b, OfferId{offer})) << "offer " << offer;
    }
    for (const Submitted& s : submitted_) ASSERT_EQ(find(a, s), find(b, s));
  }

  std::size_t resting() const { return submitted_.size(); }

 private:
  static std::optional<OrderView> find(const BookSet& books, const Submitted& s) {
    const OrderBook* book = books.find(s.offer);
    return book == nullptr ? std::nullopt : book->find(s.id);
  }

  static Depth depth(const BookSet& books, OfferId offer) {
    const OrderBook* book = books.find(offer);
    return book == nullptr ? Depth{} : book->depth();
  }

  // The exchange cancels in the book its records name; a missing book means nothing rests there.
  static void cancel(BookSet& books, const Submitted& target, Events& out) {
    if (OrderBook* book = books.find(target.offer)) {
      book->cancel(target.id, out);
    } else {
      out.push_back(Rejected{target.id, RejectReason::unknown_order_id});
    }
  }

  LimitOrder limit_order() {
    const std::int64_t tif = between(0, 9);
    return LimitOrder{next_id(),
                      owner(),
                      between(0, 1) == 0 ? Side::buy : Side::sell,
                      between(100, 110),
                      between(1, 20),
                      tif < 7   ? TimeInForce::gtc
                      : tif < 9 ? TimeInForce::ioc
                                : TimeInForce::fok};
  }

  OrderId next_id() { return OrderId{++last_id_}; }
  OwnerId owner() { return OwnerId{between(1, 8)}; }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
  }

  std::mt19937_64 rng_{20241124};
  std::uint64_t last_id_ = 0;
  std::vector<Submitted> submitted_;  // in time order
  Events actual_;
  Events expected_;
};

TEST_F(RebuildTest, ResubmittingOpenOrdersInTimeOrderReproducesTheBooks) {
  BookSet books;
  for (int checkpoint = 0; checkpoint < 40; ++checkpoint) {
    for (int n = 0; n < 2'000; ++n) ASSERT_NO_FATAL_FAILURE(step(books, nullptr));

    BookSet rebuilt = rebuild(books);
    ASSERT_GT(resting(), 0u);
    ASSERT_NO_FATAL_FAILURE(expect_same_books(books, rebuilt));

    for (int n = 0; n < 2'000; ++n) {
      ASSERT_NO_FATAL_FAILURE(step(books, &rebuilt)) << "checkpoint " << checkpoint;
    }
    ASSERT_NO_FATAL_FAILURE(expect_same_books(books, rebuilt));
  }
}

}  // namespace
}  // namespace dx::matching
