// The limit order book of one offer. Quantities are licence seats, prices fen per seat.
//
// Rules:
// - Price-time priority: the best price first, and within a price the oldest order first.
// - A trade executes at the resting (maker) order's price.
// - Time in force: GTC rests its remainder; IOC cancels it (ioc_remainder); FOK is checked
//   against the book before anything trades and is cancelled whole (fok_unfillable) unless it can
//   fill in full.
// - An unlimited ask (the seller's standing list offer) never exhausts: it fills any crossing buy
//   in full. Its seats are not counted in a level's total; the level is marked unlimited instead.
// - Self-trade prevention: matching stops at the first resting order of the incoming order's
//   owner. Trades already made with other owners stand; the incoming remainder is cancelled
//   (self_trade_prevented) and never rests; the resting order is untouched. A FOK order that would
//   reach its owner's order before filling in full is cancelled the same way with nothing traded.
// - Invalid requests are Rejected events (see RejectReason), never exceptions; a rejected request
//   leaves the book unchanged.
// - A fully filled or cancelled order releases its id and its node at once.
//
// Every trade amount fits in int64: the maker's price × the fill never exceeds price × quantity of
// the buy order involved, which was checked when that order was submitted. Sums over several
// trades need the caller's own checks: a sell that crosses several bids above its limit can earn
// more than its price × quantity, and an unlimited ask's seats sold only grow.
//
// Rebuilding a book from stored open orders: see book_set.hpp.
//
// Not thread-safe: one owner thread calls every member (the exchange's sequencer).
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "matching/book_side.hpp"
#include "matching/events.hpp"
#include "matching/order_index.hpp"
#include "matching/order_pool.hpp"
#include "matching/types.hpp"

namespace dx::matching {

// A resting order, as found by id.
struct OrderView {
  OrderId id;
  OwnerId owner;
  Side side;
  Price price;
  Seats remaining;
  friend bool operator==(const OrderView&, const OrderView&) = default;
};

// One aggregated price level. `quantity` sums the limited orders; `unlimited` is set when an
// unlimited ask rests at this price.
struct DepthLevel {
  Price price;
  Quantity quantity;
  bool unlimited;
  friend bool operator==(const DepthLevel&, const DepthLevel&) = default;
};

// Both sides, best level first.
struct Depth {
  std::vector<DepthLevel> bids;
  std::vector<DepthLevel> asks;
  friend bool operator==(const Depth&, const Depth&) = default;
};

class OrderBook {
 public:
  OrderBook() = default;

  // Room for `orders` resting orders and `levels` levels per side without allocating.
  void reserve(std::size_t orders, std::size_t levels);
  // Drops every order without events, keeping the memory for reuse.
  void clear();

  // Matches `order` and appends what happened to `out` (see events.hpp for the order of events).
  void submit(const LimitOrder& order, Events& out);
  // Matches the standing ask against crossing bids, then rests it.
  void submit(const UnlimitedAsk& ask, Events& out);
  // Cancelled{requested} for a resting order; Rejected{unknown_order_id} otherwise.
  void cancel(OrderId id, Events& out);

  std::optional<OrderView> find(OrderId id) const;
  std::optional<Price> best_bid() const;
  std::optional<Price> best_ask() const;
  // At most `max_levels` levels per side.
  Depth depth(std::size_t max_levels = std::numeric_limits<std::size_t>::max()) const;
  std::size_t order_count() const { return index_.size(); }

 private:
  // The incoming order while it matches.
  struct Taker {
    OrderId id;
    OwnerId owner;
    Side side;
    Price price;
    Quantity remaining;  // meaningless when unlimited
    bool unlimited;
    TimeInForce time_in_force;
  };
  // Why matching stopped (level_empty: only the current level ran out; matching goes on).
  enum class Stop { filled, no_cross, self_trade, level_empty };

  BookSide& side_of(Side side) { return side == Side::buy ? bids_ : asks_; }
  const BookSide& side_of(Side side) const { return side == Side::buy ? bids_ : asks_; }

  std::optional<RejectReason> check_resting(const Taker& taker) const;
  void execute(Taker& taker, Events& out);
  std::optional<CancelReason> check_fill_or_kill(const Taker& taker) const;
  Stop match(Taker& taker, Events& out);
  Stop match_level(Taker& taker, Level& level, Events& out);
  void trade(Taker& taker, Level& level, NodeIndex maker, Events& out);
  void finish(const Taker& taker, Stop stop, Events& out);
  void rest(const Taker& taker);
  void release(Level& level, NodeIndex node);

  BookSide bids_{Side::buy};
  BookSide asks_{Side::sell};
  OrderPool pool_;
  OrderIndex index_;
  // Per side (buy, sell): no level total exceeds it. It only grows, so it stays an upper bound
  // without work on fills and cancels, and lets the level-overflow check skip the level lookup.
  Quantity level_total_bound_[2] = {0, 0};
};

}  // namespace dx::matching
