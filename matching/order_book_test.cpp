// Matching rules of OrderBook: price-time priority, trade price, partial fills, time in force,
// cancels, id release and the queries.
#include <gtest/gtest.h>

#include "matching/order_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

using Tif = TimeInForce;
using OrderBookTest = BookTest;

TEST_F(OrderBookTest, NonCrossingOrderIsAcceptedAndRests) {
  const Events events = submit(buy(1, 100, 5));

  EXPECT_EQ(events, Events{accepted(1)});
  EXPECT_EQ(find(1), (OrderView{OrderId{1}, OwnerId{1}, Side::buy, 100, Seats(5)}));
  EXPECT_EQ(book_.best_bid(), 100);
}

TEST_F(OrderBookTest, CrossingBuyTradesAtRestingAskPrice) {
  submit(sell(1, 100, 5));

  const Events events = submit(buy(2, 105, 5));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 100, 5, Seats(0), Seats(0))}));
  EXPECT_EQ(book_.order_count(), 0u);
}

TEST_F(OrderBookTest, CrossingSellTradesAtRestingBidPrice) {
  submit(buy(1, 100, 5));

  const Events events = submit(sell(2, 95, 5));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 100, 5, Seats(0), Seats(0))}));
}

TEST_F(OrderBookTest, BuyWalksAskLevelsBestPriceFirst) {
  submit(sell(1, 102, 1));
  submit(sell(2, 100, 1));
  submit(sell(3, 101, 1));

  const Events events = submit(buy(4, 102, 3));

  EXPECT_EQ(events, (Events{accepted(4), filled(2, 4, 100, 1, Seats(0), Seats(2)),
                            filled(3, 4, 101, 1, Seats(0), Seats(1)),
                            filled(1, 4, 102, 1, Seats(0), Seats(0))}));
}

TEST_F(OrderBookTest, SellWalksBidLevelsBestPriceFirst) {
  submit(buy(1, 98, 1));
  submit(buy(2, 100, 1));
  submit(buy(3, 99, 1));

  const Events events = submit(sell(4, 98, 3));

  EXPECT_EQ(events, (Events{accepted(4), filled(2, 4, 100, 1, Seats(0), Seats(2)),
                            filled(3, 4, 99, 1, Seats(0), Seats(1)),
                            filled(1, 4, 98, 1, Seats(0), Seats(0))}));
}

TEST_F(OrderBookTest, OrdersAtOnePriceFillInArrivalOrder) {
  submit(sell(1, 100, 2));
  submit(sell(2, 100, 2));
  submit(sell(3, 100, 2));

  const Events events = submit(buy(4, 100, 5));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 100, 2, Seats(0), Seats(3)),
                            filled(2, 4, 100, 2, Seats(0), Seats(1)),
                            filled(3, 4, 100, 1, Seats(1), Seats(0))}));
  EXPECT_EQ(find(3)->remaining, Seats(1));
}

TEST_F(OrderBookTest, BuyDoesNotTradeAboveItsLimit) {
  submit(sell(1, 100, 1));
  submit(sell(2, 101, 1));

  const Events events = submit(buy(3, 100, 2));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 1, Seats(0), Seats(1))}));
  EXPECT_EQ(book_.best_bid(), 100);
  EXPECT_EQ(book_.best_ask(), 101);
}

TEST_F(OrderBookTest, PartiallyFilledMakerKeepsItsPlaceWithTheRemainder) {
  submit(sell(1, 100, 10));
  submit(sell(2, 100, 10));

  submit(buy(3, 100, 4));
  const Events events = submit(buy(4, 100, 7));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 100, 6, Seats(0), Seats(1)),
                            filled(2, 4, 100, 1, Seats(9), Seats(0))}));
}

TEST_F(OrderBookTest, GtcRemainderRestsAtItsOwnPrice) {
  submit(sell(1, 100, 3));

  const Events events = submit(buy(2, 101, 5));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 100, 3, Seats(0), Seats(2))}));
  EXPECT_EQ(find(2), (OrderView{OrderId{2}, OwnerId{2}, Side::buy, 101, Seats(2)}));
  EXPECT_EQ(book_.best_ask(), std::nullopt);
}

TEST_F(OrderBookTest, RestingRemainderKeepsTimePriorityFromArrival) {
  submit(sell(1, 100, 3));
  submit(buy(2, 100, 5));  // 2 left, resting
  submit(buy(3, 100, 5));

  const Events events = submit(sell(4, 100, 3));

  EXPECT_EQ(events, (Events{accepted(4), filled(2, 4, 100, 2, Seats(0), Seats(1)),
                            filled(3, 4, 100, 1, Seats(4), Seats(0))}));
}

TEST_F(OrderBookTest, IocFillsWhatCrossesAndCancelsTheRest) {
  submit(sell(1, 100, 3));
  submit(sell(2, 102, 3));

  const Events events = submit(buy(3, 101, 5, Tif::ioc));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 3, Seats(0), Seats(2)),
                            cancelled(3, Seats(2), CancelReason::ioc_remainder)}));
  EXPECT_EQ(find(3), std::nullopt);
  EXPECT_EQ(book_.best_bid(), std::nullopt);
}

