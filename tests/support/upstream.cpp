#include "support/upstream.hpp"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"

namespace dx::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::size_t kChunk = 64 * 1024;

char pattern_byte(std::uint64_t i) { return static_cast<char>((i * 7 + i / 65521) & 0xff); }

std::string path_of(std::string_view target) {
  return std::string(target.substr(0, target.find('?')));
}

bool has_query(std::string_view target, std::string_view item) {
  const auto q = target.find('?');
  return q != std::string_view::npos && target.substr(q).find(item) != std::string_view::npos;
}

std::uint64_t number_after(const std::string& path, std::size_t prefix) {
  try {
    return std::stoull(path.substr(prefix));
  } catch (const std::exception&) {
    return 0;
  }
}

// What one request was, as read; `body` only when the answer mirrors it.
struct Read {
  UpstreamRequest request;
  std::string body;
  bool keep_alive = true;
};

}  // namespace

struct Upstream::Impl {
  explicit Impl(UpstreamOptions o) : options(o) {
    for (int i = 0; i < std::max(1, o.threads); ++i)
      contexts.push_back(std::make_unique<asio::io_context>(1));
    acceptor.emplace(*contexts.front());
    const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), o.port);
    acceptor->open(ep.protocol());
    acceptor->set_option(asio::socket_base::reuse_address(true));
    acceptor->bind(ep);
    acceptor->listen(asio::socket_base::max_listen_connections);
  }

  UpstreamOptions options;
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<std::uint64_t> accepted{0};
  mutable std::mutex mu;
  std::vector<UpstreamRequest> received;

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket, std::uint64_t id);
  asio::awaitable<std::optional<Read>> read_request(beast::tcp_stream& s, beast::flat_buffer& buf,
                                                    std::uint64_t id);
  asio::awaitable<bool> answer(beast::tcp_stream& s, Read& r);
  asio::awaitable<bool> send_bytes(beast::tcp_stream& s, std::uint64_t n, bool chunked,
                                   bool keep_alive, bool head_only);
  void record(const UpstreamRequest& r) {
    if (!options.record) return;
    std::lock_guard lock(mu);
    received.push_back(r);
  }
};

