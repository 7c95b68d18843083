// The forwarding engine behind BodyKind::proxy routes (http/proxy.hpp): relays one admitted
// request from a client's TLS session to its upstream and the upstream's answer back, both bodies
// streamed. The session (server.cpp) has already read the request head, authenticated the caller
// and asked the route for its ProxyTarget. Internal to http/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/error.hpp"
#include "http/message.hpp"
#include "http/proxy.hpp"
#include "http/upstream.hpp"

namespace dx::http {

// The client's side of one forwarded exchange, as the session holds it.
// The size of the buffer bodies are relayed through, a read at a time.
constexpr std::size_t kRelayBufferSize = 64 * 1024;

struct ClientSide {
  upstream::TlsStream& stream;
  boost::beast::flat_buffer& buffer;
  // The request head, read; its body (if any) is still unread.
  boost::beast::http::request_parser<boost::beast::http::empty_body>& head;
  const Request& request;
  bool keep_alive = false;  // the client asked for it and the server is not draining
  std::uint64_t upload_limit = 0;
  int read_timeout_s = 30;  // a stalled body (either side) past it cuts the exchange
  std::uint32_t header_limit = 16 * 1024;
  char* relay_buffer = nullptr;  // kRelayBufferSize bytes, the connection's
};

struct Forwarded {
  // Nothing was written to the client yet: the session answers this problem.
  std::optional<Error> problem;
  bool keep_alive = false;   // the client connection may serve another request
  bool body_unread = false;  // the client's request body was not read to its end
};

// Relays the request; fills `outcome` (status, bytes) as it goes. Reuses an idle connection of
// `pool` to the same upstream, or makes a new one (addresses checked by target.check_address).
boost::asio::awaitable<Forwarded> forward(ClientSide client, const ProxyTarget& target,
                                          upstream::Pool& pool, boost::asio::ssl::context& tls,
                                          ProxyOutcome& outcome);

}  // namespace dx::http
