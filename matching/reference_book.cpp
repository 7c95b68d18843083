#include "matching/reference_book.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace dx::matching {

namespace {

constexpr Quantity kMax = std::numeric_limits<Quantity>::max();

bool crosses(Side taker_side, Price taker_price, Price maker_price) {
  return taker_side == Side::buy ? maker_price <= taker_price : maker_price >= taker_price;
}

// True when maker `a` has priority over maker `b` (same side): better price, then earlier.
template <typename Order>
bool before(const Order& a, const Order& b) {
  if (a.price != b.price) return a.side == Side::sell ? a.price < b.price : a.price > b.price;
  return a.arrival < b.arrival;
}

Seats seats(std::optional<Quantity> remaining) {
  return remaining ? Seats(*remaining) : Seats::unlimited();
}

}  // namespace

void ReferenceBook::submit(const LimitOrder& o, Events& out) {
  execute(Order{o.id, o.owner, o.side, o.price, o.quantity, o.time_in_force, 0}, out);
}

void ReferenceBook::submit(const UnlimitedAsk& a, Events& out) {
  execute(Order{a.id, a.owner, Side::sell, a.price, std::nullopt, TimeInForce::gtc, 0}, out);
}

void ReferenceBook::cancel(OrderId id, Events& out) {
  for (auto it = orders_.begin(); it != orders_.end(); ++it) {
    if (it->id == id) {
      out.push_back(Cancelled{id, seats(it->remaining), CancelReason::requested});
      orders_.erase(it);
      return;
    }
  }
  out.push_back(Rejected{id, RejectReason::unknown_order_id});
}

std::optional<RejectReason> ReferenceBook::check(const Order& order) const {
  if (order.price <= 0) return RejectReason::non_positive_price;
  if (order.remaining && *order.remaining <= 0) return RejectReason::non_positive_quantity;
  if (order.remaining && *order.remaining > kMax / order.price) {
    return RejectReason::amount_overflow;
  }
  if (find_order(order.id) != nullptr) return RejectReason::duplicate_order_id;
  if (order.remaining && order.time_in_force == TimeInForce::gtc) {
    Quantity level_total = 0;
    for (const Order& other : orders_) {
      if (other.side == order.side && other.price == order.price && other.remaining) {
        level_total += *other.remaining;
      }
    }
    if (level_total > kMax - *order.remaining) return RejectReason::level_overflow;
  }
  return std::nullopt;
}

// Plans every fill first, without changing anything, then decides and applies.
void ReferenceBook::execute(Order taker, Events& out) {
  if (const auto reason = check(taker)) {
    out.push_back(Rejected{taker.id, *reason});
    return;
  }
  out.push_back(Accepted{taker.id});
  std::vector<Fill> fills;
  bool met_own_order = false;
  std::optional<Quantity> left = taker.remaining;
  for (const std::size_t maker : crossing_makers(taker)) {
    if (left == Quantity{0}) break;
    const Order& m = orders_[maker];
    if (m.owner == taker.owner) {
      met_own_order = true;
      break;
    }
    const Quantity q = !m.remaining ? *left : !left ? *m.remaining : std::min(*left, *m.remaining);
    fills.push_back(Fill{maker, q});
    if (left) *left -= q;
  }
  const bool filled = left == Quantity{0};
  if (taker.time_in_force == TimeInForce::fok && !filled) {
    out.push_back(Cancelled{
        taker.id, seats(taker.remaining),
        met_own_order ? CancelReason::self_trade_prevented : CancelReason::fok_unfillable});
    return;
  }
  apply(taker, fills, out);
  taker.remaining = left;
  if (filled) return;
  if (met_own_order) {
    out.push_back(Cancelled{taker.id, seats(left), CancelReason::self_trade_prevented});
  } else if (taker.time_in_force == TimeInForce::ioc) {
    out.push_back(Cancelled{taker.id, seats(left), CancelReason::ioc_remainder});
  } else {
    taker.arrival = next_arrival_++;
    orders_.push_back(taker);
  }
}

std::vector<std::size_t> ReferenceBook::crossing_makers(const Order& taker) const {
  std::vector<std::size_t> makers;
  for (std::size_t i = 0; i < orders_.size(); ++i) {
    const Order& m = orders_[i];
    if (m.side != taker.side && crosses(taker.side, taker.price, m.price)) makers.push_back(i);
  }
  std::sort(makers.begin(), makers.end(),
            [&](std::size_t a, std::size_t b) { return before(orders_[a], orders_[b]); });
  return makers;
}

void ReferenceBook::apply(const Order& taker, const std::vector<Fill>& fills, Events& out) {
  std::optional<Quantity> left = taker.remaining;
  for (const Fill& fill : fills) {
    Order& maker = orders_[fill.maker];
    if (maker.remaining) *maker.remaining -= fill.quantity;
    if (left) *left -= fill.quantity;
    out.push_back(Filled{maker.id, taker.id, maker.price, fill.quantity, seats(maker.remaining),
                         seats(left)});
  }
  std::erase_if(orders_, [](const Order& o) { return o.remaining == Quantity{0}; });
}

const ReferenceBook::Order* ReferenceBook::find_order(OrderId id) const {
  for (const Order& o : orders_) {
    if (o.id == id) return &o;
  }
  return nullptr;
}

std::optional<OrderView> ReferenceBook::find(OrderId id) const {
  const Order* o = find_order(id);
  if (o == nullptr) return std::nullopt;
  return OrderView{o->id, o->owner, o->side, o->price, seats(o->remaining)};
}

std::optional<Price> ReferenceBook::best_bid() const {
  const Depth d = depth();
  if (d.bids.empty()) return std::nullopt;
  return d.bids.front().price;
}

std::optional<Price> ReferenceBook::best_ask() const {
  const Depth d = depth();
  if (d.asks.empty()) return std::nullopt;
  return d.asks.front().price;
}

Depth ReferenceBook::depth() const {
  std::map<Price, DepthLevel, std::greater<>> bids;
  std::map<Price, DepthLevel> asks;
  for (const Order& o : orders_) {
    DepthLevel& level = o.side == Side::buy ? bids[o.price] : asks[o.price];
    level.price = o.price;
    if (o.remaining) level.quantity += *o.remaining;
    if (!o.remaining) level.unlimited = true;
  }
  Depth depth;
  for (const auto& [price, level] : bids) depth.bids.push_back(level);
  for (const auto& [price, level] : asks) depth.asks.push_back(level);
  return depth;
}

}  // namespace dx::matching
