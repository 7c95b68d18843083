// An order as stored in `orders`, and the updates the service makes to it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace dx::store {
class Db;
}

namespace dx::orders {

struct OrderRow {
  std::int64_t seq = 0;  // the book's order id: acceptance order, so time priority on rebuild
  std::string id;
  std::string offer_id, product_id, account_id;
  std::string side;                     // buy | sell
  std::int64_t price_fen = 0;
  std::optional<std::int64_t> quantity;  // nullopt: a standing ask of unlimited seats
  std::int64_t filled_quantity = 0;
  std::string time_in_force;            // GTC | IOC | FOK
  std::string purpose;
  bool standing = false;
  std::string status;                   // open | partially_filled | filled | cancelled
  std::optional<std::string> reason;
  std::int64_t reserved_fen = 0;
  std::string created_at, updated_at;

  // Seats still open (meaningless for an unlimited standing ask).
  std::int64_t remaining() const { return quantity ? *quantity - filled_quantity : 0; }
  bool resting() const { return status == "open" || status == "partially_filled"; }
};

std::optional<OrderRow> load_order_by_seq(store::Db& db, std::int64_t seq);
std::optional<OrderRow> load_order(store::Db& db, const std::string& id);
// Inserts a new order; sets its seq.
void insert_order(store::Db& db, OrderRow& o);
// Writes filled_quantity, status, reason, reserved_fen and updated_at.
void save_order(store::Db& db, const OrderRow& o);

// The order as API.md shows it, as JSON text (keys sorted, as nlohmann writes an object), with
// `trades` (the JSON text of an array) when given: the body of POST /orders. Written directly
// because it is written for every order.
std::string order_json_text(const OrderRow& o, std::optional<std::string_view> trades = std::nullopt);
// The same document as a json value.
nlohmann::json order_json(const OrderRow& o);

}  // namespace dx::orders
