// The books of every offer: one OrderBook per offer id, created on first use. A thin map; each
// book keeps its own ids, so order ids need only be unique among one offer's resting orders.
//
// How the exchange's sequencer uses it:
// - submit: open(offer).submit(order, events) (the listing's standing ask the same way);
// - cancel, depth, find an order: find(offer), then the book's cancel/depth/find; no book means
//   nothing rests for that offer (an empty depth; a cancel is refused as unknown_order_id);
// - suspension or withdrawal: cancel the offer's open orders in its own records, then close();
// - rebuild at start: for each offer, submit the stored open orders again in their original
//   acceptance order, each as a GTC LimitOrder of its remaining seats (a standing ask of
//   unlimited seats as an UnlimitedAsk). No separate "restore" call is needed: resting orders
//   never cross one another (the book is never crossed, and an order that would reach its own
//   owner's order is cancelled rather than rested), so each resubmission only rests, at the back
//   of its level, giving back the same levels, quantities and time priority (rebuild_test.cpp).
//   Any event other than Accepted during a rebuild means the stored orders are inconsistent.
//
// Not thread-safe: one owner thread calls every member. References to books stay valid until that
// book is closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "matching/order_book.hpp"

namespace dx::matching {

enum class OfferId : std::int64_t {};

class BookSet {
 public:
  // The book of `offer`, created empty when it has none.
  OrderBook& open(OfferId offer) { return books_[offer]; }

  // The book of `offer`, or nullptr.
  OrderBook* find(OfferId offer);
  const OrderBook* find(OfferId offer) const;

  // Drops the book and every order resting in it; false when there was none. The caller cancels
  // the orders in its own records first (e.g. when a product is suspended, O13).
  bool close(OfferId offer) { return books_.erase(offer) > 0; }

  std::size_t size() const { return books_.size(); }

 private:
  std::unordered_map<OfferId, OrderBook> books_;
};

}  // namespace dx::matching
