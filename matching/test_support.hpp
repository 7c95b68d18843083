// Test helpers: order shorthands and a canonical one-line text for every event, used in failure
// messages and by the scenario files.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

#include "matching/events.hpp"
#include "matching/order_book.hpp"
#include "matching/types.hpp"

namespace dx::matching {

// "accepted 1", "rejected 1 non_positive_price",
// "filled maker=1 taker=2 price=100 qty=3 maker_left=2 taker_left=0",
// "cancelled 2 left=4 reason=ioc_remainder"; an unlimited count reads "unlimited".
std::string describe(const Event& event);
std::string describe(Seats seats);

void PrintTo(const Event& event, std::ostream* os);
void PrintTo(const Accepted& event, std::ostream* os);
void PrintTo(const Rejected& event, std::ostream* os);
void PrintTo(const Filled& event, std::ostream* os);
void PrintTo(const Cancelled& event, std::ostream* os);
void PrintTo(Seats seats, std::ostream* os);
void PrintTo(const OrderView& view, std::ostream* os);
void PrintTo(const DepthLevel& level, std::ostream* os);

// Each order has its own owner (its id) unless a test names one: self-trade prevention then only
// happens where a test asks for it.
LimitOrder buy(std::uint64_t id, Price price, Quantity quantity,
               TimeInForce time_in_force = TimeInForce::gtc,
               std::optional<std::int64_t> owner = std::nullopt);
LimitOrder sell(std::uint64_t id, Price price, Quantity quantity,
                TimeInForce time_in_force = TimeInForce::gtc,
                std::optional<std::int64_t> owner = std::nullopt);
UnlimitedAsk unlimited_ask(std::uint64_t id, Price price, std::int64_t owner);

// Expected events, with plain integers for ids.
Event accepted(std::uint64_t id);
Event rejected(std::uint64_t id, RejectReason reason);
Event filled(std::uint64_t maker, std::uint64_t taker, Price price, Quantity quantity,
             Seats maker_left, Seats taker_left);
Event cancelled(std::uint64_t id, Seats left, CancelReason reason);

// A fresh book per test; each action returns the events it produced.
class BookTest : public ::testing::Test {
 protected:
  Events submit(const LimitOrder& order);
  Events submit(const UnlimitedAsk& ask);
  Events cancel(std::uint64_t id);
  std::optional<OrderView> find(std::uint64_t id) const { return book_.find(OrderId{id}); }

  OrderBook book_;
};

}  // namespace dx::matching
