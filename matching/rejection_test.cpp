// Invalid requests are Rejected events that leave the book unchanged.
#include <gtest/gtest.h>

#include <limits>

#include "matching/order_book.hpp"
#include "matching/test_support.hpp"

namespace dx::matching {
namespace {

using Tif = TimeInForce;
using RejectionTest = BookTest;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

TEST_F(RejectionTest, ZeroPriceIsRejected) {
  EXPECT_EQ(submit(buy(1, 0, 5)), Events{rejected(1, RejectReason::non_positive_price)});
  EXPECT_EQ(book_.order_count(), 0u);
}

TEST_F(RejectionTest, NegativePriceIsRejected) {
  EXPECT_EQ(submit(sell(1, -100, 5)), Events{rejected(1, RejectReason::non_positive_price)});
}

TEST_F(RejectionTest, ZeroQuantityIsRejected) {
  EXPECT_EQ(submit(buy(1, 100, 0)), Events{rejected(1, RejectReason::non_positive_quantity)});
}

TEST_F(RejectionTest, NegativeQuantityIsRejected) {
  EXPECT_EQ(submit(sell(1, 100, -1, Tif::ioc)),
            Events{rejected(1, RejectReason::non_positive_quantity)});
}

TEST_F(RejectionTest, PriceIsCheckedBeforeQuantity) {
  EXPECT_EQ(submit(buy(1, 0, 0)), Events{rejected(1, RejectReason::non_positive_price)});
}

TEST_F(RejectionTest, AmountBeyondInt64IsRejected) {
  EXPECT_EQ(submit(buy(1, 1'000'000, kMax / 1'000'000 + 1)),
            Events{rejected(1, RejectReason::amount_overflow)});
}

TEST_F(RejectionTest, AmountOverflowAppliesToSellsToo) {
  EXPECT_EQ(submit(sell(1, kMax, 2, Tif::fok)), Events{rejected(1, RejectReason::amount_overflow)});
}

TEST_F(RejectionTest, AmountOfExactlyInt64MaxIsAccepted) {
  EXPECT_EQ(submit(buy(1, 7, kMax / 7)), Events{accepted(1)});  // kMax is divisible by 7
  EXPECT_EQ(submit(sell(2, kMax, 1)), Events{accepted(2)});
}

TEST_F(RejectionTest, DuplicateIdOfARestingOrderIsRejected) {
  submit(buy(1, 100, 5));

  const Events events = submit(sell(1, 90, 5));

  EXPECT_EQ(events, Events{rejected(1, RejectReason::duplicate_order_id)});
  EXPECT_EQ(find(1)->remaining, Seats(5));
  EXPECT_EQ(book_.best_ask(), std::nullopt);
}

TEST_F(RejectionTest, DuplicateIdIsRejectedForIocAndFokToo) {
  submit(buy(1, 100, 5));

  EXPECT_EQ(submit(sell(1, 100, 1, Tif::ioc)),
            Events{rejected(1, RejectReason::duplicate_order_id)});
  EXPECT_EQ(submit(sell(1, 100, 1, Tif::fok)),
            Events{rejected(1, RejectReason::duplicate_order_id)});
  EXPECT_EQ(find(1)->remaining, Seats(5));
}

TEST_F(RejectionTest, DuplicateIdOfAnUnlimitedAskIsRejected) {
  submit(unlimited_ask(1, 100, 7));

  EXPECT_EQ(submit(unlimited_ask(1, 100, 7)),
            Events{rejected(1, RejectReason::duplicate_order_id)});
  EXPECT_EQ(submit(buy(1, 50, 1)), Events{rejected(1, RejectReason::duplicate_order_id)});
}

TEST_F(RejectionTest, CancelOfAnUnknownIdIsRejected) {
  EXPECT_EQ(cancel(42), Events{rejected(42, RejectReason::unknown_order_id)});
}

TEST_F(RejectionTest, SecondCancelOfTheSameOrderIsRejected) {
  submit(buy(1, 100, 5));
  cancel(1);

  EXPECT_EQ(cancel(1), Events{rejected(1, RejectReason::unknown_order_id)});
}

TEST_F(RejectionTest, LevelTotalBeyondInt64IsRejected) {
  submit(buy(1, 1, kMax - 10));

  const Events events = submit(buy(2, 1, 11));

  EXPECT_EQ(events, Events{rejected(2, RejectReason::level_overflow)});
  EXPECT_EQ(book_.order_count(), 1u);
}

TEST_F(RejectionTest, LevelTotalOfExactlyInt64MaxIsAccepted) {
  submit(sell(1, 1, kMax - 10));

  EXPECT_EQ(submit(sell(2, 1, 10)), Events{accepted(2)});
  EXPECT_EQ(book_.depth().asks, (std::vector<DepthLevel>{{1, kMax, false}}));
}

TEST_F(RejectionTest, LevelOverflowCountsOnlyTheOrdersOwnLevel) {
  submit(buy(1, 1, kMax - 10));

  EXPECT_EQ(submit(buy(2, 2, 100)), Events{accepted(2)});
  EXPECT_EQ(submit(buy(3, 1, 10)), Events{accepted(3)});
}

TEST_F(RejectionTest, LevelOverflowDoesNotApplyToOrdersThatNeverRest) {
  submit(buy(1, 1, kMax - 10));

  EXPECT_EQ(submit(buy(2, 1, 11, Tif::ioc)),
            (Events{accepted(2), cancelled(2, Seats(11), CancelReason::ioc_remainder)}));
}

TEST_F(RejectionTest, LevelFreedByFillsAcceptsLargeOrdersAgain) {
  submit(buy(1, 1, kMax - 10));
  submit(sell(2, 1, kMax - 10));

  EXPECT_EQ(submit(buy(3, 1, kMax)), Events{accepted(3)});
}

TEST_F(RejectionTest, UnlimitedAskWithNonPositivePriceIsRejected) {
  EXPECT_EQ(submit(unlimited_ask(1, 0, 7)), Events{rejected(1, RejectReason::non_positive_price)});
  EXPECT_EQ(submit(unlimited_ask(2, -5, 7)), Events{rejected(2, RejectReason::non_positive_price)});
}

}  // namespace
}  // namespace dx::matching
