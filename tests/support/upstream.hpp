// A loopback HTTP/1.1 server standing in for a seller's upstream, for tests of forwarded routes
// and for benchmarks (the test_upstream program). Plain HTTP with keep-alive; it records what it
// received so that tests can assert what was (and was not) forwarded. Behaviour by path:
//   /echo...       200 JSON {method, target, headers, body_size}; with ?mirror=1 the body itself
//   /bytes/N       N bytes of Upstream::pattern, streamed (?chunked=1: chunked, else
//   Content-Length) /slow/MS       waits MS milliseconds, then 200 {"ok":true} /status/CODE   that
//   status /redirect      302 to another host /cookie        200 with a Set-Cookie /close closes
//   the connection without answering /bye           200 {"ok":true} as if keeping the connection,
//   then closes it anything else  200 {"ok":true}
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dx::test {

struct UpstreamRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lower-case
  std::uint64_t body_size = 0;
  std::string body_sha256;       // lowercase hex
  std::uint64_t connection = 0;  // which connection (numbered from 1) carried it
};

struct UpstreamOptions {
  std::uint16_t port = 0;  // 0: any free port, see Upstream::port()
  int threads = 1;
  bool record = true;  // off for benchmarks: nothing kept per request
};

class Upstream {
 public:
  explicit Upstream(UpstreamOptions options = {});
  ~Upstream();  // stops the server and joins its threads
  Upstream(const Upstream&) = delete;
  Upstream& operator=(const Upstream&) = delete;

  std::uint16_t port() const;
  std::string base_url() const;  // "http://127.0.0.1:PORT"
  // Thread-safe snapshots.
  std::vector<UpstreamRequest> requests() const;
  std::uint64_t connections() const;  // accepted so far
  void clear();

  // The bytes /bytes/N answers: deterministic, so a test can hash what it expects.
  static std::string pattern(std::uint64_t n);
  static std::string sha256_hex(const std::string& data);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dx::test
