#include "http/forward.hpp"

#include <memory>
#include <string_view>
#include <tuple>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace dx::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using upstream::Clock;
constexpr auto kAwait = asio::as_tuple(asio::use_awaitable);

namespace {

constexpr std::size_t kChunk = kRelayBufferSize;
// An answer body at most this large is read whole and written with its head at once: most API
// answers are small, and one write is one TLS record and one system call instead of three.
constexpr std::uint64_t kSmallBody = 32 * 1024;
constexpr std::uint32_t kAnswerHeaderLimit = 64 * 1024;

bool any_of_names(std::string_view name, std::initializer_list<std::string_view> names) {
  for (auto n : names)
    if (beast::iequals(n, name)) return true;
  return false;
}

// Fields about one connection, not the message (RFC 9110, section 7.6.1).
bool is_hop_by_hop(std::string_view name) {
  return any_of_names(name,
                      {"connection", "keep-alive", "proxy-connection", "proxy-authorization",
                       "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade"});
}

// The client's credentials for the exchange and its view of the host are not the upstream's
// business, nor is what another proxy added; the body's length is set again.
bool is_withheld_request_field(std::string_view name) {
  return any_of_names(
             name, {"authorization", "cookie", "host", "forwarded", "expect", "content-length"}) ||
         (name.size() > 12 && beast::iequals(name.substr(0, 12), "x-forwarded-"));
}

// An upstream sets no cookie on the exchange's origin; the length and the server's own fields
// are set again.
bool is_withheld_answer_field(std::string_view name) {
  return any_of_names(name, {"set-cookie", "set-cookie2", "content-length", "x-request-id",
                             "strict-transport-security", "x-content-type-options"});
}

// The field names listed in a Connection header, which are hop-by-hop too.
std::vector<std::string> connection_options(std::string_view value) {
  std::vector<std::string> out;
  for (auto token : bhttp::token_list(value)) out.emplace_back(token);
  return out;
}

bool listed(const std::vector<std::string>& names, std::string_view name) {
  for (const auto& n : names)
    if (beast::iequals(n, name)) return true;
  return false;
}

template <class Fields>
void copy_fields(const Fields& from, bhttp::fields& to, bool (*withheld)(std::string_view),
                 const std::vector<std::string>& replaced) {
  const auto options = connection_options(from[bhttp::field::connection]);
  for (const auto& f : from) {
    const auto name = f.name_string();
    if (is_hop_by_hop(name) || withheld(name) || listed(options, name) || listed(replaced, name))
      continue;
    to.insert(name, f.value());
  }
}

std::string host_field(const ProxyTarget& t) {
  std::string host = t.host.find(':') != std::string::npos ? "[" + t.host + "]" : t.host;
  const bool default_port =
      (t.scheme == "https" && t.port == 443) || (t.scheme == "http" && t.port == 80);
  if (!default_port) host += ":" + std::to_string(t.port);
  return host;
}

void add_default_fields(bhttp::fields& f, const std::string& request_id) {
  if (f.count(bhttp::field::cache_control) == 0) f.set(bhttp::field::cache_control, "no-store");
  f.set("X-Content-Type-Options", "nosniff");
  f.set(bhttp::field::strict_transport_security, "max-age=31536000");
  f.set("X-Request-Id", request_id);
}

bool closed_early(const boost::system::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated;
}

struct Failure {
  Error error;
  bool stale = false;  // a reused connection failed before any answer byte: worth a fresh one
};

// One forwarded exchange. Lives in the forwarding coroutine's frame; the references it holds
// belong to the session's frame, which outlives it.
class Relay {
 public:
  Relay(ClientSide& c, const ProxyTarget& t, upstream::Pool& pool, asio::ssl::context& tls,
        ProxyOutcome& o)
      : c_(c), t_(t), pool_(pool), tls_(tls), outcome_(o), buf_(c.relay_buffer) {}

  asio::awaitable<Forwarded> run();

 private:
  template <class S>
  asio::awaitable<std::optional<Failure>> attempt(S& up, bool may_retry);
  template <class S>
  asio::awaitable<std::optional<Failure>> send_request(S& up);
  template <class S>
  asio::awaitable<std::optional<Failure>> send_body(
      S& up, bhttp::request_serializer<bhttp::buffer_body>& sr);
  template <class S>
  asio::awaitable<std::optional<Failure>> read_answer_head(S& up);
  template <class S>
  asio::awaitable<bool> read_some_answer(S& up, std::size_t& got);
  template <class S>
  asio::awaitable<std::optional<Failure>> relay_small(S& up, bhttp::response_header<> head);
  template <class S>
  asio::awaitable<void> relay_streamed(S& up, bhttp::response_header<> head, bool body_follows);
  asio::awaitable<bool> continue_client();
  bhttp::request<bhttp::buffer_body> upstream_request() const;
  bhttp::response_header<> answer_head();
  upstream::Peer peer() const;
  void cut_client();

