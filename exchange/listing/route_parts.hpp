// The listing routes, registered in parts by add_listing_routes (routes.cpp).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "listing/service.hpp"

namespace dx::http {
class Router;
}

namespace dx::listing {

void add_seller_routes(http::Router& router, const std::shared_ptr<Context>& c);
void add_review_routes(http::Router& router, const std::shared_ptr<Context>& c);
void add_catalog_routes(http::Router& router, const std::shared_ptr<Context>& c);
void add_upstream_routes(http::Router& router, const std::shared_ptr<Context>& c);

// The cursor of a list's next page, as the API writes it.
template <typename T>
std::optional<std::string> next_cursor(const Listed<T>& list) {
  return list.next_cursor ? std::optional(std::to_string(*list.next_cursor)) : std::nullopt;
}

// JSON Schema of the product document, for the OpenAPI description.
nlohmann::json product_schema();

}  // namespace dx::listing