TEST_F(OrderBookTest, IocWithNothingCrossingIsCancelledWhole) {
  submit(sell(1, 100, 3));

  const Events events = submit(buy(2, 99, 5, Tif::ioc));

  EXPECT_EQ(events, (Events{accepted(2), cancelled(2, Seats(5), CancelReason::ioc_remainder)}));
  EXPECT_EQ(book_.order_count(), 1u);
}

TEST_F(OrderBookTest, IocThatFillsInFullIsNotCancelled) {
  submit(buy(1, 100, 9));

  const Events events = submit(sell(2, 100, 4, Tif::ioc));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 100, 4, Seats(5), Seats(0))}));
}

TEST_F(OrderBookTest, FokFillsAcrossLevelsWhenTheBookHoldsEnough) {
  submit(sell(1, 100, 3));
  submit(sell(2, 101, 3));

  const Events events = submit(buy(3, 101, 5, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 3, Seats(0), Seats(2)),
                            filled(2, 3, 101, 2, Seats(1), Seats(0))}));
}

TEST_F(OrderBookTest, FokIsCancelledWholeWhenTheBookHoldsTooLittle) {
  submit(sell(1, 100, 3));
  submit(sell(2, 101, 3));

  const Events events = submit(buy(3, 101, 7, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(3), cancelled(3, Seats(7), CancelReason::fok_unfillable)}));
  EXPECT_EQ(find(1)->remaining, Seats(3));
  EXPECT_EQ(find(2)->remaining, Seats(3));
}

TEST_F(OrderBookTest, FokCountsOnlyLevelsWithinItsLimit) {
  submit(buy(1, 100, 3));
  submit(buy(2, 99, 3));

  const Events events = submit(sell(3, 100, 4, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(3), cancelled(3, Seats(4), CancelReason::fok_unfillable)}));
  EXPECT_EQ(book_.order_count(), 2u);
}

TEST_F(OrderBookTest, FokOfExactlyTheAvailableQuantityFills) {
  submit(buy(1, 100, 3));
  submit(buy(2, 100, 2));

  const Events events = submit(sell(3, 100, 5, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 3, Seats(0), Seats(2)),
                            filled(2, 3, 100, 2, Seats(0), Seats(0))}));
  EXPECT_EQ(book_.order_count(), 0u);
}

TEST_F(OrderBookTest, FokOnAnEmptyBookIsCancelled) {
  const Events events = submit(sell(1, 100, 1, Tif::fok));

  EXPECT_EQ(events, (Events{accepted(1), cancelled(1, Seats(1), CancelReason::fok_unfillable)}));
}

TEST_F(OrderBookTest, CancelRemovesTheRestingOrder) {
  submit(buy(1, 100, 5));

  const Events events = cancel(1);

  EXPECT_EQ(events, Events{cancelled(1, Seats(5), CancelReason::requested)});
  EXPECT_EQ(find(1), std::nullopt);
  EXPECT_EQ(book_.best_bid(), std::nullopt);
  EXPECT_TRUE(book_.depth().bids.empty());
}

TEST_F(OrderBookTest, CancelOfPartiallyFilledOrderReportsTheRemainder) {
  submit(sell(1, 100, 10));
  submit(buy(2, 100, 4));

  const Events events = cancel(1);

  EXPECT_EQ(events, Events{cancelled(1, Seats(6), CancelReason::requested)});
  EXPECT_EQ(book_.order_count(), 0u);
}

TEST_F(OrderBookTest, CancelInTheMiddleOfALevelKeepsTheOthersInOrder) {
  submit(sell(1, 100, 1));
  submit(sell(2, 100, 1));
  submit(sell(3, 100, 1));
  cancel(2);

  const Events events = submit(buy(4, 100, 2));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 100, 1, Seats(0), Seats(1)),
                            filled(3, 4, 100, 1, Seats(0), Seats(0))}));
}

TEST_F(OrderBookTest, CancelOfTheLastOrderOfALevelRemovesTheLevel) {
  submit(buy(1, 100, 1));
  submit(buy(2, 99, 1));

  cancel(1);

  EXPECT_EQ(book_.best_bid(), 99);
  EXPECT_EQ(book_.depth().bids, (std::vector<DepthLevel>{{99, 1, false}}));
}

TEST_F(OrderBookTest, FilledOrderReleasesItsIdForReuse) {
  submit(sell(1, 100, 2));
  submit(buy(2, 100, 2));

  const Events events = submit(buy(1, 90, 3));

  EXPECT_EQ(events, Events{accepted(1)});
  EXPECT_EQ(find(1), (OrderView{OrderId{1}, OwnerId{1}, Side::buy, 90, Seats(3)}));
}

TEST_F(OrderBookTest, FilledTakerIdIsFreeAtOnce) {
  submit(sell(1, 100, 2));
  submit(buy(2, 100, 2));

  const Events events = submit(sell(2, 100, 1));

  EXPECT_EQ(events, Events{accepted(2)});
}

