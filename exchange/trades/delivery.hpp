// API delivery (O15, CQO-13: data delivered by API call): what a seller hands over for an api or
// compute trade. The whole delivery is sealed (AES-256-GCM under the master key, bound to its
// trade) before it reaches the database, so credentials are never at rest in plaintext (O5,
// CQ-37(5)), and it is opened only to answer the buyer. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.hpp"

namespace dx::trades {

struct ApiDelivery {
  std::string endpoint;      // where the buyer calls: scheme://…
  std::string credentials;   // what it authenticates with
  std::string instructions;  // how to use it; may be empty
};

// {endpoint, credentials, instructions}: 422 naming each bad field. Request parsing, for the
// routes: delivery_json.cpp.
Result<ApiDelivery> parse_delivery(const nlohmann::json& body);

std::string seal_delivery(const ApiDelivery& d, const std::string& master_key, const std::string& trade_id);
// nullopt when `sealed` was not sealed for this trade under this key.
std::optional<ApiDelivery> open_delivery(const std::string& sealed, const std::string& master_key,
                                         const std::string& trade_id);

}  // namespace dx::trades
