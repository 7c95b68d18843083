// A small synchronous HTTPS client for integration tests (one keep-alive connection per client).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

namespace dx::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-case
  std::string body;
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }
  std::string header(const std::string& lower) const {
    auto it = headers.find(lower);
    return it == headers.end() ? "" : it->second;
  }
};

class HttpsClient {
 public:
  explicit HttpsClient(std::uint16_t port, std::string host = "127.0.0.1");
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // Sends one request; reconnects when the server closed the connection. Throws on I/O failure.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "",
                       const std::map<std::string, std::string>& headers = {});

  std::string token;  // sent as Authorization: Bearer when set and no Authorization header given

  HttpResponse get(const std::string& target) { return request("GET", target); }
  HttpResponse del(const std::string& target) { return request("DELETE", target); }
  HttpResponse post(const std::string& target, const nlohmann::json& body) {
    return request("POST", target, body.dump(), {{"Content-Type", "application/json"}});
  }
  HttpResponse put(const std::string& target, const nlohmann::json& body) {
    return request("PUT", target, body.dump(), {{"Content-Type", "application/json"}});
  }

  // The negotiated TLS version name of the current connection, e.g. "TLSv1.3".
  std::string tls_version();
  // Tries a handshake limited to TLS 1.1 or older; true when the server accepted it.
  static bool accepts_legacy_tls(std::uint16_t port);
  // Tries a TLS 1.2 handshake offering only `cipher` (OpenSSL name); true when the server took it.
  static bool accepts_tls12_cipher(std::uint16_t port, const std::string& cipher);
  // Writes `bytes` as they are over a new TLS connection and returns everything the server sends
  // until it closes the connection (or 10 s pass): for requests no HTTP library would write.
  static std::string raw_exchange(std::uint16_t port, const std::string& bytes);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dx::test
