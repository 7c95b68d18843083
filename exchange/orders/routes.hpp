// API.md "Orders and matching".
#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace orders {

void add_order_routes(http::Router& router, Services& services);

}  // namespace orders
}  // namespace dx
