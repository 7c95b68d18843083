#include "http/server.hpp"

#include <openssl/ssl.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <nlohmann/json.hpp>

#include "core/json_text.hpp"
#include "core/rate_limiter.hpp"
#include "core/utf8.hpp"
#include "crypto/crypto.hpp"
#include "http/forward.hpp"
#include "http/json_body.hpp"
#include "http/log.hpp"
#include "http/metrics.hpp"
#include "http/upstream.hpp"

namespace dx::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

namespace {

Method to_method(bhttp::verb v) {
  switch (v) {
    case bhttp::verb::get: return Method::get;
    case bhttp::verb::head: return Method::head;
    case bhttp::verb::post: return Method::post;
    case bhttp::verb::put: return Method::put;
    case bhttp::verb::patch: return Method::patch;
    case bhttp::verb::delete_: return Method::del;
    case bhttp::verb::options: return Method::options;
    default: return Method::other;
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; '+' is a space only in query strings.
std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

void split_target(std::string_view target, Request& req) {
  const auto q = target.find('?');
  req.path = url_decode(target.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto part = query.substr(0, amp);
    const auto eq = part.find('=');
    if (!part.empty())
      req.query[url_decode(part.substr(0, eq), true)] =
          eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
}

template <typename Fields>
Request make_request(const bhttp::request_header<Fields>& h, const std::string& remote) {
  Request req;
  req.method = to_method(h.method());
  req.target = std::string(h.target());
  split_target(req.target, req);
  for (const auto& f : h) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [it, fresh] = req.headers.emplace(name, std::string(f.value()));
    if (!fresh) it->second += ", " + std::string(f.value());
  }
  req.remote_address = remote;
  return req;
}

// A request the server cannot read as HTTP/1.x gets an answer before the connection closes: what
// Beast refused while parsing the head is the client's fault (400, or 505 for a version other
// than 1.0 or 1.1); the connection closing or timing out is nobody's to answer.
std::optional<Error> unreadable_head(const boost::system::error_code& ec) {
  static const auto& http_errors = bhttp::make_error_code(bhttp::error::bad_method).category();
  if (ec.category() != http_errors) return std::nullopt;
  switch (static_cast<bhttp::error>(ec.value())) {
    case bhttp::error::end_of_stream:
    case bhttp::error::partial_message:
    case bhttp::error::need_more:
    case bhttp::error::need_buffer:
      return std::nullopt;
    case bhttp::error::bad_version:
      return make_error(Errc::http_version_not_supported, "Only HTTP/1.0 and HTTP/1.1 are served here.");
    default:
      return make_error(Errc::malformed_request, "The request is not valid HTTP/1.1: " + ec.message() + ".");
  }
}

// Everything past this point may take the request's text for valid UTF-8: a record refuses
// anything else, and one request's bytes must never fail a command (let alone its batch).
std::optional<Error> invalid_text(const Request& req) {
  if (!valid_utf8(req.path))
    return make_error(Errc::malformed_request, "The request path is not valid UTF-8.");
  for (const auto& [k, v] : req.query)
    if (!valid_utf8(k) || !valid_utf8(v))
      return make_error(Errc::malformed_request, "The query string is not valid UTF-8.");
  for (const auto& [name, value] : req.headers) {
    if (valid_utf8(value)) continue;
    if (name == "content-type")
      return make_error(Errc::unsupported_media_type, "The Content-Type header is not valid UTF-8.");
    return make_error(Errc::malformed_request, "The header " + name + " is not valid UTF-8.");
  }
  return std::nullopt;
}

// A JSON body is read and checked against its route's schema once, here, before the handler; the
// handler's json_object_body() then returns the parsed document.
Status check_json_body(Request& req, const Route& route) {
  if (!route.body_schema) return ok_status();
  auto body = json_object_body(req);
  if (!body) return body.error();
  if (auto st = route.body_schema->check(*body); !st) return st;
  req.json_body = std::make_shared<const nlohmann::json>(std::move(body.value()));
  return ok_status();
}

struct Connection {
  Connection(tcp::socket socket, asio::ssl::context& ctx, std::size_t context)
      : stream(std::move(socket), ctx), context_index(context) {}
  Stream stream;
  std::size_t context_index;  // the I/O thread it lives on, for that thread's upstream pool
  std::atomic<bool> busy{false};
  // Bodies relayed for this connection's forwarded calls pass through here: made at its first
  // such call and kept, since a connection relays one call at a time.
  std::unique_ptr<char[]> relay_buffer;
};

// Reports a forwarded exchange exactly once, however it ends: answered, refused, failed, or the
// session torn down (ProxyTarget::done).
struct ReportOnce {
  const ProxyTarget& target;
  ProxyOutcome outcome{};
  ~ReportOnce() {
    if (!target.done) return;
    try {
      target.done(outcome);
    } catch (...) {  // metering must not take the session (or the I/O thread) down with it
    }
  }
};

// Awaits the dispatcher's Reply, which may come from another thread: the completion is posted
// back to the session's executor, and a work guard keeps the io_context running until it is.
template <typename Token>
auto async_dispatch(const Dispatch& dispatch, Request& req, const Route& route, Token&& token) {
  return asio::async_initiate<Token, void(Response)>(
      [&dispatch, &req, &route](auto handler) {
        auto ex = asio::get_associated_executor(handler);
        auto work = std::make_shared<asio::executor_work_guard<decltype(ex)>>(ex);
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        dispatch(req, route, [h, work, ex](Response res) mutable {
          asio::post(ex, [h, work, res = std::move(res)]() mutable { (*h)(std::move(res)); });
        });
      },
      token);
}

}  // namespace

static std::vector<std::unique_ptr<asio::io_context>> make_contexts(int threads) {
  std::vector<std::unique_ptr<asio::io_context>> out;
  for (int i = 0; i < std::max(1, threads); ++i) out.push_back(std::make_unique<asio::io_context>(1));
  return out;
}

static std::vector<std::unique_ptr<upstream::Pool>> make_pools(const ServerOptions& o) {
  std::vector<std::unique_ptr<upstream::Pool>> out;
  for (int i = 0; i < std::max(1, o.threads); ++i)
    out.push_back(std::make_unique<upstream::Pool>(o.idle_upstream_connections,
                                                   std::chrono::seconds(o.idle_timeout_s)));
  return out;
}

struct Server::Impl {
  Impl(ServerOptions o, const Router& r, Admit a, Dispatch d, Metrics& m, Log& l)
      : options(std::move(o)),
        router(r),
        admit(std::move(a)),
        dispatch(std::move(d)),
        metrics(m),
        log(l),
        contexts(make_contexts(options.threads)),
        ioc(*contexts.front()),
        tls(asio::ssl::context::tls_server),
        acceptor(ioc),
        signals(ioc, SIGTERM, SIGINT),
        flush_timer(ioc),
        limiter(options.rate_per_ip, options.burst_per_ip),
        id_prefix(crypto::hex(crypto::random_bytes(4))),
        upstream_tls(upstream::make_client_context()),
        pools(make_pools(options)) {}

  ServerOptions options;
  const Router& router;
  Admit admit;
  Dispatch dispatch;
  Metrics& metrics;
  Log& log;
  // One io_context per thread: a connection lives on one of them for its whole life, so its
  // handlers never need a strand and never wake another thread.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  asio::io_context& ioc;  // the first: acceptor, signals, timers
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  std::vector<std::size_t> metric_ids;  // by route id; the last one is for unmatched requests
  std::size_t next_context = 0;
  asio::ssl::context tls;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer flush_timer;
  RateLimiter limiter;
  std::string id_prefix;
  std::atomic<std::uint64_t> next_request{0};
  std::atomic<bool> draining{false};
  std::mutex conns_mu;
  std::set<std::shared_ptr<Connection>> conns;
  // Outgoing connections of forwarded routes: one pool per I/O thread, used only on it, and
  // destroyed before the contexts their sockets belong to.
  std::unique_ptr<asio::ssl::context> upstream_tls;
  std::vector<std::unique_ptr<upstream::Pool>> pools;

  void setup_tls();
  void bind();
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(std::shared_ptr<Connection> conn);
  asio::awaitable<bool> serve_one(Connection& conn, beast::flat_buffer& buf,
                                  const std::string& remote);
  asio::awaitable<Response> read_body_and_dispatch(Stream& stream, beast::flat_buffer& buf,
                                                   bhttp::request_parser<bhttp::empty_body>& hp,
                                                   Request& req, const Match& match, bool& close);
  asio::awaitable<void> write_response(Stream& stream, Response& res, bool head, bool keep_alive);
  Result<ProxyTarget> proxy_target(Request& req, const Route& route,
                                   const bhttp::request_parser<bhttp::empty_body>& hp);
  asio::awaitable<std::pair<int, bool>> serve_proxy(Connection& conn, beast::flat_buffer& buf,
                                                    bhttp::request_parser<bhttp::empty_body>& hp,
                                                    Request& req, const Route& route, bool keep_alive);
  asio::awaitable<std::pair<int, bool>> answer_problem(Stream& stream, beast::flat_buffer& buf,
                                                       const Request& req, const Error& e,
                                                       bool keep_alive, bool body_unread);
  asio::awaitable<void> discard_input(Stream& stream, beast::flat_buffer& buf);
  void begin_shutdown();
  void schedule_flush();
};

void Server::Impl::setup_tls() {
  tls.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
  if (!options.ciphers.empty() && SSL_CTX_set_cipher_list(tls.native_handle(), options.ciphers.c_str()) != 1)
    throw std::runtime_error("tls.ciphers: OpenSSL knows none of these TLS 1.2 ciphers");
  if (!options.ciphersuites.empty() &&
      SSL_CTX_set_ciphersuites(tls.native_handle(), options.ciphersuites.c_str()) != 1)
    throw std::runtime_error("tls.ciphersuites: OpenSSL does not know these TLS 1.3 suites");
  tls.use_certificate_chain_file(options.cert_file.string());
  tls.use_private_key_file(options.key_file.string(), asio::ssl::context::pem);
}

void Server::Impl::bind() {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(options.host, ec);
  if (ec) throw std::runtime_error("cannot listen on '" + options.host + "': not an IP address");
  const tcp::endpoint ep(address, options.port);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + options.host + ":" +
                             std::to_string(options.port) + ": " + ec.message());
  acceptor.listen(asio::socket_base::max_listen_connections);
}

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    const std::size_t index = next_context++ % contexts.size();
    auto [ec, socket] = co_await acceptor.async_accept(*contexts[index], kAwait);
    if (ec) {
      if (!acceptor.is_open() || draining) co_return;
      continue;  // e.g. too many open files: keep serving the connections we have
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(std::move(socket), tls, index);
    {
      std::lock_guard lock(conns_mu);
      conns.insert(conn);
    }
    asio::co_spawn(conn->stream.get_executor(), session(conn),
                   [this, conn](std::exception_ptr e) {
                     {
                       std::lock_guard lock(conns_mu);
                       conns.erase(conn);
                     }
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& x) {
                       log.write({{"level", "error"}, {"event", "session_failed"}, {"error", x.what()}});
                     }
                   });
  }
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> conn) {
  metrics.connection_opened();
  struct Closed {
    Metrics& m;
    ~Closed() { m.connection_closed(); }
  } closed{metrics};
  auto& stream = conn->stream;
  boost::system::error_code ec;
  const auto remote = beast::get_lowest_layer(stream).socket().remote_endpoint(ec).address().to_string();
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(options.read_timeout_s));
  auto [hs_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kAwait);
  if (hs_ec) co_return;
  // Bounded: a request's head must fit in it, and a body passes through it a read at a time, so
  // nothing (a chunk header without end, say) can make it grow past this.
  beast::flat_buffer buf(options.header_limit + 64 * 1024);
  while (!draining && co_await serve_one(*conn, buf, remote)) {
  }
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  co_await stream.async_shutdown(kAwait);
}

