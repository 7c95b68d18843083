// The address of a seller's upstream as registered for a gateway product (API.md "The data
// plane"): parsed once, strictly, so that nothing a buyer sends can change its scheme, host or port.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/error.hpp"

namespace dx::egress {

struct UpstreamUrl {
  std::string scheme;     // "https", or "http" where private upstreams are allowed
  std::string host;       // lower-case DNS name, or a literal address (IPv6 without brackets)
  std::uint16_t port = 0; // 443/80 when the URL names none
  std::string base_path;  // "" or "/v1": no trailing slash, no query, no fragment
};

// Refuses (validation_failed, field `field`) anything but scheme://host[:port][/path]: user
// information, a query, a fragment, percent-encoded or control characters in the host, "." or ".."
// path segments, a port of 0; `http` only when allow_http.
Result<UpstreamUrl> parse_upstream_url(std::string_view url, bool allow_http, const std::string& field);

}  // namespace dx::egress
