#pragma once

namespace dx {
struct Services;
namespace http {
class Router;
}

// /healthz, /metrics, /api/v1/openapi.json and /api/v1/exchange/keys. Register last, so the
// OpenAPI document covers every route.
void add_system_routes(http::Router& router, Services& services);

// The routes of the metrics listener (config metrics.listen): /metrics and /healthz, to anyone
// who reaches that address.
void add_metrics_listener_routes(http::Router& router, Services& services);

}  // namespace dx
