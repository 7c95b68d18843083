// The HTTPS server: TLS sessions that read requests, hand them to the dispatcher and write the
// answers. Sessions only move bytes; deciding what a request means is the dispatcher's job.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "http/message.hpp"
#include "http/router.hpp"

namespace dx {
class Log;
}

namespace dx::http {

class Metrics;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8443;  // 0: any free port, see Server::port()
  int threads = 1;
  std::filesystem::path cert_file;
  std::filesystem::path key_file;
  std::uint64_t json_body_limit = 1 << 20;
  std::uint64_t upload_limit = 1ull << 30;
  std::uint32_t header_limit = 16 * 1024;
  int read_timeout_s = 30;
  int idle_timeout_s = 60;
  // Idle keep-alive connections kept per upstream of a forwarded route and I/O thread.
  std::size_t idle_upstream_connections = 64;
  int rate_per_ip = 0;  // requests per second per remote address; 0: unlimited
  int burst_per_ip = 0;
  std::string ciphers;       // TLS 1.2 cipher list (OpenSSL syntax); empty: OpenSSL's default
  std::string ciphersuites;  // TLS 1.3 suites; empty: OpenSSL's default
  // The log event naming the bound port once the server runs ("listening" for the public one).
  std::string listening_event = "listening";
};

// Authenticates the caller and checks the route's access rule; a refusal is answered as a problem
// and the handler never runs. Called on an I/O thread, before a streamed body is read.
using Admit = std::function<Status(Request&, const Route&)>;
// Runs the admitted route's handler. Called on an I/O thread; the Reply may be called from any
// thread.
using Dispatch = std::function<void(Request&, const Route&, Reply)>;

class Server {
 public:
  // Binds the listening socket (throws std::runtime_error with the reason when it cannot).
  Server(ServerOptions options, const Router& router, Admit admit, Dispatch dispatch,
         Metrics& metrics, Log& log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const;
  // Serves until shutdown() or SIGTERM/SIGINT, then returns once in-flight requests are answered.
  void run();
  // Thread-safe: stop accepting, let requests in flight finish, close idle connections.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dx::http
