// The orders as API.md shows them: an order, the trades a placed order made, written as JSON
// text directly because they are written for every order.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "orders/order_row.hpp"
#include "orders/order_service.hpp"

namespace dx::orders {

// The order as JSON text (keys sorted, as nlohmann writes an object), with `trades` (the JSON
// text of an array) when given: the body of POST /orders.
std::string order_json_text(const OrderRow& o,
                            std::optional<std::string_view> trades = std::nullopt);
// The same document as a json value.
nlohmann::json order_json(const OrderRow& o);
// [{id, price_fen, quantity}] as JSON text, a trade per fill.
std::string fills_json_text(const std::vector<Fill>& fills);

}  // namespace dx::orders
