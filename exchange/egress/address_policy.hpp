// Which addresses the exchange may connect to on a seller's behalf: no server-side request
// forgery through a gateway upstream (API.md "The data plane"). Loopback, private, shared (CGNAT),
// link-local (and with it the cloud metadata service), unspecified, multicast, documentation,
// benchmarking and other reserved ranges are refused, for IPv4, IPv6 and IPv4 inside IPv6
// (mapped, compatible, NAT64, 6to4), unless private upstreams are allowed by configuration.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::egress {

// A literal IPv4 or IPv6 address ("10.0.0.1", "::1"); anything else is not an address and refused.
bool is_public_address(const std::string& address);

// ok, or upstream_failed naming the address and why it is refused.
Status check_address(const std::string& address, bool allow_private);

// The host's addresses (a literal address is its own), each checked: ok only when it resolves
// and every address passes; a blocking DNS lookup, never on an I/O thread.
Result<std::vector<std::string>> resolve_checked(const std::string& host, std::uint16_t port, bool allow_private);

}  // namespace dx::egress
