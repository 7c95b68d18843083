// A deliberately simple order book used as the oracle of the randomized test: every resting order
// in one vector in arrival order, priority found by sorting, no pools, no indexes. Slow and
// obviously correct; it shares no code with OrderBook beyond the value and event types.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "matching/events.hpp"
#include "matching/order_book.hpp"
#include "matching/types.hpp"

namespace dx::matching {

class ReferenceBook {
 public:
  void submit(const LimitOrder& order, Events& out);
  void submit(const UnlimitedAsk& ask, Events& out);
  void cancel(OrderId id, Events& out);

  std::optional<OrderView> find(OrderId id) const;
  std::optional<Price> best_bid() const;
  std::optional<Price> best_ask() const;
  Depth depth() const;
  std::size_t order_count() const { return orders_.size(); }

 private:
  struct Order {
    OrderId id;
    OwnerId owner;
    Side side;
    Price price;
    std::optional<Quantity> remaining;  // nullopt: unlimited
    TimeInForce time_in_force;
    std::uint64_t arrival;
  };
  struct Fill {
    std::size_t maker;  // position in orders_
    Quantity quantity;
  };

  std::optional<RejectReason> check(const Order& order) const;
  void execute(Order order, Events& out);
  std::vector<std::size_t> crossing_makers(const Order& taker) const;
  void apply(const Order& taker, const std::vector<Fill>& fills, Events& out);
  const Order* find_order(OrderId id) const;

  std::vector<Order> orders_;
  std::uint64_t next_arrival_ = 0;
};

}  // namespace dx::matching
