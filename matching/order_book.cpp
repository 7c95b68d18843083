#include "matching/order_book.hpp"

#include <algorithm>
#include <cassert>

namespace dx::matching {

namespace {

std::optional<RejectReason> validate(const LimitOrder& order) {
  if (order.price <= 0) return RejectReason::non_positive_price;
  if (order.quantity <= 0) return RejectReason::non_positive_quantity;
  Quantity amount = 0;
  if (__builtin_mul_overflow(order.price, order.quantity, &amount)) {
    return RejectReason::amount_overflow;
  }
  return std::nullopt;
}

Seats seats_of(Quantity remaining, bool unlimited) {
  return unlimited ? Seats::unlimited() : Seats(remaining);
}

std::size_t side_index(Side side) { return side == Side::buy ? 0 : 1; }

}  // namespace

void OrderBook::reserve(std::size_t orders, std::size_t levels) {
  pool_.reserve(orders);
  index_.reserve(orders);
  bids_.reserve(levels);
  asks_.reserve(levels);
}

void OrderBook::clear() {
  pool_.clear();
  index_.clear();
  bids_.clear();
  asks_.clear();
  level_total_bound_[0] = level_total_bound_[1] = 0;
}

void OrderBook::submit(const LimitOrder& order, Events& out) {
  if (const auto reason = validate(order)) {
    out.push_back(Rejected{order.id, *reason});
    return;
  }
  Taker taker{.id = order.id,
              .owner = order.owner,
              .side = order.side,
              .price = order.price,
              .remaining = order.quantity,
              .unlimited = false,
              .time_in_force = order.time_in_force};
  execute(taker, out);
}

void OrderBook::submit(const UnlimitedAsk& ask, Events& out) {
  if (ask.price <= 0) {
    out.push_back(Rejected{ask.id, RejectReason::non_positive_price});
    return;
  }
  Taker taker{.id = ask.id,
              .owner = ask.owner,
              .side = Side::sell,
              .price = ask.price,
              .remaining = 0,
              .unlimited = true,
              .time_in_force = TimeInForce::gtc};
  execute(taker, out);
}

void OrderBook::cancel(OrderId id, Events& out) {
  const NodeIndex node = index_.take(id);
  if (node == kNoNode) {
    out.push_back(Rejected{id, RejectReason::unknown_order_id});
    return;
  }
  const OrderNode& order = pool_[node];
  const Seats remaining = order.seats();
  BookSide& book = side_of(order.side);
  Level* level = book.find(order.price);
  assert(level != nullptr);
  release(*level, node);
  if (level->empty()) book.erase(*level);
  out.push_back(Cancelled{id, remaining, CancelReason::requested});
}

// Checks run in the order RejectReason lists them; the book is untouched until Accepted.
void OrderBook::execute(Taker& taker, Events& out) {
  if (index_.find(taker.id) != kNoNode) {
    out.push_back(Rejected{taker.id, RejectReason::duplicate_order_id});
    return;
  }
  if (const auto reason = check_resting(taker)) {
    out.push_back(Rejected{taker.id, *reason});
    return;
  }
  out.push_back(Accepted{taker.id});
  if (taker.time_in_force == TimeInForce::fok) {
    if (const auto reason = check_fill_or_kill(taker)) {
      out.push_back(Cancelled{taker.id, Seats(taker.remaining), *reason});
      return;
    }
  }
  finish(taker, match(taker, out), out);
}

// A GTC remainder must fit its level's total. Checked before matching so that a refusal leaves the
// book untouched; matching never changes the taker's own side, so the check still holds when the
// remainder rests. The book is never crossed, so an order whose own level already holds orders
// cannot trade at all: the refusal never withholds a trade. Once a huge order has raised the
// bound, every GTC order on that side pays one level lookup here.
std::optional<RejectReason> OrderBook::check_resting(const Taker& taker) const {
  if (taker.time_in_force != TimeInForce::gtc || taker.unlimited) return std::nullopt;
  Quantity sum = 0;
  if (!__builtin_add_overflow(level_total_bound_[side_index(taker.side)], taker.remaining, &sum)) {
    return std::nullopt;
  }
  const Level* level = side_of(taker.side).find(taker.price);
  const Quantity total = level == nullptr ? 0 : level->total;
  if (__builtin_add_overflow(total, taker.remaining, &sum)) return RejectReason::level_overflow;
  return std::nullopt;
}

// Walks the crossing makers in priority order without changing anything, exactly as match() would
// consume them.
std::optional<CancelReason> OrderBook::check_fill_or_kill(const Taker& taker) const {
  const BookSide& book = side_of(opposite(taker.side));
  const Rank limit = rank_of(book.side(), taker.price);
  Quantity needed = taker.remaining;
  const auto levels = book.levels();
  for (auto level = levels.rbegin(); level != levels.rend() && level->rank >= limit; ++level) {
    for (NodeIndex i = level->head; i != kNoNode; i = pool_[i].next) {
      const OrderNode& maker = pool_[i];
      if (maker.owner == taker.owner) return CancelReason::self_trade_prevented;
      if (maker.unlimited || maker.remaining >= needed) return std::nullopt;
      needed -= maker.remaining;
    }
  }
  return CancelReason::fok_unfillable;
}

OrderBook::Stop OrderBook::match(Taker& taker, Events& out) {
  BookSide& book = side_of(opposite(taker.side));
  const Rank limit = rank_of(book.side(), taker.price);
  while (!book.empty() && book.best().rank >= limit) {
    Level& level = book.best();
    const Stop stop = match_level(taker, level, out);
    if (level.empty()) book.pop_best();
    if (stop != Stop::level_empty) return stop;
  }
  return Stop::no_cross;
}

OrderBook::Stop OrderBook::match_level(Taker& taker, Level& level, Events& out) {
  while (!level.empty()) {
    const NodeIndex maker = level.head;
    if (pool_[maker].owner == taker.owner) return Stop::self_trade;
    trade(taker, level, maker, out);
    if (!taker.unlimited && taker.remaining == 0) return Stop::filled;
  }
  return Stop::level_empty;
}

// At most one side of a trade is unlimited: unlimited orders are all asks.
void OrderBook::trade(Taker& taker, Level& level, NodeIndex maker_node, Events& out) {
  OrderNode& maker = pool_[maker_node];
  const Quantity quantity = maker.unlimited   ? taker.remaining
                            : taker.unlimited ? maker.remaining
                                              : std::min(maker.remaining, taker.remaining);
  if (!maker.unlimited) {
    maker.remaining -= quantity;
    level.total -= quantity;
  }
  if (!taker.unlimited) taker.remaining -= quantity;
  out.push_back(Filled{maker.id, taker.id, maker.price, quantity, maker.seats(),
                       seats_of(taker.remaining, taker.unlimited)});
  if (!maker.unlimited && maker.remaining == 0) {
    index_.take(maker.id);
    release(level, maker_node);  // match() drops the level once it is empty
  }
}

void OrderBook::finish(const Taker& taker, Stop stop, Events& out) {
  const Seats remaining = seats_of(taker.remaining, taker.unlimited);
  switch (stop) {
    case Stop::filled:
      return;
    case Stop::self_trade:
      out.push_back(Cancelled{taker.id, remaining, CancelReason::self_trade_prevented});
      return;
    case Stop::no_cross:
    case Stop::level_empty:
      break;
  }
  // A FOK order that passed its check always fills in full.
  assert(taker.time_in_force != TimeInForce::fok);
  if (taker.time_in_force == TimeInForce::ioc) {
    out.push_back(Cancelled{taker.id, remaining, CancelReason::ioc_remainder});
    return;
  }
  rest(taker);
}

void OrderBook::rest(const Taker& taker) {
  Level& level = side_of(taker.side).find_or_insert(taker.price);
  const NodeIndex node = pool_.acquire();
  pool_[node] = OrderNode{.id = taker.id,
                          .owner = taker.owner,
                          .price = taker.price,
                          .remaining = taker.remaining,
                          .side = taker.side,
                          .unlimited = taker.unlimited};
  append(level, pool_, node);
  index_.insert(taker.id, node);
  Quantity& bound = level_total_bound_[side_index(taker.side)];
  bound = std::max(bound, level.total);
}

// Unlinks `node` from its level and frees it. The caller has already removed the id from the
// index, and drops the level if it is now empty.
void OrderBook::release(Level& level, NodeIndex node) {
  unlink(level, pool_, node);
  pool_.release(node);
}

std::optional<OrderView> OrderBook::find(OrderId id) const {
  const NodeIndex node = index_.find(id);
  if (node == kNoNode) return std::nullopt;
  const OrderNode& order = pool_[node];
  return OrderView{order.id, order.owner, order.side, order.price, order.seats()};
}

std::optional<Price> OrderBook::best_bid() const {
  if (bids_.empty()) return std::nullopt;
  return bids_.best().price;
}

std::optional<Price> OrderBook::best_ask() const {
  if (asks_.empty()) return std::nullopt;
  return asks_.best().price;
}

namespace {

std::vector<DepthLevel> aggregate(const BookSide& book, std::size_t max_levels) {
  std::vector<DepthLevel> out;
  const auto levels = book.levels();
  for (auto level = levels.rbegin(); level != levels.rend() && out.size() < max_levels; ++level) {
    out.push_back(DepthLevel{level->price, level->total, level->unlimited > 0});
  }
  return out;
}

}  // namespace

Depth OrderBook::depth(std::size_t max_levels) const {
  return Depth{aggregate(bids_, max_levels), aggregate(asks_, max_levels)};
}

}  // namespace dx::matching
