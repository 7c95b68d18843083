#include "orders/order_json.hpp"

#include "core/json_text.hpp"

namespace dx::orders {

std::string order_json_text(const OrderRow& o, std::optional<std::string_view> trades) {
  JsonText t;
  t.begin_object();
  t.key("created_at").value(o.created_at);
  t.key("filled_quantity").value(o.filled_quantity);
  t.key("id").value(o.id);
  t.key("offer_id").value(o.offer_id);
  t.key("price_fen").value(o.price_fen);
  t.key("product_id").value(o.product_id);
  if (o.purpose.empty())
    t.key("purpose").null();
  else
    t.key("purpose").value(o.purpose);
  if (o.quantity)
    t.key("quantity").value(*o.quantity);
  else
    t.key("quantity").null();
  if (o.reason)
    t.key("reason").value(*o.reason);
  else
    t.key("reason").null();
  t.key("reserved_fen").value(o.reserved_fen);
  t.key("side").value(to_string(o.side));
  t.key("standing").value(o.standing);
  t.key("status").value(to_string(o.status));
  t.key("time_in_force").value(to_string(o.time_in_force));
  if (trades) t.key("trades").raw(*trades);
  t.key("updated_at").value(o.updated_at);
  return t.end_object().take();
}

nlohmann::json order_json(const OrderRow& o) { return nlohmann::json::parse(order_json_text(o)); }

std::string fills_json_text(const std::vector<Fill>& fills) {
  JsonText t;
  t.begin_array();
  for (const auto& f : fills)
    t.begin_object()
        .key("id")
        .value(f.trade_id)
        .key("price_fen")
        .value(f.price_fen)
        .key("quantity")
        .value(f.quantity)
        .end_object();
  return t.end_array().take();
}

}  // namespace dx::orders
