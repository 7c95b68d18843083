#pragma once

#include "core/error.hpp"
#include "http/message.hpp"

namespace dx {
struct Services;
namespace http {
class Router;
}
namespace identity {
class Blocklist;

// Registers API.md "Identity verification (KYC)".
void add_kyc_routes(http::Router& router, Services& services, const Blocklist& blocklist);

// O2, CQ-37(2): only verified accounts that are not suspended may submit products, place orders
// or withdraw; anyone else is refused 403 kyc_required.
Status require_verified(const http::Principal& principal);

}  // namespace identity
}  // namespace dx