// Reads one request and answers it. Returns whether the connection stays open.
asio::awaitable<bool> Server::Impl::serve_one(Connection& conn, beast::flat_buffer& buf,
                                              const std::string& remote) {
  auto& stream = conn.stream;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(options.idle_timeout_s));
  bhttp::request_parser<bhttp::empty_body> hp;
  hp.header_limit(options.header_limit);
  hp.body_limit(boost::none);  // judged per route once the route is known, below
  auto [ec, n] = co_await bhttp::async_read_header(stream, buf, hp, kAwait);
  if (ec == bhttp::error::header_limit) {
    Response res = problem_response(make_error(Errc::payload_too_large, "The request headers are too large."));
    co_await write_response(stream, res, false, false);
    co_return false;
  }
  if (ec) {
    if (auto problem = unreadable_head(ec)) {
      Response res = problem_response(*problem);
      co_await write_response(stream, res, false, false);
    }
    co_return false;
  }
  if (const unsigned v = hp.get().version(); v != 10 && v != 11) {
    Response res = problem_response(
        make_error(Errc::http_version_not_supported, "Only HTTP/1.0 and HTTP/1.1 are served here."));
    co_await write_response(stream, res, false, false);
    co_return false;
  }
  conn.busy = true;
  const auto started = std::chrono::steady_clock::now();
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(options.read_timeout_s));

  Request req = make_request(hp.get(), remote);
  req.request_id = id_prefix + "-" + std::to_string(++next_request);
  Match match = router.match(req.method, req.path);
  req.params = std::move(match.params);
  const std::size_t route_id = match.route ? match.route->id : router.routes().size();
  // Read before the body parser takes the header over: the moved-from one has no fields.
  const bool wants_keep_alive = hp.get().keep_alive();
  int status = 0;
  bool keep_alive = false;
  if (match.route && match.route->body == BodyKind::proxy) {
    std::tie(status, keep_alive) =
        co_await serve_proxy(conn, buf, hp, req, *match.route, wants_keep_alive && !draining);
  } else {
    bool close = false;
    Response res = co_await read_body_and_dispatch(stream, buf, hp, req, match, close);
    res.set_header("X-Request-Id", req.request_id);
    set_problem_instance(res, req.request_id);
    keep_alive = wants_keep_alive && !close && !draining;
    co_await write_response(stream, res, req.method == Method::head, keep_alive);
    if (close && !hp.is_done()) co_await discard_input(stream, buf);
    status = res.status;
  }

  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  metrics.observe(metric_ids[route_id], status, seconds);
  if (log.requests_enabled()) {
    // Built by hand, not through a json tree: this line is written for every request.
    std::string line = "{\"event\":\"request\",\"latency_ms\":" + std::to_string(seconds * 1000) +
                       ",\"method\":\"" + method_name(req.method) + "\",\"remote\":";
    append_json_string(line, remote);
    line += ",\"request_id\":\"" + req.request_id + "\",\"route\":";
    append_json_string(line, route_id < router.routes().size() ? router.routes()[route_id]->pattern : "unmatched");
    line += ",\"status\":" + std::to_string(status);
    log.raw(line);
  }
  conn.busy = false;
  co_return keep_alive;
}