asio::awaitable<void> Upstream::Impl::accept_loop() {
  for (std::size_t next = 0;; ++next) {
    auto& ctx = *contexts[next % contexts.size()];
    auto [ec, socket] = co_await acceptor->async_accept(ctx, kAwait);
    if (ec) {
      if (!acceptor->is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(ctx, session(std::move(socket), ++accepted), asio::detached);
  }
}

asio::awaitable<void> Upstream::Impl::session(tcp::socket socket, std::uint64_t id) {
  beast::tcp_stream s(std::move(socket));
  beast::flat_buffer buf;
  for (;;) {
    auto r = co_await read_request(s, buf, id);
    if (!r) break;
    record(r->request);
    if (!co_await answer(s, *r) || !r->keep_alive) break;
    if (path_of(r->request.target) == "/bye") break;
  }
  boost::system::error_code ec;
  s.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<std::optional<Read>> Upstream::Impl::read_request(beast::tcp_stream& s,
                                                                  beast::flat_buffer& buf,
                                                                  std::uint64_t id) {
  bhttp::request_parser<bhttp::buffer_body> p;
  p.body_limit(boost::none);
  p.header_limit(64 * 1024);
  s.expires_after(std::chrono::seconds(120));
  auto [ec, n] = co_await bhttp::async_read_header(s, buf, p, kAwait);
  if (ec) co_return std::nullopt;
  Read r;
  r.request.method = std::string(p.get().method_string());
  r.request.target = std::string(p.get().target());
  r.request.connection = id;
  r.keep_alive = p.get().keep_alive();
  for (const auto& f : p.get()) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.request.headers[name] = std::string(f.value());
  }
  const bool mirror =
      path_of(r.request.target).starts_with("/echo") && has_query(r.request.target, "mirror=1");
  crypto::Sha256 hash;
  std::string chunk(kChunk, '\0');
  while (!p.is_done()) {
    p.get().body().data = chunk.data();
    p.get().body().size = chunk.size();
    auto [rec, rn] = co_await bhttp::async_read(s, buf, p, kAwait);
    if (rec && rec != bhttp::error::need_buffer) co_return std::nullopt;
    const std::string_view got(chunk.data(), chunk.size() - p.get().body().size);
    r.request.body_size += got.size();
    if (options.record) hash.update(got);
    if (mirror) r.body.append(got);
  }
  if (options.record) r.request.body_sha256 = crypto::hex(hash.finish());
  co_return r;
}

asio::awaitable<bool> Upstream::Impl::send_bytes(beast::tcp_stream& s, std::uint64_t n,
                                                 bool chunked, bool keep_alive, bool head_only) {
  bhttp::response<bhttp::buffer_body> res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type, "application/octet-stream");
  if (chunked)
    res.chunked(true);
  else
    res.content_length(n);
  res.keep_alive(keep_alive);
  res.body().data = nullptr;
  res.body().more = true;
  bhttp::response_serializer<bhttp::buffer_body> sr{res};
  auto [ec, w] = co_await bhttp::async_write_header(s, sr, kAwait);
  if (head_only) co_return !ec;
  std::string chunk(kChunk, '\0');
  for (std::uint64_t sent = 0; !ec && sent < n;) {
    const auto size = std::min<std::uint64_t>(kChunk, n - sent);
    for (std::uint64_t i = 0; i < size; ++i) chunk[i] = pattern_byte(sent + i);
    res.body().data = chunk.data();
    res.body().size = size;
    std::tie(ec, w) = co_await bhttp::async_write(s, sr, kAwait);
    if (ec == bhttp::error::need_buffer) ec = {};
    sent += size;
  }
  if (ec) co_return false;
  res.body().data = nullptr;
  res.body().size = 0;
  res.body().more = false;
  std::tie(ec, w) = co_await bhttp::async_write(s, sr, kAwait);
  co_return !ec;
}

asio::awaitable<bool> Upstream::Impl::answer(beast::tcp_stream& s, Read& r) {
  const auto path = path_of(r.request.target);
  if (path == "/close") co_return false;
  if (path.starts_with("/bytes/"))
    co_return co_await send_bytes(s, number_after(path, 7),
                                  has_query(r.request.target, "chunked=1"), r.keep_alive,
                                  r.request.method == "HEAD");
  if (path.starts_with("/slow/")) {
    asio::steady_timer timer(s.get_executor(), std::chrono::milliseconds(number_after(path, 6)));
    co_await timer.async_wait(kAwait);
  }
  bhttp::response<bhttp::string_body> res{bhttp::status::ok, 11};
  res.set(bhttp::field::content_type, "application/json");
  res.body() = R"({"ok":true})";
  if (path.starts_with("/echo")) {
    if (has_query(r.request.target, "mirror=1")) {
      res.set(bhttp::field::content_type, "application/octet-stream");
      res.body() = std::move(r.body);
    } else {
      res.body() = nlohmann::json{{"method", r.request.method},
                                  {"target", r.request.target},
                                  {"headers", r.request.headers},
                                  {"body_size", r.request.body_size}}
                       .dump();
    }
  } else if (path.starts_with("/status/")) {
    const auto code = number_after(path, 8);
    res.result(static_cast<unsigned>(code >= 200 && code <= 599 ? code : 500));
    res.body() = code == 204 || code == 304 ? "" : nlohmann::json{{"status", code}}.dump();
    if (res.body().empty()) res.erase(bhttp::field::content_type);
  } else if (path == "/redirect") {
    res.result(bhttp::status::found);
    res.set(bhttp::field::location, "https://elsewhere.example/landing");
  } else if (path == "/cookie") {
    res.set(bhttp::field::set_cookie, "session=upstream-secret; Path=/; HttpOnly");
  }
  res.keep_alive(r.keep_alive);
  if (res.result() != bhttp::status::no_content && res.result() != bhttp::status::not_modified)
    res.prepare_payload();
  if (r.request.method == "HEAD") res.body().clear();  // the length stays, the body goes
  s.expires_after(std::chrono::seconds(120));
  auto [ec, n] = co_await bhttp::async_write(s, res, kAwait);
  co_return !ec;
}

Upstream::Upstream(UpstreamOptions options) : impl_(std::make_unique<Impl>(options)) {
  asio::co_spawn(*impl_->contexts.front(), impl_->accept_loop(), asio::detached);
  for (auto& ctx : impl_->contexts)
    impl_->threads.emplace_back([c = ctx.get()] {
      auto work = asio::make_work_guard(*c);
      c->run();
    });
}

Upstream::~Upstream() {
  for (auto& ctx : impl_->contexts) ctx->stop();
  for (auto& t : impl_->threads) t.join();
}

std::uint16_t Upstream::port() const { return impl_->acceptor->local_endpoint().port(); }

std::string Upstream::base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::vector<UpstreamRequest> Upstream::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->received;
}

std::uint64_t Upstream::connections() const { return impl_->accepted; }

void Upstream::clear() {
  std::lock_guard lock(impl_->mu);
  impl_->received.clear();
}

std::string Upstream::pattern(std::uint64_t n) {
  std::string out(n, '\0');
  for (std::uint64_t i = 0; i < n; ++i) out[i] = pattern_byte(i);
  return out;
}

std::string Upstream::sha256_hex(const std::string& data) {
  return crypto::hex(crypto::sha256(data));
}

}  // namespace dx::test
