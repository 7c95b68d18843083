// The listing routes, registered in parts by add_listing_routes (routes.cpp).
#pragma once

#include <memory>

#include <nlohmann/json.hpp>

#include "listing/context.hpp"

namespace dx::http {
class Router;
}

namespace dx::listing {

void add_seller_routes(http::Router& router, const std::shared_ptr<Context>& c);
void add_review_routes(http::Router& router, const std::shared_ptr<Context>& c);
void add_catalog_routes(http::Router& router, const std::shared_ptr<Context>& c);

// JSON Schema of the product document, for the OpenAPI description.
nlohmann::json product_schema();

}  // namespace dx::listing
