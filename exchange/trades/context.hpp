// What the trade handlers share, and who may see or move a trade. Built once in add_trade_routes;
// lives as long as the router.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "trades/trade_store.hpp"

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

// Who a step needs: any party or staff member (reading), or one party (acting).
enum class Party { any, buyer, seller };

// The trade as `who` may reach it: 404 unless `who` is a party or staff (another account's trade
// is "missing", DESIGN.md "Security basics"); 403 when `need` names a party `who` is not.
Result<TradeRow> trade_for(store::Db& db, const std::string& id, const http::Principal& who, Party need);

// API.md's trade: {id, offer_id, product_id, buyer_id, seller_id, price_fen, quantity, amount_fen,
// fee_fen, status, contract_id, delivery_due_at, acceptance_due_at} and a few more fields.
nlohmann::json trade_view(const TradeRow& t);

}  // namespace dx::trades