asio::awaitable<Response> Server::Impl::read_body_and_dispatch(
    Stream& stream, beast::flat_buffer& buf, bhttp::request_parser<bhttp::empty_body>& hp,
    Request& req, const Match& match, bool& close) {
  const bool streamed = match.route && match.route->body == BodyKind::stream;
  const std::uint64_t limit = streamed ? options.upload_limit : options.json_body_limit;
  const auto declared = hp.content_length();
  if (declared && *declared > limit) {
    close = true;  // the body stays unread
    co_return problem_response(make_error(
        Errc::payload_too_large, "The body is larger than " + std::to_string(limit) + " bytes."));
  }
  if (const int wait = limiter.take(req.remote_address); wait > 0) {
    close = true;
    Error e = make_error(Errc::too_many_requests, "Too many requests from this address.");
    e.retry_after_s = wait;
    co_return problem_response(e);
  }
  if (auto bad = invalid_text(req)) {
    close = true;
    co_return problem_response(*bad);
  }
  std::shared_ptr<BodySink> sink;
  if (streamed) {
    if (auto st = admit(req, *match.route); !st) {
      close = true;
      co_return problem_response(st.error());
    }
    auto made = match.route->make_sink(req);
    if (!made) {
      close = true;
      co_return problem_response(made.error());
    }
    sink = std::move(made.value());
  }
  if (hp.get()[bhttp::field::expect] == "100-continue" && !hp.is_done()) {
    bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
    auto [cec, cn] = co_await bhttp::async_write(stream, cont, kAwait);
    if (cec) {
      close = true;
      co_return problem_response(make_error(Errc::malformed_request, "The connection failed."));
    }
  }
  boost::system::error_code ec;
  if (streamed) {
    bhttp::request_parser<bhttp::buffer_body> p(std::move(hp));
    p.body_limit(limit);
    std::string chunk(64 * 1024, '\0');
    while (!ec && !p.is_done()) {
      p.get().body().data = chunk.data();
      p.get().body().size = chunk.size();
      auto [rec, rn] = co_await bhttp::async_read(stream, buf, p, kAwait);
      ec = rec == bhttp::error::need_buffer ? boost::system::error_code{} : rec;
      const auto got = chunk.size() - p.get().body().size;
      if (!ec && got > 0) {
        sink->write(std::string_view(chunk.data(), got));
        req.body_size += got;
      }
    }
    req.sink = sink;
  } else {
    bhttp::request_parser<bhttp::string_body> p(std::move(hp));
    p.body_limit(limit);
    auto [rec, rn] = co_await bhttp::async_read(stream, buf, p, kAwait);
    ec = rec;
    req.body = std::move(p.get().body());
    req.body_size = req.body.size();
  }
  if (ec == bhttp::error::body_limit) {
    close = true;
    co_return problem_response(make_error(
        Errc::payload_too_large, "The body is larger than " + std::to_string(limit) + " bytes."));
  }
  if (ec) {
    close = true;
    co_return problem_response(make_error(Errc::malformed_request, "The request could not be read."));
  }
  if (match.route == nullptr) {
    co_return problem_response(match.path_known
                                   ? make_error(Errc::method_not_allowed, "This method is not allowed here.")
                                   : make_error(Errc::not_found, "No such resource."));
  }
  if (!streamed) {
    if (auto st = admit(req, *match.route); !st) co_return problem_response(st.error());
    if (auto st = check_json_body(req, *match.route); !st) co_return problem_response(st.error());
  }
  co_return co_await async_dispatch(dispatch, req, *match.route, asio::use_awaitable);
}