  ClientSide& c_;
  const ProxyTarget& t_;
  upstream::Pool& pool_;
  asio::ssl::context& tls_;
  ProxyOutcome& outcome_;
  char* buf_;  // the client connection's relay buffer
  upstream::Connection* conn_ = nullptr;
  bhttp::request<bhttp::buffer_body> request_;
  std::optional<bhttp::response_parser<bhttp::buffer_body>> answer_;
  Clock::time_point deadline_{};
  bool has_body_ = false;
  bool body_read_ = false;
  bool client_ok_ = true;        // the answer reached the client whole
  bool upstream_clean_ = false;  // both messages completed on the upstream connection
};

upstream::Peer Relay::peer() const {
  return {t_.scheme, t_.host, t_.port, t_.verify_tls, t_.check_address};
}

bhttp::request<bhttp::buffer_body> Relay::upstream_request() const {
  const auto& in = c_.head.get();
  bhttp::request<bhttp::buffer_body> out;
  if (in.method() != bhttp::verb::unknown)
    out.method(in.method());
  else
    out.method_string(in.method_string());
  out.target(t_.target);
  out.version(11);
  out.set(bhttp::field::host, host_field(t_));
  std::vector<std::string> replaced;
  for (const auto& [name, value] : t_.headers) replaced.push_back(name);
  copy_fields(in, out.base(), is_withheld_request_field, replaced);
  for (const auto& [name, value] : t_.headers) out.set(name, value);
  if (const auto length = c_.head.content_length())
    out.content_length(*length);
  else if (c_.head.chunked())
    out.chunked(true);
  return out;
}

asio::awaitable<Forwarded> Relay::run() {
  deadline_ = Clock::now() + t_.timeout;
  request_ = upstream_request();
  has_body_ = !c_.head.is_done();
  body_read_ = !has_body_;
  const auto where = peer();
  const auto key = upstream::pool_key(where);
  auto conn = pool_.take(key);
  // Routes to one upstream may judge addresses differently: a pooled connection is used only
  // where a new one to its address would be made.
  if (conn && !upstream::check(where, conn->address)) conn.reset();
  bool reused = conn != nullptr;
  for (int tries = 0;; ++tries) {
    if (!conn) {
      auto made = co_await upstream::connect(where, tls_, deadline_);
      if (!made.connection) co_return Forwarded{made.error, c_.keep_alive && !has_body_, has_body_};
      conn = std::move(made.connection);
      reused = false;
    }
    conn_ = conn.get();
    const bool may_retry = reused && !has_body_ && tries == 0;
    // Not a conditional expression: GCC 12 destroys the result of a co_await in one twice.
    std::optional<Failure> failure;
    if (conn->is_tls())
      failure = co_await attempt(conn->tls(), may_retry);
    else
      failure = co_await attempt(conn->plain(), may_retry);
    if (failure && failure->stale && may_retry) {
      conn.reset();
      continue;
    }
    if (!failure && upstream_clean_) pool_.give(std::move(conn));
    const bool keep_alive = c_.keep_alive && body_read_ && client_ok_;
    co_return Forwarded{failure ? std::optional<Error>(failure->error) : std::nullopt, keep_alive,
                        !body_read_};
  }
}

template <class S>
asio::awaitable<std::optional<Failure>> Relay::attempt(S& up, bool may_retry) {
  if (auto f = co_await send_request(up)) {
    f->stale = f->stale && may_retry;
    co_return f;
  }
  if (auto f = co_await read_answer_head(up)) co_return f;
  auto head = answer_head();
  const bool head_request = c_.request.method == Method::head;
  const bool body_follows = !head_request && !answer_->is_done();
  const auto length = answer_->content_length();
  if (body_follows && length && *length <= kSmallBody)
    co_return co_await relay_small(up, std::move(head));
  co_await relay_streamed(up, std::move(head), body_follows);
  co_return std::nullopt;
}

template <class S>
asio::awaitable<std::optional<Failure>> Relay::send_request(S& up) {
  conn_->tcp().expires_at(deadline_);
  request_.body().data = nullptr;
  request_.body().size = 0;
  request_.body().more = has_body_;
  bhttp::request_serializer<bhttp::buffer_body> sr{request_};
  boost::system::error_code ec;
  if (has_body_)
    std::tie(ec, std::ignore) = co_await bhttp::async_write_header(up, sr, kAwait);
  else
    std::tie(ec, std::ignore) = co_await bhttp::async_write(up, sr, kAwait);
  if (ec == beast::error::timeout)
    co_return Failure{
        upstream::timed_out("The upstream " + t_.host + " did not take the request in time."),
        false};
  if (ec)
    co_return Failure{
        upstream::failed("The request could not be sent to the upstream " + t_.host + "."), true};
  if (has_body_) co_return co_await send_body(up, sr);
  co_return std::nullopt;
}

// A client that sent Expect: 100-continue waits for this before sending its body.
asio::awaitable<bool> Relay::continue_client() {
  if (!beast::iequals(c_.head.get()[bhttp::field::expect], "100-continue")) co_return true;
  bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, 11};
  beast::get_lowest_layer(c_.stream).expires_after(std::chrono::seconds(c_.read_timeout_s));
  auto [ec, n] = co_await bhttp::async_write(c_.stream, cont, kAwait);
  co_return !ec;
}

