#include "support/https_client.hpp"

#include <openssl/ssl.h>

#include <chrono>
#include <functional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace dx::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

struct HttpsClient::Impl {
  asio::io_context ioc;
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;
  std::string host;
  std::uint16_t port;

  void connect() {
    ctx.set_verify_mode(asio::ssl::verify_none);  // the test server's certificate is self-signed
    stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(ioc, ctx);
    buffer.clear();
    tcp::resolver resolver(ioc);
    beast::get_lowest_layer(*stream).connect(resolver.resolve(host, std::to_string(port)));
    stream->handshake(asio::ssl::stream_base::client);
  }
};

HttpsClient::HttpsClient(std::uint16_t port, std::string host) : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->port = port;
}

HttpsClient::~HttpsClient() = default;

HttpResponse HttpsClient::request(const std::string& method, const std::string& target,
                                  const std::string& body,
                                  const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, impl_->host);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!token.empty() && headers.find("Authorization") == headers.end())
    req.set(http::field::authorization, "Bearer " + token);
  req.body() = body;
  req.prepare_payload();
  for (int attempt = 0;; ++attempt) {
    try {
      if (!impl_->stream) impl_->connect();
      http::write(*impl_->stream, req);
      http::response_parser<http::string_body> parser;
      parser.body_limit(1ull << 32);
      if (method == "HEAD") parser.skip(true);
      http::read(*impl_->stream, impl_->buffer, parser);
      auto res = parser.release();
      HttpResponse out;
      out.status = static_cast<int>(res.result_int());
      for (const auto& f : res) {
        std::string name(f.name_string());
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.headers[name] = std::string(f.value());
      }
      out.body = std::move(res.body());
      if (!res.keep_alive()) impl_->stream.reset();
      return out;
    } catch (const boost::system::system_error&) {
      impl_->stream.reset();
      if (attempt > 0) throw;
    }
  }
}

std::string HttpsClient::tls_version() {
  if (!impl_->stream) impl_->connect();
  return SSL_get_version(impl_->stream->native_handle());
}

namespace {

// A handshake with a client context `setup` has narrowed; true when it succeeded.
bool handshake_with(std::uint16_t port, const std::function<void(SSL_CTX*)>& setup) {
  asio::io_context ioc;
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  setup(ctx.native_handle());
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  tcp::resolver resolver(ioc);
  beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  boost::system::error_code ec;
  stream.handshake(asio::ssl::stream_base::client, ec);
  return !ec;
}

}  // namespace

bool HttpsClient::accepts_legacy_tls(std::uint16_t port) {
  return handshake_with(port, [](SSL_CTX* ctx) {
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_1_VERSION);
  });
}

bool HttpsClient::accepts_tls12_cipher(std::uint16_t port, const std::string& cipher) {
  return handshake_with(port, [&cipher](SSL_CTX* ctx) {
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_cipher_list(ctx, cipher.c_str());
  });
}

std::string HttpsClient::raw_exchange(std::uint16_t port, const std::string& bytes) {
  asio::io_context ioc;
  asio::ssl::context ctx{asio::ssl::context::tls_client};
  ctx.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  tcp::resolver resolver(ioc);
  beast::get_lowest_layer(stream).connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  stream.handshake(asio::ssl::stream_base::client);
  boost::system::error_code written;
  asio::write(stream, asio::buffer(bytes), written);  // the server may answer and close early
  std::string out;
  char chunk[4096];
  for (;;) {
    boost::system::error_code ec;
    const auto n = stream.read_some(asio::buffer(chunk), ec);
    out.append(chunk, n);
    if (ec) break;
  }
  return out;
}

}  // namespace dx::test