// The checks every route gets (size, rate, text, authentication), then the route's own decision.
// Nothing has been read of the body yet.
Result<ProxyTarget> Server::Impl::proxy_target(Request& req, const Route& route,
                                               const bhttp::request_parser<bhttp::empty_body>& hp) {
  if (const auto declared = hp.content_length(); declared && *declared > options.upload_limit)
    return make_error(Errc::payload_too_large,
                      "The body is larger than " + std::to_string(options.upload_limit) + " bytes.");
  if (const int wait = limiter.take(req.remote_address); wait > 0) {
    Error e = make_error(Errc::too_many_requests, "Too many requests from this address.");
    e.retry_after_s = wait;
    return e;
  }
  if (auto bad = invalid_text(req)) return *bad;
  if (auto st = admit(req, route); !st) return st.error();
  return route.forward(req);
}

// A forwarded route: the upstream's answer is written by the forwarding engine (forward.hpp);
// only a refusal or a failure before its first byte is answered here. Returns the status and
// whether the connection stays open.
asio::awaitable<std::pair<int, bool>> Server::Impl::serve_proxy(
    Connection& conn, beast::flat_buffer& buf, bhttp::request_parser<bhttp::empty_body>& hp,
    Request& req, const Route& route, bool keep_alive) {
  auto target = proxy_target(req, route, hp);
  if (!target) co_return co_await answer_problem(conn.stream, buf, req, target.error(), keep_alive, !hp.is_done());
  ReportOnce report{*target};
  if (!conn.relay_buffer) conn.relay_buffer = std::make_unique_for_overwrite<char[]>(kRelayBufferSize);
  ClientSide side{conn.stream, buf, hp, req, keep_alive, options.upload_limit, options.read_timeout_s,
                  options.header_limit, conn.relay_buffer.get()};
  auto forwarded = co_await forward(side, *target, *pools[conn.context_index], *upstream_tls, report.outcome);
  if (!forwarded.problem) co_return std::pair{report.outcome.status, forwarded.keep_alive};
  report.outcome.status = http_status(forwarded.problem->code);
  report.outcome.upstream_answered = false;
  report.outcome.bytes_out = 0;
  co_return co_await answer_problem(conn.stream, buf, req, *forwarded.problem, forwarded.keep_alive,
                                    forwarded.body_unread);
}

