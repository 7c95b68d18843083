#include "http/upstream.hpp"

#include <openssl/ssl.h>

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "egress/address_policy.hpp"

namespace dx::http::upstream {

using tcp = asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

std::string pool_key(const Peer& peer) {
  return peer.scheme + "://" + peer.host + ":" + std::to_string(peer.port);
}

Error failed(std::string detail) { return make_error(Errc::upstream_failed, std::move(detail)); }
Error timed_out(std::string detail) {
  return make_error(Errc::upstream_timeout, std::move(detail));
}

Connection::Connection(const asio::any_io_executor& ex, bool tls, asio::ssl::context& ctx) {
  if (tls)
    tls_.emplace(ex, ctx);
  else
    plain_.emplace(ex);
}

std::unique_ptr<asio::ssl::context> make_client_context() {
  auto ctx = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  ctx->set_default_verify_paths(ec);  // without them every verified handshake fails, and says so
  return ctx;
}

namespace {

bool past(Clock::time_point deadline) { return Clock::now() >= deadline; }

std::string too_slow(const Peer& peer, const char* what) {
  return "The upstream " + peer.host + " did not " + what + " in time.";
}

// The resolver cannot be given a deadline: a timer cancels it. Both live in shared state, since
// the timer's handler may run after this coroutine has moved on.
asio::awaitable<std::optional<std::vector<tcp::endpoint>>> resolve(const Peer& peer,
                                                                   Clock::time_point deadline,
                                                                   std::optional<Error>& error) {
  auto ex = co_await asio::this_coro::executor;
  struct State {
    explicit State(const asio::any_io_executor& e) : resolver(e), timer(e) {}
    tcp::resolver resolver;
    asio::steady_timer timer;
    bool expired = false;
  };
  auto state = std::make_shared<State>(ex);
  state->timer.expires_at(deadline);
  state->timer.async_wait([state](boost::system::error_code ec) {
    if (ec) return;
    state->expired = true;
    state->resolver.cancel();
  });
  auto [ec, results] =
      co_await state->resolver.async_resolve(peer.host, std::to_string(peer.port), kAwait);
  state->timer.cancel();
  if (state->expired) {
    error = timed_out(too_slow(peer, "resolve"));
    co_return std::nullopt;
  }
  if (ec || results.empty()) {
    error = failed("The upstream host " + peer.host + " does not resolve.");
    co_return std::nullopt;
  }
  std::vector<tcp::endpoint> out;
  for (const auto& r : results)
    if (std::find(out.begin(), out.end(), r.endpoint()) == out.end()) out.push_back(r.endpoint());
  co_return out;
}

// Only the admitted addresses; when none is, the first refusal.
std::vector<tcp::endpoint> admitted(const Peer& peer, const std::vector<tcp::endpoint>& all,
                                    std::optional<Error>& error) {
  std::vector<tcp::endpoint> out;
  for (const auto& ep : all) {
    const auto address = ep.address().to_string();
    auto st =
        peer.check_address ? peer.check_address(address) : egress::check_address(address, false);
    if (st)
      out.push_back(ep);
    else if (!error)
      error = st.error();
  }
  if (!out.empty()) error.reset();
  return out;
}

// SNI and, when verifying, the certificate chain and the host name (or IP address) in it.
void prepare_tls(Connection& c, const Peer& peer) {
  boost::system::error_code ec;
  asio::ip::make_address(peer.host, ec);
  const bool literal = !ec;  // SNI names hosts, never addresses (RFC 6066, section 3)
  if (!literal) SSL_set_tlsext_host_name(c.tls().native_handle(), peer.host.c_str());
  if (peer.verify_tls) {
    c.tls().set_verify_mode(asio::ssl::verify_peer);
    c.tls().set_verify_callback(asio::ssl::host_name_verification(peer.host));
  } else {
    c.tls().set_verify_mode(asio::ssl::verify_none);
  }
}

}  // namespace

asio::awaitable<Connected> connect(Peer peer, asio::ssl::context& ctx, Clock::time_point deadline) {
  std::optional<Error> error;
  auto all = co_await resolve(peer, deadline, error);
  if (!all) co_return Connected{nullptr, error};
  const auto endpoints = admitted(peer, *all, error);
  if (endpoints.empty()) co_return Connected{nullptr, error};

  auto c =
      std::make_unique<Connection>(co_await asio::this_coro::executor, peer.scheme == "https", ctx);
  c->key = pool_key(peer);
  c->tcp().expires_at(deadline);
  auto [cec, ep] = co_await c->tcp().async_connect(endpoints, kAwait);
  if (cec) {
    co_return Connected{
        nullptr, past(deadline) ? timed_out(too_slow(peer, "accept the connection"))
                                : failed("Could not connect to the upstream " + peer.host + ".")};
  }
  c->address = ep.address().to_string();
  c->tcp().socket().set_option(tcp::no_delay(true), cec);
  if (c->is_tls()) {
    prepare_tls(*c, peer);
    auto [hec] = co_await c->tls().async_handshake(asio::ssl::stream_base::client, kAwait);
    if (hec) {
      co_return Connected{nullptr, past(deadline)
                                       ? timed_out(too_slow(peer, "complete the TLS handshake"))
                                       : failed("The TLS handshake with the upstream " + peer.host +
                                                " failed: " + hec.message() + ".")};
    }
  }
  co_return Connected{std::move(c), std::nullopt};
}

std::unique_ptr<Connection> Pool::take(const std::string& key) {
  auto it = idle_.find(key);
  if (it == idle_.end()) return nullptr;
  auto& list = it->second;
  const auto oldest_kept = Clock::now() - max_age_;
  while (!list.empty()) {
    auto c = std::move(list.back());
    list.pop_back();
    if (c->idle_since >= oldest_kept) return c;
  }
  return nullptr;
}

void Pool::give(std::unique_ptr<Connection> connection) {
  auto& list = idle_[connection->key];
  if (list.size() >= max_idle_) return;  // dropped: closes it
  connection->idle_since = Clock::now();
  list.push_back(std::move(connection));
}

}  // namespace dx::http::upstream