TEST_F(OrderBookTest, CancelledOrderReleasesItsIdForReuse) {
  submit(buy(1, 100, 2));
  cancel(1);

  const Events events = submit(sell(1, 100, 4));

  EXPECT_EQ(events, Events{accepted(1)});
  EXPECT_EQ(book_.best_ask(), 100);
}

TEST_F(OrderBookTest, IocAndFokIdsAreNeverHeld) {
  submit(buy(1, 100, 2, Tif::ioc));
  submit(buy(2, 100, 2, Tif::fok));

  EXPECT_EQ(book_.order_count(), 0u);
  EXPECT_EQ(submit(buy(1, 100, 2)), Events{accepted(1)});
  EXPECT_EQ(submit(buy(2, 100, 2)), Events{accepted(2)});
}

TEST_F(OrderBookTest, FilledOrderCannotBeCancelled) {
  submit(sell(1, 100, 2));
  submit(buy(2, 100, 2));

  const Events events = cancel(1);

  EXPECT_EQ(events, Events{rejected(1, RejectReason::unknown_order_id)});
}

TEST_F(OrderBookTest, DepthAggregatesEachLevelBestFirst) {
  submit(buy(1, 99, 1));
  submit(buy(2, 100, 2));
  submit(buy(3, 100, 3));
  submit(sell(4, 102, 4));
  submit(sell(5, 101, 5));
  submit(sell(6, 102, 6));

  const Depth depth = book_.depth();

  EXPECT_EQ(depth.bids, (std::vector<DepthLevel>{{100, 5, false}, {99, 1, false}}));
  EXPECT_EQ(depth.asks, (std::vector<DepthLevel>{{101, 5, false}, {102, 10, false}}));
}

TEST_F(OrderBookTest, DepthReportsPartialFillsInTheTotals) {
  submit(sell(1, 101, 5));
  submit(sell(2, 101, 5));
  submit(buy(3, 101, 3));

  EXPECT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{101, 7, false}}));
}

TEST_F(OrderBookTest, DepthStopsAtMaxLevels) {
  for (std::uint64_t id = 1; id <= 5; ++id) submit(buy(id, 100 - static_cast<Price>(id), 1));

  const Depth depth = book_.depth(2);

  EXPECT_EQ(depth.bids, (std::vector<DepthLevel>{{99, 1, false}, {98, 1, false}}));
}

TEST_F(OrderBookTest, EmptyBookHasNoBestPricesAndNoDepth) {
  EXPECT_EQ(book_.best_bid(), std::nullopt);
  EXPECT_EQ(book_.best_ask(), std::nullopt);
  EXPECT_EQ(book_.depth(), Depth{});
  EXPECT_EQ(find(1), std::nullopt);
}

TEST_F(OrderBookTest, LevelFarFromTheBestIsFoundForCancel) {
  for (std::uint64_t id = 1; id <= 100; ++id) submit(sell(id, 1000 + static_cast<Price>(id), 1));

  const Events events = cancel(90);

  EXPECT_EQ(events, Events{cancelled(90, Seats(1), CancelReason::requested)});
  EXPECT_EQ(book_.depth().asks.size(), 99u);
}

TEST_F(OrderBookTest, ManyRestingOrdersCanAllBeCancelled) {
  constexpr std::uint64_t kOrders = 100'000;
  for (std::uint64_t id = 1; id <= kOrders; ++id) {
    submit(buy(id, 1 + static_cast<Price>(id % 500), 1));
  }
  ASSERT_EQ(book_.order_count(), kOrders);

  for (std::uint64_t id = kOrders; id >= 1; --id) cancel(id);

  EXPECT_EQ(book_.order_count(), 0u);
  EXPECT_EQ(book_.depth(), Depth{});
}

TEST_F(OrderBookTest, ReservedBookBehavesTheSame) {
  book_.reserve(1000, 100);
  submit(sell(1, 100, 2));

  const Events events = submit(buy(2, 100, 3));

  EXPECT_EQ(events, (Events{accepted(2), filled(1, 2, 100, 2, Seats(0), Seats(1))}));
  EXPECT_EQ(book_.best_bid(), 100);
}

TEST_F(OrderBookTest, ClearDropsEveryOrderAndTheBookWorksOn) {
  submit(buy(1, 100, 5));
  submit(unlimited_ask(2, 110, 7));
  book_.clear();

  EXPECT_EQ(book_.order_count(), 0u);
  EXPECT_EQ(book_.depth(), Depth{});
  EXPECT_EQ(submit(buy(1, 100, 5)), Events{accepted(1)});
  EXPECT_EQ(submit(sell(3, 100, 2)),
            (Events{accepted(3), filled(1, 3, 100, 2, Seats(3), Seats(0))}));
}

TEST_F(OrderBookTest, EventsAreAppendedToTheCallersVector) {
  Events events{accepted(99)};

  book_.submit(buy(1, 100, 1), events);

  EXPECT_EQ(events, (Events{accepted(99), accepted(1)}));
}

}  // namespace
}  // namespace dx::matching
