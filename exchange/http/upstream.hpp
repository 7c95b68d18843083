// Connections from the exchange to other HTTP servers (a gateway's upstreams, http/proxy.hpp, and
// the blocking client, http/client.hpp): every address a host resolves to is checked before it is
// connected to, TLS verifies the peer's certificate and name, and idle keep-alive connections are
// pooled per I/O thread so that a busy upstream costs no DNS lookup or handshake per call.
// Internal to http/.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "core/error.hpp"

namespace dx::http::upstream {

namespace asio = boost::asio;
namespace beast = boost::beast;
using Clock = std::chrono::steady_clock;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Where to connect and how to judge it.
struct Peer {
  std::string scheme;  // "https" or "http"
  std::string host;
  std::uint16_t port = 443;
  bool verify_tls = true;
  // Empty: public addresses only (egress/address_policy.hpp).
  std::function<Status(const std::string& address)> check_address;
};

// "https://host:443": connections with the same key are interchangeable.
std::string pool_key(const Peer& peer);

// One connection to an upstream, plain or TLS. Used by one coroutine at a time, on its executor.
class Connection {
 public:
  Connection(const asio::any_io_executor& ex, bool tls, asio::ssl::context& ctx);
  bool is_tls() const { return tls_.has_value(); }
  TlsStream& tls() { return *tls_; }
  beast::tcp_stream& plain() { return *plain_; }
  beast::tcp_stream& tcp() { return tls_ ? tls_->next_layer() : *plain_; }

  beast::flat_buffer buffer;  // bytes read past the last message; must be empty to reuse
  std::string key;            // pool_key of its peer
  std::string address;        // the address connected to
  Clock::time_point idle_since{};

 private:
  std::optional<beast::tcp_stream> plain_;
  std::optional<TlsStream> tls_;
};

struct Connected {
  std::unique_ptr<Connection> connection;
  std::optional<Error> error;  // upstream_failed or upstream_timeout when connection is null
};

// Resolves the host (asynchronously), checks every address, connects to the first admitted one
// that answers and, for https, completes the TLS handshake, all before `deadline`.
asio::awaitable<Connected> connect(Peer peer, asio::ssl::context& ctx, Clock::time_point deadline);

// A client TLS context: TLS 1.2 or later, the system's trusted roots.
std::unique_ptr<asio::ssl::context> make_client_context();

// Idle keep-alive connections of one I/O thread, by peer: not thread-safe, used only on that
// thread. At most `max_idle` are kept per peer; one idle longer than `max_age` is dropped, since
// the upstream has likely closed it.
class Pool {
 public:
  Pool(std::size_t max_idle, std::chrono::seconds max_age)
      : max_idle_(max_idle), max_age_(max_age) {}
  std::unique_ptr<Connection> take(const std::string& key);
  void give(std::unique_ptr<Connection> connection);

 private:
  std::size_t max_idle_;
  std::chrono::seconds max_age_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

Error failed(std::string detail);
Error timed_out(std::string detail);

}  // namespace dx::http::upstream
