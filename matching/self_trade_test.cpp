// Self-trade prevention: matching stops at the first resting order of the incoming order's owner;
// trades made before it stand and the incoming remainder is cancelled.
#include <gtest/gtest.h>

#include "matching/order_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

using Tif = TimeInForce;
using SelfTradeTest = BookTest;

constexpr std::int64_t kAlice = 100;
constexpr std::int64_t kBob = 200;

TEST_F(SelfTradeTest, OrderMeetingItsOwnersRestingOrderIsCancelled) {
  submit(sell(1, 100, 5, Tif::gtc, kAlice));

  const Events events = submit(buy(2, 100, 5, Tif::gtc, kAlice));

  EXPECT_EQ(events,
            (Events{accepted(2), cancelled(2, Seats(5), CancelReason::self_trade_prevented)}));
  EXPECT_EQ(find(1)->remaining, Seats(5));
  EXPECT_EQ(find(2), std::nullopt);
}

TEST_F(SelfTradeTest, TradesBeforeTheOwnOrderStandAndTheRemainderIsCancelled) {
  submit(sell(1, 100, 2, Tif::gtc, kBob));
  submit(sell(2, 101, 2, Tif::gtc, kAlice));
  submit(sell(3, 102, 2, Tif::gtc, kBob));

  const Events events = submit(buy(4, 102, 6, Tif::gtc, kAlice));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 100, 2, Seats(0), Seats(4)),
                            cancelled(4, Seats(4), CancelReason::self_trade_prevented)}));
  EXPECT_EQ(book_.best_ask(), 101);
  EXPECT_EQ(book_.best_bid(), std::nullopt);
}

TEST_F(SelfTradeTest, OwnOrderBehindOthersAtOneLevelStopsMatchingThere) {
  submit(buy(1, 100, 2, Tif::gtc, kBob));
  submit(buy(2, 100, 2, Tif::gtc, kAlice));
  submit(buy(3, 100, 2, Tif::gtc, kBob));

  const Events events = submit(sell(4, 100, 5, Tif::gtc, kAlice));

  EXPECT_EQ(events, (Events{accepted(4), filled(1, 4, 100, 2, Seats(0), Seats(3)),
                            cancelled(4, Seats(3), CancelReason::self_trade_prevented)}));
  EXPECT_EQ(find(3)->remaining, Seats(2));
}

TEST_F(SelfTradeTest, FilledIncomingOrderNeverReachesItsOwnOrder) {
  submit(sell(1, 100, 5, Tif::gtc, kBob));
  submit(sell(2, 100, 5, Tif::gtc, kAlice));

  const Events events = submit(buy(3, 100, 5, Tif::gtc, kAlice));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 5, Seats(0), Seats(0))}));
}

TEST_F(SelfTradeTest, OwnOrderOutsideTheLimitDoesNotStopAnything) {
  submit(sell(1, 105, 5, Tif::gtc, kAlice));

  const Events events = submit(buy(2, 100, 5, Tif::gtc, kAlice));

  EXPECT_EQ(events, Events{accepted(2)});
  EXPECT_EQ(book_.best_bid(), 100);
}

TEST_F(SelfTradeTest, IocMeetingItsOwnOrderIsCancelledAsSelfTrade) {
  submit(buy(1, 100, 5, Tif::gtc, kAlice));

  const Events events = submit(sell(2, 100, 3, Tif::ioc, kAlice));

  EXPECT_EQ(events,
            (Events{accepted(2), cancelled(2, Seats(3), CancelReason::self_trade_prevented)}));
}

TEST_F(SelfTradeTest, FokThatWouldReachItsOwnOrderIsCancelledWithNothingTraded) {
  submit(sell(1, 100, 2, Tif::gtc, kBob));
  submit(sell(2, 100, 2, Tif::gtc, kAlice));
  submit(sell(3, 100, 2, Tif::gtc, kBob));

  const Events events = submit(buy(4, 100, 3, Tif::fok, kAlice));

  EXPECT_EQ(events,
            (Events{accepted(4), cancelled(4, Seats(3), CancelReason::self_trade_prevented)}));
  EXPECT_EQ(find(1)->remaining, Seats(2));
}

TEST_F(SelfTradeTest, FokFillableBeforeItsOwnOrderFills) {
  submit(sell(1, 100, 3, Tif::gtc, kBob));
  submit(sell(2, 100, 2, Tif::gtc, kAlice));

  const Events events = submit(buy(3, 100, 3, Tif::fok, kAlice));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 3, Seats(0), Seats(0))}));
}

TEST_F(SelfTradeTest, SellerBuyingFromTheirOwnStandingAskIsPrevented) {
  submit(unlimited_ask(1, 100, kAlice));

  const Events events = submit(buy(2, 100, 1, Tif::gtc, kAlice));

  EXPECT_EQ(events,
            (Events{accepted(2), cancelled(2, Seats(1), CancelReason::self_trade_prevented)}));
}

TEST_F(SelfTradeTest, UnlimitedAskMeetingItsOwnersBidIsCancelled) {
  submit(buy(1, 100, 2, Tif::gtc, kBob));
  submit(buy(2, 99, 2, Tif::gtc, kAlice));

  const Events events = submit(unlimited_ask(3, 98, kAlice));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 2, Seats(0), Seats::unlimited()),
                            cancelled(3, Seats::unlimited(), CancelReason::self_trade_prevented)}));
  EXPECT_EQ(book_.best_ask(), std::nullopt);
}

TEST_F(SelfTradeTest, OtherOwnersStillTradeWithTheRestingOrder) {
  submit(sell(1, 100, 5, Tif::gtc, kAlice));
  submit(buy(2, 100, 5, Tif::gtc, kAlice));

  const Events events = submit(buy(3, 100, 5, Tif::gtc, kBob));

  EXPECT_EQ(events, (Events{accepted(3), filled(1, 3, 100, 5, Seats(0), Seats(0))}));
}

}  // namespace
}  // namespace dx::matching
