#include "http/metrics.hpp"

#include <sstream>

namespace dx::http {

namespace {
std::string label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::observe(const std::string& route, const char* method, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, method, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::add_gauge(std::string name, std::string help, std::string type,
                        std::function<double()> fn) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(type), std::move(fn)});
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP dx_http_requests_total HTTP requests answered, by route, method and status.\n"
      << "# TYPE dx_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "dx_http_requests_total{route=\"" << label(std::get<0>(key)) << "\",method=\""
        << std::get<1>(key) << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  out << "# HELP dx_http_request_duration_seconds Time from request head to response sent.\n"
      << "# TYPE dx_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = label(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "dx_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << kBuckets[i]
          << "\"} " << h.buckets[i] << "\n";
    out << "dx_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count
        << "\n"
        << "dx_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n"
        << "dx_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
  }
  out << "# HELP dx_http_open_connections Connections currently open.\n"
      << "# TYPE dx_http_open_connections gauge\n"
      << "dx_http_open_connections " << open_connections_.load() << "\n";
  for (const auto& g : gauges_)
    out << "# HELP " << g.name << " " << g.help << "\n# TYPE " << g.name << " " << g.type << "\n"
        << g.name << " " << g.fn() << "\n";
  return out.str();
}

}  // namespace dx::http
