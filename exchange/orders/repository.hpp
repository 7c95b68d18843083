// Every SQL statement of the orders: the orders themselves, the offers they trade in, the seats
// an offer has left, and the book as stored. Reads take a store::Db (the writer's inside a
// command, or a read connection); writes run inside a sequencer command.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "orders/order_row.hpp"
#include "orders/pre_trade.hpp"

namespace dx::store {
class Db;
}

namespace dx::orders::repository {

std::optional<OrderRow> order_by_seq(store::Db& db, std::int64_t seq);
std::optional<OrderRow> order_by_id(store::Db& db, const std::string& id);
// Inserts a new order; sets its seq.
void insert_order(store::Db& db, OrderRow& o);
// Writes filled_quantity, status, reason, reserved_fen and updated_at.
void save_order(store::Db& db, const OrderRow& o);

// An offer with what the pre-trade checks need to know of it.
struct OfferRow {
  std::int64_t rowid = 0;  // the book's offer id
  std::string id, product_id;
  std::int64_t price_fen = 0;
  std::optional<std::int64_t> seats;  // nullopt: unlimited
  OfferFacts facts;
};

std::optional<OfferRow> offer(store::Db& db, const std::string& offer_id);
bool offer_exists(store::Db& db, const std::string& offer_id);
// Seats of the offer sold in trades, and asked by resting sell orders.
std::int64_t seats_sold(store::Db& db, const OfferRow& offer);
std::int64_t seats_asked(store::Db& db, const std::string& offer_id);
// The offers of the product's listed version, in their order.
std::vector<std::string> listed_offer_ids(store::Db& db, const std::string& product_id);

// One page of an account's orders by seq (`status` open also takes the partially filled ones).
struct OrdersPage {
  std::string account_id;
  std::optional<OrderStatus> status;
  std::int64_t after = 0;
  int limit = 50;
};
std::vector<std::int64_t> order_seqs(store::Db& db, const OrdersPage& page);
// The resting orders of the product's offers, by seq.
std::vector<std::int64_t> resting_order_seqs_of_product(store::Db& db,
                                                        const std::string& product_id);
// A buy order resting on one of a product's offers.
struct RestingBuy {
  std::string order_id, account_id;
};
std::vector<RestingBuy> resting_buys(store::Db& db, const std::string& product_id);
// The seller's listed products none of whose offers has a resting order of the seller's.
std::vector<std::string> products_without_standing_asks(store::Db& db,
                                                        const std::string& account_id);

// A price level of a stored book: the seats resting at it, unlimited when an ask there has no
// quantity.
struct BookLevel {
  Side side = Side::buy;
  std::int64_t price_fen = 0;
  std::int64_t quantity = 0;
  bool unlimited = false;
};
// Bids best (highest) first, then asks best (lowest) first.
std::vector<BookLevel> book_levels(store::Db& db, const std::string& offer_id);

}  // namespace dx::orders::repository