// The client's body, passed on as it arrives: never more than one chunk in memory.
template <class S>
asio::awaitable<std::optional<Failure>> Relay::send_body(
    S& up, bhttp::request_serializer<bhttp::buffer_body>& sr) {
  if (!co_await continue_client())
    co_return Failure{make_error(Errc::malformed_request, "The connection failed."), false};
  bhttp::request_parser<bhttp::buffer_body> p(std::move(c_.head));
  p.body_limit(c_.upload_limit);
  const auto stall = std::chrono::seconds(c_.read_timeout_s);
  while (!p.is_done()) {
    p.get().body().data = buf_;
    p.get().body().size = kChunk;
    beast::get_lowest_layer(c_.stream).expires_after(stall);
    auto [rec, rn] = co_await bhttp::async_read(c_.stream, c_.buffer, p, kAwait);
    if (rec == bhttp::error::body_limit)
      co_return Failure{
          make_error(Errc::payload_too_large,
                     "The body is larger than " + std::to_string(c_.upload_limit) + " bytes."),
          false};
    if (rec && rec != bhttp::error::need_buffer)
      co_return Failure{make_error(Errc::malformed_request, "The request could not be read."),
                        false};
    const auto got = kChunk - p.get().body().size;
    if (got == 0) continue;
    request_.body().data = buf_;
    request_.body().size = got;
    request_.body().more = true;
    conn_->tcp().expires_after(stall);
    auto [wec, wn] = co_await bhttp::async_write(up, sr, kAwait);
    if (wec && wec != bhttp::error::need_buffer)
      co_return Failure{
          upstream::failed("The upstream " + t_.host + " stopped taking the request body."), false};
    outcome_.bytes_in += got;
  }
  body_read_ = true;
  request_.body().data = nullptr;
  request_.body().size = 0;
  request_.body().more = false;
  auto [ec, n] = co_await bhttp::async_write(up, sr, kAwait);
  if (ec && ec != bhttp::error::need_buffer)
    co_return Failure{
        upstream::failed("The upstream " + t_.host + " stopped taking the request body."), false};
  deadline_ = Clock::now() + t_.timeout;  // the answer's time starts once the request is sent
  co_return std::nullopt;
}

// Skips interim (1xx) answers; a switch of protocols is refused, since Upgrade is never sent.
template <class S>
asio::awaitable<std::optional<Failure>> Relay::read_answer_head(S& up) {
  conn_->tcp().expires_at(deadline_);
  for (;;) {
    answer_.emplace();
    answer_->header_limit(kAnswerHeaderLimit);
    answer_->body_limit(boost::none);
    if (c_.request.method == Method::head) answer_->skip(true);
    auto [ec, n] = co_await bhttp::async_read_header(up, conn_->buffer, *answer_, kAwait);
    if (ec == beast::error::timeout)
      co_return Failure{upstream::timed_out("The upstream " + t_.host + " did not answer within " +
                                            std::to_string(t_.timeout.count()) + " ms."),
                        false};
    if (ec && closed_early(ec) && !answer_->got_some())
      co_return Failure{
          upstream::failed("The upstream " + t_.host + " closed the connection without answering."),
          true};
    if (ec)
      co_return Failure{
          upstream::failed("The upstream " + t_.host + " did not answer in HTTP/1.1."), false};
    const int status = answer_->get().result_int();
    if (status == 101)
      co_return Failure{upstream::failed("The upstream " + t_.host + " tried to switch protocols."),
                        false};
    if (status >= 200) co_return std::nullopt;
  }
}

