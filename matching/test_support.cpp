#include "matching/test_support.hpp"

#include <type_traits>
#include <variant>

namespace dx::matching {

namespace {

std::string number(OrderId id) { return std::to_string(static_cast<std::uint64_t>(id)); }

std::string describe_one(const Accepted& e) { return "accepted " + number(e.id); }

std::string describe_one(const Rejected& e) {
  return "rejected " + number(e.id) + " " + std::string(to_string(e.reason));
}

std::string describe_one(const Filled& e) {
  return "filled maker=" + number(e.maker) + " taker=" + number(e.taker) +
         " price=" + std::to_string(e.price) + " qty=" + std::to_string(e.quantity) +
         " maker_left=" + describe(e.maker_remaining) +
         " taker_left=" + describe(e.taker_remaining);
}

std::string describe_one(const Cancelled& e) {
  return "cancelled " + number(e.id) + " left=" + describe(e.remaining) +
         " reason=" + std::string(to_string(e.reason));
}

LimitOrder order(Side side, std::uint64_t id, Price price, Quantity quantity, TimeInForce tif,
                 std::optional<std::int64_t> owner) {
  return LimitOrder{OrderId{id}, OwnerId{owner.value_or(static_cast<std::int64_t>(id))},
                    side,        price,
                    quantity,    tif};
}

}  // namespace

std::string describe(Seats seats) {
  return seats.is_unlimited() ? "unlimited" : std::to_string(seats.count());
}

std::string describe(const Event& event) {
  return std::visit([](const auto& e) { return describe_one(e); }, event);
}

void PrintTo(const Event& event, std::ostream* os) { *os << describe(event); }
void PrintTo(const Accepted& event, std::ostream* os) { *os << describe(event); }
void PrintTo(const Rejected& event, std::ostream* os) { *os << describe(event); }
void PrintTo(const Filled& event, std::ostream* os) { *os << describe(event); }
void PrintTo(const Cancelled& event, std::ostream* os) { *os << describe(event); }
void PrintTo(Seats seats, std::ostream* os) { *os << describe(seats); }

void PrintTo(const OrderView& view, std::ostream* os) {
  *os << "order " << number(view.id) << " owner=" << static_cast<std::int64_t>(view.owner)
      << (view.side == Side::buy ? " buy" : " sell") << " price=" << view.price
      << " left=" << describe(view.remaining);
}

void PrintTo(const DepthLevel& level, std::ostream* os) {
  *os << level.price << " x " << level.quantity << (level.unlimited ? " unlimited" : "");
}

LimitOrder buy(std::uint64_t id, Price price, Quantity quantity, TimeInForce time_in_force,
               std::optional<std::int64_t> owner) {
  return order(Side::buy, id, price, quantity, time_in_force, owner);
}

LimitOrder sell(std::uint64_t id, Price price, Quantity quantity, TimeInForce time_in_force,
                std::optional<std::int64_t> owner) {
  return order(Side::sell, id, price, quantity, time_in_force, owner);
}

UnlimitedAsk unlimited_ask(std::uint64_t id, Price price, std::int64_t owner) {
  return UnlimitedAsk{OrderId{id}, OwnerId{owner}, price};
}

Event accepted(std::uint64_t id) { return Accepted{OrderId{id}}; }

Event rejected(std::uint64_t id, RejectReason reason) { return Rejected{OrderId{id}, reason}; }

Event filled(std::uint64_t maker, std::uint64_t taker, Price price, Quantity quantity,
             Seats maker_left, Seats taker_left) {
  return Filled{OrderId{maker}, OrderId{taker}, price, quantity, maker_left, taker_left};
}

Event cancelled(std::uint64_t id, Seats left, CancelReason reason) {
  return Cancelled{OrderId{id}, left, reason};
}

Events BookTest::submit(const LimitOrder& order) {
  Events events;
  book_.submit(order, events);
  return events;
}

Events BookTest::submit(const UnlimitedAsk& ask) {
  Events events;
  book_.submit(ask, events);
  return events;
}

Events BookTest::cancel(std::uint64_t id) {
  Events events;
  book_.cancel(OrderId{id}, events);
  return events;
}

}  // namespace dx::matching
