// An order as the exchange keeps it (a row of `orders`), and the names its side, status and time
// in force have in JSON and in the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "orders/pre_trade.hpp"

namespace dx::orders {

using TimeInForce = matching::TimeInForce;

enum class OrderStatus { open, partially_filled, filled, cancelled };

struct OrderRow {
  std::int64_t seq = 0;  // the book's order id: acceptance order, so time priority on rebuild
  std::string id;
  std::string offer_id, product_id, account_id;
  Side side = Side::buy;
  std::int64_t price_fen = 0;
  std::optional<std::int64_t> quantity;  // nullopt: a standing ask of unlimited seats
  std::int64_t filled_quantity = 0;
  TimeInForce time_in_force = TimeInForce::gtc;
  std::string purpose;
  bool standing = false;
  OrderStatus status = OrderStatus::open;
  std::optional<std::string> reason;
  std::int64_t reserved_fen = 0;
  std::string created_at, updated_at;

  // Seats still open (meaningless for an unlimited standing ask).
  std::int64_t remaining() const { return quantity ? *quantity - filled_quantity : 0; }
  bool resting() const {
    return status == OrderStatus::open || status == OrderStatus::partially_filled;
  }
};

// The names as API.md and the schema spell them: buy | sell, open | partially_filled | filled |
// cancelled, GTC | IOC | FOK. parse_*() is nullopt for any other text.
const char* to_string(Side side);
const char* to_string(OrderStatus status);
const char* to_string(TimeInForce time_in_force);
std::optional<Side> parse_side(std::string_view text);
std::optional<OrderStatus> parse_status(std::string_view text);
std::optional<TimeInForce> parse_time_in_force(std::string_view text);

}  // namespace dx::orders
