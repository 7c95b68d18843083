#include "trades/delivery.hpp"

#include "crypto/crypto.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;

// The trade id in the associated data: a delivery sealed for one trade does not open for another.
std::string aad(const std::string& trade_id) { return "dx.trade.delivery.v1:" + trade_id; }

}  // namespace

std::string seal_delivery(const ApiDelivery& d, const std::string& master_key, const std::string& trade_id) {
  const json doc = {{"endpoint", d.endpoint}, {"credentials", d.credentials}, {"instructions", d.instructions}};
  return crypto::seal(master_key, doc.dump(), aad(trade_id));
}

std::optional<ApiDelivery> open_delivery(const std::string& sealed, const std::string& master_key,
                                         const std::string& trade_id) {
  auto text = crypto::open(master_key, sealed, aad(trade_id));
  if (!text) return std::nullopt;
  const json doc = json::parse(*text, nullptr, false);
  if (!doc.is_object()) return std::nullopt;
  return ApiDelivery{doc.value("endpoint", ""), doc.value("credentials", ""), doc.value("instructions", "")};
}

}  // namespace dx::trades
