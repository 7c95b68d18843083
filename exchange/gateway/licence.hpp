// A gateway licence as the data plane decides on it (API.md "The data plane"): one trade of a
// `gateway` product, its contract's term and quota, the product's registered upstream, and the
// standing of the parties. A plain value; deciding whether a call may pass is a pure function of
// it, the caller and the time, so that every refusal can be tested without a server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "egress/upstream_url.hpp"

namespace dx::gateway {

struct LicensedRoute {
  std::string method;       // GET, POST, … or ANY
  std::string path_prefix;  // "/v1/items"
};

// Where calls go: the seller's upstream as registered with the product.
struct Upstream {
  egress::UpstreamUrl url;
  std::string auth_header;
  std::string credentials;
  std::vector<LicensedRoute> routes;
  int timeout_s = 30;
};

struct Licence {
  std::string trade_id, buyer_id, seller_id, product_id;
  std::string delivery_mode;   // a licence of another mode is never served here
  std::string trade_status;    // the trade's API status
  std::string product_status;  // listed, suspended, withdrawn, …
  bool buyer_suspended = false;
  bool seller_suspended = false;
  std::optional<TimePoint> term_end{};
  std::optional<std::int64_t> call_quota{};        // calls for the whole licence; none: unlimited
  std::optional<std::int64_t> rate_limit_per_s{};  // none: no limit
  Upstream upstream{};
};

// Whether `caller` may call through this licence at `now`: not_found for anyone but its buyer (or
// a licence that is not a gateway one), then standing().
Status permits(const Licence& l, std::string_view caller, TimePoint now);

// Whether the licence stands at `now`, whatever its delivery mode (compute jobs ask the same):
// account_suspended (the buyer; O14), product_not_tradable (the product not listed, O13, or its
// seller suspended, O14), licence_inactive (not delivered yet, refunded, frozen, or past its term;
// O12).
Status standing(const Licence& l, TimePoint now);

// The licensed route a call falls under: its method is the route's (or the route says ANY) and
// its path starts with the route's prefix at a segment boundary; route_not_licensed otherwise.
Result<const LicensedRoute*> licensed_route(const Licence& l, std::string_view method, std::string_view path);

// The path of a call after `/gw/{trade}/`, as received (percent-encoded, without the query), read
// once: `decoded` is what routes are matched against, `encoded` what the upstream receives (each
// segment decoded and encoded again, so the upstream reads exactly what was checked).
// route_not_licensed for "." or ".." segments, an encoded '/' or '\\', control characters or bad
// percent-encoding.
struct CallPath {
  std::string decoded;  // "/v1/items/3"
  std::string encoded;
};
Result<CallPath> canonical_path(std::string_view raw_rest);

}  // namespace dx::gateway
