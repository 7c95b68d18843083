// Requests the server forwards to another HTTP server instead of answering them itself (the data
// plane's gateway, API.md "The data plane"). A route with BodyKind::proxy names the destination in
// its `forward` callback; the server then streams the request body to the upstream and the
// upstream's answer back, over keep-alive connections it pools per upstream and I/O thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace dx::http {

// How a forwarded exchange ended, for metering: reported once, after the last byte was written
// to the client (or the exchange failed).
struct ProxyOutcome {
  int status = 0;                  // the status the client received (502/504 when the upstream failed)
  bool upstream_answered = false;  // the status and headers came from the upstream
  std::uint64_t bytes_in = 0;      // request body bytes sent upstream
  std::uint64_t bytes_out = 0;     // answer body bytes sent to the client
};

struct ProxyTarget {
  std::string scheme;  // "https" or "http"
  std::string host;    // a DNS name or a literal address, as registered
  std::uint16_t port = 443;
  // The request target sent upstream: an absolute path (already normalised and percent-encoded
  // by the caller) with its query. It can never name another host, scheme or port.
  std::string target;
  // Header fields set on the forwarded request (the seller's credentials). The client's
  // Authorization, Cookie, Proxy-* and hop-by-hop fields are never forwarded, nor any field the
  // client sent under a name set here.
  std::vector<std::pair<std::string, std::string>> headers;
  // Until the upstream's status line and headers have arrived: past it, 504 upstream_timeout.
  std::chrono::milliseconds timeout{30'000};
  bool verify_tls = true;  // check the upstream's certificate chain and host name
  // Checked for every address the host resolves to, at every new connection (DNS can change
  // between registration and use); an address refused here is never connected to. When all are
  // refused the call fails with the first refusal.
  std::function<Status(const std::string& address)> check_address;
  // Called exactly once, on an I/O thread, when the exchange is over.
  std::function<void(const ProxyOutcome&)> done;
};

}  // namespace dx::http
