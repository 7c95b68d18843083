// API.md "Products and review": sellers' products, screening at submission, staff review and the
// public catalogue.
#pragma once

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
namespace compliance {
struct Rules;
}
namespace http {
class Router;
}
namespace listing {

struct TradingHooks;

void add_listing_routes(http::Router& router, Services& services, const files::BlobStore& blobs,
                        const compliance::Rules& rules, TradingHooks trading);

}  // namespace listing
}  // namespace dx
