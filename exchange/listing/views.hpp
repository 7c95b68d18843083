// How products are shown (API.md "Products and review"): to their seller and staff the whole
// document with status, findings, reviews and versions; to everyone else the public face of a
// listed product (no evidence, file ids or findings).
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/reply.hpp"
#include "listing/service.hpp"

namespace dx::listing {

// The seller as buyers see them: display name, kind, identity verified (only the id when the
// account is missing).
nlohmann::json seller_json(std::string id, std::optional<repository::Seller> seller);

// The owner's or the public view, as the details' audience says.
nlohmann::json product_view(const compliance::Rules& rules, const ProductDetails& p);

// `status` with the product's view, or the problem.
void send_product(const http::Reply& reply, int status, const compliance::Rules& rules,
                  const Result<ProductDetails>& result);

}  // namespace dx::listing
