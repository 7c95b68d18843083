#include "http/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/upstream.hpp"

namespace dx::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using upstream::Clock;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

namespace {

struct Fetched {
  std::optional<Error> error;
  ClientResponse response;
};

bhttp::request<bhttp::string_body> outgoing(const ClientRequest& r) {
  bhttp::request<bhttp::string_body> req;
  req.method_string(r.method);
  req.target(r.target);
  req.version(11);
  const bool default_port =
      (r.scheme == "https" && r.port == 443) || (r.scheme == "http" && r.port == 80);
  const std::string host = r.host.find(':') != std::string::npos ? "[" + r.host + "]" : r.host;
  req.set(bhttp::field::host, default_port ? host : host + ":" + std::to_string(r.port));
  for (const auto& [name, value] : r.headers) req.set(name, value);
  req.body() = r.body;
  req.keep_alive(false);
  if (!r.body.empty() || r.method == "POST" || r.method == "PUT" || r.method == "PATCH")
    req.prepare_payload();
  return req;
}

Error exchange_failed(const ClientRequest& r, const boost::system::error_code& ec,
                      std::uint64_t limit) {
  if (ec == beast::error::timeout)
    return upstream::timed_out("The upstream " + r.host + " did not answer within " +
                               std::to_string(r.timeout.count()) + " ms.");
  if (ec == bhttp::error::body_limit)
    return upstream::failed("The answer of " + r.host + " is larger than " + std::to_string(limit) +
                            " bytes.");
  return upstream::failed("The exchange with the upstream " + r.host + " failed: " + ec.message() +
                          ".");
}

template <class S>
asio::awaitable<Fetched> exchange(S& stream, upstream::Connection& c, const ClientRequest& r) {
  auto req = outgoing(r);
  auto [wec, wn] = co_await bhttp::async_write(stream, req, kAwait);
  if (wec) co_return Fetched{exchange_failed(r, wec, r.max_body_bytes), {}};
  bhttp::response_parser<bhttp::string_body> p;
  p.header_limit(64 * 1024);
  p.body_limit(r.max_body_bytes);
  if (r.method == "HEAD") p.skip(true);
  auto [rec, rn] = co_await bhttp::async_read(stream, c.buffer, p, kAwait);
  if (rec) co_return Fetched{exchange_failed(r, rec, r.max_body_bytes), {}};
  Fetched out;
  out.response.status = p.get().result_int();
  for (const auto& f : p.get()) {
    std::string name(f.name_string());
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    out.response.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  out.response.body = std::move(p.get().body());
  out.response.address = c.address;
  co_return out;
}

asio::awaitable<Fetched> fetch_once(const ClientRequest& r, asio::ssl::context& tls) {
  const auto deadline = Clock::now() + r.timeout;
  auto made = co_await upstream::connect({r.scheme, r.host, r.port, r.verify_tls, r.check_address},
                                         tls, deadline);
  if (!made.connection) co_return Fetched{made.error, {}};
  auto& c = *made.connection;
  c.tcp().expires_at(deadline);
  co_return c.is_tls() ? co_await exchange(c.tls(), c, r) : co_await exchange(c.plain(), c, r);
}

}  // namespace

Result<ClientResponse> fetch(const ClientRequest& request) {
  static const auto tls = upstream::make_client_context();  // shared: an SSL_CTX is thread-safe
  const auto started = Clock::now();
  asio::io_context ioc(1);
  Fetched result{upstream::failed("The exchange with the upstream did not complete."), {}};
  asio::co_spawn(ioc, fetch_once(request, *tls), [&result](std::exception_ptr e, Fetched f) {
    if (!e) result = std::move(f);
  });
  ioc.run();
  if (result.error) return *result.error;
  result.response.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  return std::move(result.response);
}

}  // namespace dx::http
