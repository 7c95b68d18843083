// A small blocking HTTPS/HTTP client for the exchange's own outgoing requests that are not on a
// hot path: the live check of an upstream at review, and a gateway node's calls to the exchange.
// Never call it on an I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace dx::http {

struct ClientRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;
  std::uint16_t port = 443;
  std::string target = "/";  // path and query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{10'000};  // the whole exchange
  bool verify_tls = true;
  // A PEM file of the certificates to trust instead of the system's (a gateway node trusting the
  // exchange's own certificate); empty: the system's trust store.
  std::string ca_file{};
  // As ProxyTarget::check_address: every resolved address is checked before it is connected to.
  std::function<Status(const std::string& address)> check_address;
  std::uint64_t max_body_bytes = 16u << 20;
};

struct ClientResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string address;  // the address connected to
  std::chrono::milliseconds elapsed{0};
};

// upstream_timeout past the timeout; upstream_failed when it cannot connect, the TLS handshake or
// certificate check fails, the answer is not HTTP or too large; redirects are not followed.
Result<ClientResponse> fetch(const ClientRequest& request);

}  // namespace dx::http
