// Value types of the order book: ids, prices, quantities, sides and the two kinds of order request.
#pragma once

#include <cassert>
#include <cstdint>

namespace dx::matching {

// Strong ids: an enum class keeps an order id from being passed where an owner is expected.
// Order ids are unique among the resting orders of one book; a filled or cancelled order's id may
// be used again.
enum class OrderId : std::uint64_t {};
// The caller's account key. Orders of the same owner never trade with each other.
enum class OwnerId : std::int64_t {};

using Price = std::int64_t;     // fen per seat; valid prices are > 0
using Quantity = std::int64_t;  // licence seats; valid quantities are > 0

enum class Side : std::uint8_t { buy, sell };

enum class TimeInForce : std::uint8_t {
  gtc,  // good till cancelled: the remainder rests in the book
  ioc,  // immediate or cancel: fill what crosses now, cancel the rest
  fok,  // fill or kill: fill the whole quantity now or nothing
};

constexpr Side opposite(Side side) { return side == Side::buy ? Side::sell : Side::buy; }

// Seats still open on an order: a count, or unlimited for a seller's standing list offer. The
// representation of "unlimited" is private; callers ask is_unlimited().
class Seats {
 public:
  constexpr explicit Seats(Quantity count) : count_(count) { assert(count >= 0); }
  static constexpr Seats unlimited() { return Seats(); }

  constexpr bool is_unlimited() const { return count_ < 0; }
  // Precondition: !is_unlimited().
  constexpr Quantity count() const {
    assert(!is_unlimited());
    return count_;
  }
  friend constexpr bool operator==(Seats, Seats) = default;

 private:
  constexpr Seats() : count_(-1) {}
  Quantity count_;
};

// A limit order. Valid when price > 0, quantity > 0 and price × quantity fits in int64 (the
// amount a buy reserves).
struct LimitOrder {
  OrderId id{};
  OwnerId owner{};
  Side side = Side::buy;
  Price price = 0;
  Quantity quantity = 0;
  TimeInForce time_in_force = TimeInForce::gtc;
};

// The seller's standing list offer: a good-till-cancelled ask for unlimited seats (API.md: "each
// offer gets a standing sell order from the seller at price_fen ... unlimited when null"). It
// never exhausts; it fills any crossing buy in full.
struct UnlimitedAsk {
  OrderId id{};
  OwnerId owner{};
  Price price = 0;
};

}  // namespace dx::matching
