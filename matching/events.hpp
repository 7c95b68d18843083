// What the book reports: every submit and cancel appends events to a caller-owned vector, so the
// hot path does not allocate once the vector has grown (the caller clears and reuses it).
//
// Order of events for one submit: Rejected alone; or Accepted, then one Filled per trade in the
// order the trades happen, then Cancelled if a remainder is dropped. An accepted
// good-till-cancelled order that ends without a Cancelled event and with seats left rests in the
// book.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "matching/types.hpp"

namespace dx::matching {

// Why a request was refused before it touched the book, in the order the checks run.
enum class RejectReason : std::uint8_t {
  non_positive_price,
  non_positive_quantity,
  amount_overflow,     // price × quantity does not fit in int64
  duplicate_order_id,  // an order with this id is resting in the book
  level_overflow,      // resting it would make its price level's total exceed int64
  unknown_order_id,    // cancel of an id that is not resting in the book
};

// Why an order's remaining seats left the book or never rested.
enum class CancelReason : std::uint8_t {
  requested,             // cancel by id
  ioc_remainder,         // the part of an immediate-or-cancel order that did not cross
  fok_unfillable,        // a fill-or-kill order that could not fill in full; nothing traded
  self_trade_prevented,  // it reached a resting order of its own owner (see OrderBook)
};

struct Accepted {
  OrderId id;
  friend bool operator==(const Accepted&, const Accepted&) = default;
};

struct Rejected {
  OrderId id;
  RejectReason reason;
  friend bool operator==(const Rejected&, const Rejected&) = default;
};

// One trade, at the maker's (resting order's) price.
struct Filled {
  OrderId maker;
  OrderId taker;
  Price price;
  Quantity quantity;
  Seats maker_remaining;
  Seats taker_remaining;
  friend bool operator==(const Filled&, const Filled&) = default;
};

struct Cancelled {
  OrderId id;
  Seats remaining;
  CancelReason reason;
  friend bool operator==(const Cancelled&, const Cancelled&) = default;
};

using Event = std::variant<Accepted, Rejected, Filled, Cancelled>;
using Events = std::vector<Event>;

// Stable snake_case names, as used in the API ("self_trade_prevented").
std::string_view to_string(RejectReason reason);
std::string_view to_string(CancelReason reason);

}  // namespace dx::matching