bhttp::response_header<> Relay::answer_head() {
  const auto& in = answer_->get();
  bhttp::response_header<> head;
  head.result(in.result_int());
  head.version(11);
  copy_fields(in, head, is_withheld_answer_field, {});
  add_default_fields(head, c_.request.request_id);
  outcome_.status = in.result_int();
  outcome_.upstream_answered = true;
  const bool body_follows = c_.request.method != Method::head && !answer_->is_done();
  if (const auto length = answer_->content_length())
    head.set(bhttp::field::content_length, std::to_string(*length));
  else if (body_follows)
    head.set(bhttp::field::transfer_encoding, "chunked");
  if (!(c_.keep_alive && body_read_)) head.set(bhttp::field::connection, "close");
  return head;
}

// Up to one buffer of the answer's body; false when the upstream failed or stalled.
template <class S>
asio::awaitable<bool> Relay::read_some_answer(S& up, std::size_t& got) {
  answer_->get().body().data = buf_;
  answer_->get().body().size = kChunk;
  conn_->tcp().expires_after(std::chrono::seconds(c_.read_timeout_s));
  auto [ec, n] = co_await bhttp::async_read(up, conn_->buffer, *answer_, kAwait);
  got = kChunk - answer_->get().body().size;
  co_return !ec || ec == bhttp::error::need_buffer;
}

template <class S>
asio::awaitable<std::optional<Failure>> Relay::relay_small(S& up, bhttp::response_header<> head) {
  std::string body;
  body.reserve(static_cast<std::size_t>(*answer_->content_length()));
  while (!answer_->is_done()) {
    std::size_t got = 0;
    if (!co_await read_some_answer(up, got))
      co_return Failure{upstream::failed("The upstream " + t_.host + " broke off its answer."),
                        false};
    body.append(buf_, got);
  }
  upstream_clean_ = body_read_ && answer_->keep_alive() && conn_->buffer.size() == 0;
  outcome_.bytes_out = body.size();
  bhttp::response<bhttp::string_body> out{std::move(head), std::move(body)};
  beast::get_lowest_layer(c_.stream).expires_after(std::chrono::seconds(c_.read_timeout_s));
  auto [ec, n] = co_await bhttp::async_write(c_.stream, out, kAwait);
  client_ok_ = !ec;
  co_return std::nullopt;
}

// Once the head is written the status is sent: a failure after it can only cut the connection,
// so that the client sees a short body rather than a complete one.
template <class S>
asio::awaitable<void> Relay::relay_streamed(S& up, bhttp::response_header<> head,
                                            bool body_follows) {
  bhttp::response<bhttp::buffer_body> out{std::move(head)};
  out.body().data = nullptr;
  out.body().more = body_follows;
  bhttp::response_serializer<bhttp::buffer_body> sr{out};
  const auto stall = std::chrono::seconds(c_.read_timeout_s);
  beast::get_lowest_layer(c_.stream).expires_after(stall);
  auto [hec, hn] = co_await bhttp::async_write_header(c_.stream, sr, kAwait);
  client_ok_ = !hec;
  while (client_ok_ && body_follows && !answer_->is_done()) {
    std::size_t got = 0;
    const bool upstream_ok = co_await read_some_answer(up, got);
    if (got > 0) {
      out.body().data = buf_;
      out.body().size = got;
      beast::get_lowest_layer(c_.stream).expires_after(stall);
      auto [ec, n] = co_await bhttp::async_write(c_.stream, sr, kAwait);
      client_ok_ = !ec || ec == bhttp::error::need_buffer;
      outcome_.bytes_out += got;
    }
    if (!upstream_ok) client_ok_ = false;
  }
  if (client_ok_ && body_follows) {
    out.body().data = nullptr;
    out.body().size = 0;
    out.body().more = false;
    auto [ec, n] = co_await bhttp::async_write(c_.stream, sr, kAwait);
    client_ok_ = !ec || ec == bhttp::error::need_buffer;
  }
  upstream_clean_ = client_ok_ && body_read_ && answer_->is_done() && answer_->keep_alive() &&
                    conn_->buffer.size() == 0;
  if (!client_ok_) cut_client();
}

void Relay::cut_client() {
  boost::system::error_code ec;
  beast::get_lowest_layer(c_.stream).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
}

}  // namespace

asio::awaitable<Forwarded> forward(ClientSide client, const ProxyTarget& target,
                                   upstream::Pool& pool, asio::ssl::context& tls,
                                   ProxyOutcome& outcome) {
  Relay relay(client, target, pool, tls, outcome);
  co_return co_await relay.run();
}

}  // namespace dx::http