asio::awaitable<std::pair<int, bool>> Server::Impl::answer_problem(Stream& stream, beast::flat_buffer& buf,
                                                                   const Request& req, const Error& e,
                                                                   bool keep_alive, bool body_unread) {
  Response res = problem_response(e);
  res.set_header("X-Request-Id", req.request_id);
  set_problem_instance(res, req.request_id);
  keep_alive = keep_alive && !body_unread;
  co_await write_response(stream, res, req.method == Method::head, keep_alive);
  if (body_unread) co_await discard_input(stream, buf);
  co_return std::pair{res.status, keep_alive};
}

static void add_default_headers(Response& res) {
  auto has = [&res](std::string_view name) {
    for (const auto& [k, v] : res.headers)
      if (beast::iequals(k, name)) return true;
    return false;
  };
  if (!has("Cache-Control")) res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Strict-Transport-Security", "max-age=31536000");
}

asio::awaitable<void> Server::Impl::write_response(Stream& stream, Response& res, bool head,
                                                   bool keep_alive) {
  add_default_headers(res);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(options.read_timeout_s));
  if (!res.stream) {
    bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
    for (auto& [k, v] : res.headers) out.set(k, v);
    out.keep_alive(keep_alive);
    out.content_length(res.body.size());
    if (!head) out.body() = std::move(res.body);
    co_await bhttp::async_write(stream, out, kAwait);
    co_return;
  }
  bhttp::response<bhttp::buffer_body> out{static_cast<bhttp::status>(res.status), 11};
  for (auto& [k, v] : res.headers) out.set(k, v);
  out.keep_alive(keep_alive);
  out.content_length(res.stream_size);
  out.body().data = nullptr;
  out.body().more = !head;
  bhttp::response_serializer<bhttp::buffer_body> sr{out};
  auto [ec, n] = co_await bhttp::async_write_header(stream, sr, kAwait);
  if (head) co_return;
  while (!ec) {
    std::optional<std::string> chunk;
    try {
      chunk = res.stream();
    } catch (const std::exception& x) {
      // The stored content failed its integrity check: cut the connection rather than send
      // unauthenticated bytes; the client sees a short body.
      log.write({{"level", "error"}, {"event", "stream_failed"}, {"error", x.what()}});
      beast::get_lowest_layer(stream).close();
      co_return;
    }
    out.body().data = chunk ? chunk->data() : nullptr;
    out.body().size = chunk ? chunk->size() : 0;
    out.body().more = chunk.has_value();
    auto [wec, wn] = co_await bhttp::async_write(stream, sr, kAwait);
    ec = wec == bhttp::error::need_buffer ? boost::system::error_code{} : wec;
    if (!chunk) break;
  }
}

