// The over-HTTPS half of the compute benchmark (compute_bench.sh): a small job's overhead as a
// buyer sees it, from POST /api/v1/trades/{id}/jobs until GET /api/v1/jobs/{id} reads a final
// status, the exchange's runner, sequencer and sealed result in between. Each request is a new
// TLS connection (the exchange's blocking client), polled every 2 ms.
//   compute_http_bench PORT TOKEN TRADE SQL RUNS   -> one JSON line: {"runs":…,"p50_ms":…,…}
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/client.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct Bench {
  std::uint16_t port = 0;
  std::string token;

  dx::Result<json> call(const std::string& method, const std::string& target,
                        std::string body = {}) const {
    dx::http::ClientRequest r;
    r.method = method;
    r.host = "127.0.0.1";
    r.port = port;
    r.target = target;
    r.verify_tls = false;  // the exchange's self-signed certificate, on loopback
    r.check_address = [](const std::string&) { return dx::ok_status(); };
    r.headers = {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
    r.body = std::move(body);
    auto answer = dx::http::fetch(r);
    if (!answer) return answer.error();
    auto parsed = json::parse(answer->body, nullptr, false);
    if (parsed.is_discarded() || answer->status >= 300)
      return dx::make_error(dx::Errc::internal,
                            std::to_string(answer->status) + " " + answer->body);
    return parsed;
  }
};

bool final_status(const std::string& s) {
  return s == "succeeded" || s == "refused" || s == "failed";
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: compute_http_bench PORT TOKEN TRADE SQL RUNS\n");
    return 2;
  }
  const Bench b{static_cast<std::uint16_t>(std::atoi(argv[1])), argv[2]};
  const std::string trade = argv[3];
  const json body = {{"query", argv[4]}};
  const int runs = std::atoi(argv[5]);
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    auto job = b.call("POST", "/api/v1/trades/" + trade + "/jobs", body.dump());
    if (!job) return std::fprintf(stderr, "submit: %s\n", job.error().detail.c_str()), 1;
    const std::string id = job->value("id", "");
    std::string status = job->value("status", "");
    while (!final_status(status)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      auto read = b.call("GET", "/api/v1/jobs/" + id);
      if (!read) return std::fprintf(stderr, "read: %s\n", read.error().detail.c_str()), 1;
      status = read->value("status", "");
    }
    if (status != "succeeded")
      return std::fprintf(stderr, "job %s ended %s\n", id.c_str(), status.c_str()), 1;
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::printf("{\"runs\":%d,\"p50_ms\":%.1f,\"p90_ms\":%.1f,\"max_ms\":%.1f}\n", runs,
              percentile(ms, 0.5), percentile(ms, 0.9), *std::max_element(ms.begin(), ms.end()));
  return 0;
}
