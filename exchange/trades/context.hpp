// What the trade handlers share: the services and blob store (built once in add_trade_routes;
// lives as long as the router), who is asking as the services see it, and the JSON a trade is
// answered with (views.cpp).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "trades/delivery.hpp"
#include "trades/service.hpp"

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
namespace http {
struct Principal;
}
}  // namespace dx

namespace dx::trades {

struct Context {
  Services& s;
  const files::BlobStore& blobs;
};

// The authenticated account of a request as a trade's caller.
Caller caller_of(const http::Principal& who);

// API.md's trade: {id, offer_id, product_id, buyer_id, seller_id, price_fen, quantity, amount_fen,
// fee_fen, status, contract_id, delivery_due_at, acceptance_due_at} and a few more fields.
nlohmann::json trade_view(const TradeRow& t);

// What the seller of an api trade delivered, as its buyer reads it.
nlohmann::json access_view(const TradeRow& t, const ApiDelivery& d);

// A page of trades: {items: [trade_view…], next_cursor}.
nlohmann::json page_view(const TradePage& page);

}  // namespace dx::trades
