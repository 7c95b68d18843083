#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace records {

// Registers API.md "Records": GET /audit/events.
void add_record_routes(http::Router& router, Services& services);

}  // namespace records
}  // namespace dx
