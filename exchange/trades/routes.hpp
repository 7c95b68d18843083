// API.md "Trades, contracts, delivery and settlement": trades, their contracts and certificates,
// delivery by download and by API, acceptance, disputes and their resolution.
#pragma once

namespace dx {
struct Services;
namespace files {
class BlobStore;
}
namespace http {
class Router;
}
namespace trades {

void add_trade_routes(http::Router& router, Services& services, const files::BlobStore& blobs);

}  // namespace trades
}  // namespace dx