// After refusing a request whose body was never read, read and drop what the client still sends
// for a short while (a lingering close), so that it gets to read the answer instead of a reset.
asio::awaitable<void> Server::Impl::discard_input(Stream& stream, beast::flat_buffer& buf) {
  constexpr std::size_t kMaxDiscard = 64ull << 20;
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
  std::size_t dropped = 0;
  while (dropped < kMaxDiscard) {
    buf.consume(buf.size());
    auto [ec, n] = co_await stream.async_read_some(buf.prepare(64 * 1024), kAwait);
    if (ec) break;
    dropped += n;
  }
}

void Server::Impl::begin_shutdown() {
  if (draining.exchange(true)) return;
  log.write({{"level", "info"}, {"event", "draining"}});
  asio::post(acceptor.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    keep_running.clear();  // each context returns once its connections are done
  });
  std::lock_guard lock(conns_mu);
  for (const auto& conn : conns) {
    asio::post(conn->stream.get_executor(), [conn] {
      if (!conn->busy) beast::get_lowest_layer(conn->stream).cancel();
    });
  }
}

void Server::Impl::schedule_flush() {
  flush_timer.expires_after(std::chrono::milliseconds(200));
  flush_timer.async_wait([this](boost::system::error_code ec) {
    log.flush();
    if (!ec && !draining) schedule_flush();
  });
}

Server::Server(ServerOptions options, const Router& router, Admit admit, Dispatch dispatch,
               Metrics& metrics, Log& log)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(admit),
                                   std::move(dispatch), metrics, log)) {
  impl_->setup_tls();
  impl_->bind();
  for (const auto& r : router.routes())
    impl_->metric_ids.push_back(metrics.add_route(r->pattern, method_name(r->method)));
  impl_->metric_ids.push_back(metrics.add_route("unmatched", "ANY"));
}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::run() {
  auto& s = *impl_;
  s.signals.async_wait([&s](boost::system::error_code ec, int) {
    if (!ec) s.begin_shutdown();
  });
  asio::co_spawn(s.ioc, s.accept_loop(), [](std::exception_ptr) {});
  s.schedule_flush();
  s.log.write({{"level", "info"}, {"event", s.options.listening_event}, {"host", s.options.host}, {"port", port()}});
  s.log.flush();
  for (auto& c : s.contexts) s.keep_running.push_back(asio::make_work_guard(*c));
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.contexts.size(); ++i) threads.emplace_back([&s, i] { s.contexts[i]->run(); });
  s.ioc.run();
  for (auto& t : threads) t.join();
  s.log.flush();
}

void Server::shutdown() { impl_->begin_shutdown(); }

}  // namespace dx::http
