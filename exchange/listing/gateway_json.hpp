// The parts of the product document that the data plane added (API.md "The data plane"): the
// `gateway` object of a gateway product, the limits of its offers, and the data dictionary of any
// product (a numeric column's clamping bounds too), parsed into compliance values (each bad field
// named) and written back per audience. The credentials are written only into the stored document,
// which is sealed at rest.
#pragma once

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "http/json_body.hpp"

namespace dx::listing {

// Reads `gateway` (required for gateway products, refused for others) and `data_dictionary`
// into `p`; delivery_mode must already be read.
void parse_data_plane(http::Fields& f, const nlohmann::json& body, compliance::Product& p);

// Reads an offer's `call_quota` and `rate_limit_per_s` (only gateway offers may set them) and
// `job_quota` (only compute offers).
void parse_offer_limits(http::Fields& f, compliance::Offer& o, compliance::DeliveryMode mode);

// Who a gateway object is written for: the sealed document (with the credentials), the seller
// and staff (`credentials_set` instead), or everyone (routes and timeout only).
enum class GatewayView { stored, owner, everyone };
nlohmann::json gateway_json(const std::optional<compliance::Gateway>& g, GatewayView view);

nlohmann::json data_dictionary_json(const std::vector<compliance::Column>& columns);

}  // namespace dx::listing
