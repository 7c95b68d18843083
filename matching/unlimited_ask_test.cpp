// The seller's standing list offer: an ask for unlimited seats that never exhausts.
#include <gtest/gtest.h>

#include <limits>

#include "matching/order_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

using Tif = TimeInForce;
using UnlimitedAskTest = BookTest;

constexpr std::int64_t kSeller = 7;

TEST_F(UnlimitedAskTest, RestsAndIsMarkedUnlimitedInTheDepth) {
  const Events events = submit(unlimited_ask(1, 500, kSeller));

  EXPECT_EQ(events, Events{accepted(1)});
  EXPECT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{500, 0, true}}));
  EXPECT_EQ(book_.best_ask(), 500);
}

TEST_F(UnlimitedAskTest, FindReportsUnlimitedSeats) {
  submit(unlimited_ask(1, 500, kSeller));

  EXPECT_EQ(find(1),
            (OrderView{OrderId{1}, OwnerId{kSeller}, Side::sell, 500, Seats::unlimited()}));
}

TEST_F(UnlimitedAskTest, CrossingBuyFillsInFullAtTheAskPrice) {
  submit(unlimited_ask(1, 500, kSeller));

  const Events events = submit(buy(2, 600, 40));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 500, 40, Seats::unlimited(), Seats(0))}));
}

TEST_F(UnlimitedAskTest, NeverExhausts) {
  submit(unlimited_ask(1, 500, kSeller));

  for (std::uint64_t id = 2; id < 1000; ++id) submit(buy(id, 500, 1'000'000));

  EXPECT_EQ(find(1)->remaining, Seats::unlimited());
  EXPECT_EQ(book_.order_count(), 1u);
}

TEST_F(UnlimitedAskTest, FillsAFokOfAnySize) {
  submit(unlimited_ask(1, 1, kSeller));
  constexpr Quantity kHuge = std::numeric_limits<Quantity>::max();

  const Events events = submit(buy(2, 1, kHuge, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 1, kHuge, Seats::unlimited(), Seats(0))}));
}

TEST_F(UnlimitedAskTest, FillsAnIocInFull) {
  submit(unlimited_ask(1, 500, kSeller));

  const Events events = submit(buy(2, 500, 9, Tif::ioc));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 500, 9, Seats::unlimited(), Seats(0))}));
}

TEST_F(UnlimitedAskTest, BuyBelowItsPriceDoesNotTrade) {
  submit(unlimited_ask(1, 500, kSeller));

  EXPECT_EQ(submit(buy(2, 499, 9)), Events{accepted(2)});
  EXPECT_EQ(book_.best_bid(), 499);
}

TEST_F(UnlimitedAskTest, BetterPricedLimitedAskTradesFirst) {
  submit(unlimited_ask(1, 500, kSeller));
  submit(sell(2, 450, 3, Tif::gtc, kSeller));

  const Events events = submit(buy(3, 500, 5));

  EXPECT_EQ(events, (Events{accepted(3), filled(2, 3, 450, 3, Seats(0), Seats(2)),
                            filled(1, 3, 500, 2, Seats::unlimited(), Seats(0))}));
}

TEST_F(UnlimitedAskTest, EarlierLimitedAskAtTheSamePriceTradesFirst) {
  submit(sell(1, 500, 3));
  submit(unlimited_ask(2, 500, kSeller));

  const Events events = submit(buy(3, 500, 5));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 500, 3, Seats(0), Seats(2)),
                            filled(2, 3, 500, 2, Seats::unlimited(), Seats(0))}));
}

TEST_F(UnlimitedAskTest, LaterAsksAtItsPriceWaitBehindIt) {
  submit(unlimited_ask(1, 500, kSeller));
  submit(sell(2, 500, 3));

  const Events events = submit(buy(3, 500, 5));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 500, 5, Seats::unlimited(), Seats(0))}));
  EXPECT_EQ(find(2)->remaining, Seats(3));
}

TEST_F(UnlimitedAskTest, DepthLevelShowsLimitedTotalBesideTheMarker) {
  submit(unlimited_ask(1, 500, kSeller));
  submit(sell(2, 500, 3));
  submit(sell(3, 510, 4));

  EXPECT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{500, 3, true}, {510, 4, false}}));
}

TEST_F(UnlimitedAskTest, SellsIntoCrossingBidsThenRests) {
  submit(buy(1, 520, 2));
  submit(buy(2, 510, 3));
  submit(buy(3, 490, 4));

  const Events events = submit(unlimited_ask(4, 500, kSeller));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 520, 2, Seats(0), Seats::unlimited()),
                            filled(2, 4, 510, 3, Seats(0), Seats::unlimited())}));
  EXPECT_EQ(book_.best_ask(), 500);
  EXPECT_EQ(book_.best_bid(), 490);
}

TEST_F(UnlimitedAskTest, CancelReportsUnlimitedRemainder) {
  submit(unlimited_ask(1, 500, kSeller));
  submit(buy(2, 500, 5));

  const Events events = cancel(1);

  EXPECT_EQ(events, Events{cancelled(1, Seats::unlimited(), CancelReason::requested)});
  EXPECT_TRUE(book_.depth().asks.empty());
}

TEST_F(UnlimitedAskTest, MarkerClearsWhenTheLastUnlimitedAskAtALevelLeaves) {
  submit(unlimited_ask(1, 500, kSeller));
  submit(unlimited_ask(2, 500, kSeller));
  submit(sell(3, 500, 3));
  cancel(1);
  ASSERT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{500, 3, true}}));

  cancel(2);

  EXPECT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{500, 3, false}}));
}

}  // namespace
}  // namespace dx::matching
