#include "http/server_config.hpp"

#include <algorithm>
#include <thread>

#include "config/config.hpp"

namespace dx::http {

ServerOptions server_options(const Config& c, const std::filesystem::path& cert, const std::filesystem::path& key) {
  ServerOptions o;
  o.host = c.listen.host;
  o.port = c.listen.port;
  o.threads = c.threads > 0 ? c.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  o.cert_file = cert;
  o.key_file = key;
  o.json_body_limit = c.limits.json_body_bytes;
  o.upload_limit = c.limits.upload_bytes;
  o.header_limit = c.limits.header_bytes;
  o.read_timeout_s = c.limits.read_timeout_s;
  o.idle_timeout_s = c.limits.idle_timeout_s;
  o.rate_per_ip = c.limits.requests_per_second_per_ip;
  o.burst_per_ip = c.limits.burst_per_ip;
  o.ciphers = c.tls.ciphers;
  o.ciphersuites = c.tls.ciphersuites;
  o.idle_upstream_connections = static_cast<std::size_t>(c.gateway.idle_connections_per_upstream);
  return o;
}

}  // namespace dx::http
