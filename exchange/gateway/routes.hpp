// The gateway's routes: `ANY /gw/{trade_id}/{path...}` (forwarded to the licence's upstream,
// outside /api/v1) and `GET /api/v1/trades/{id}/usage`.
// Also the routes gateway nodes call (`/api/v1/gateway/…`, with the node token).
#pragma once

#include <functional>

#include "core/error.hpp"
#include "http/router.hpp"

namespace dx {
struct Services;
}  // namespace dx

namespace dx::gateway {

class Service;
struct Call;

void add_gateway_routes(http::Router& router, Services& s, Service& gateway);

// `/gw/{trade_id}/{path...}` for every method, forwarded as `forward` decides (the exchange's own
// gateway, or a gateway node's).
void add_forward_routes(http::Router& router, http::Access access,
                        std::function<Result<http::ProxyTarget>(http::Request&)> forward);

// The path after `/gw/{trade}/` as received (still percent-encoded) and the query, from a request
// target.
void split_call_target(std::string_view target, Call& call);

}  // namespace dx::gateway
