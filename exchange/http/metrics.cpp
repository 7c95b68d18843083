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

std::size_t status_slot(int status) {
  for (std::size_t i = 0; i + 1 < Metrics::kStatuses.size(); ++i)
    if (Metrics::kStatuses[i] == status) return i;
  return Metrics::kStatuses.size() - 1;  // any other status
}

}  // namespace

std::size_t Metrics::add_route(std::string route, std::string method) {
  std::lock_guard lock(mu_);
  // A second listener serving the same route counts into the same series.
  for (std::size_t i = 0; i < routes_.size(); ++i)
    if (routes_[i]->route == route && routes_[i]->method == method) return i;
  auto stats = std::make_unique<RouteStats>();
  stats->route = std::move(route);
  stats->method = std::move(method);
  routes_.push_back(std::move(stats));
  return routes_.size() - 1;
}

void Metrics::observe(std::size_t route_id, int status, double seconds) {
  auto& r = *routes_.at(route_id);
  r.by_status[status_slot(status)].fetch_add(1, std::memory_order_relaxed);
  r.sum_us.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  // The count before the buckets, and render() reads them the other way round: a scrape that sees
  // an observation in a bucket sees it in the count, so no bucket ever exceeds le="+Inf".
  r.count.fetch_add(1, std::memory_order_release);
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) r.buckets[i].fetch_add(1, std::memory_order_release);
}

void Metrics::add_gauge(std::string name, std::string help, std::string type, std::function<double()> fn) {
  std::lock_guard lock(mu_);
  gauges_.push_back({std::move(name), std::move(help), std::move(type), std::move(fn)});
}

std::string Metrics::render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP dx_http_requests_total HTTP requests answered, by route, method and status.\n"
      << "# TYPE dx_http_requests_total counter\n";
  for (const auto& r : routes_)
    for (std::size_t i = 0; i < kStatuses.size(); ++i)
      if (const auto n = r->by_status[i].load(); n > 0)
        out << "dx_http_requests_total{route=\"" << label(r->route) << "\",method=\"" << r->method
            << "\",status=\"" << (kStatuses[i] ? std::to_string(kStatuses[i]) : "other") << "\"} " << n << "\n";
  out << "# HELP dx_http_request_duration_seconds Time from request head to response sent.\n"
      << "# TYPE dx_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    for (std::size_t i = 0; i < kBuckets.size(); ++i) buckets[i] = r->buckets[i].load(std::memory_order_acquire);
    const auto count = r->count.load(std::memory_order_acquire);
    if (count == 0) continue;
    const std::string l = "route=\"" + label(r->route) + "\",method=\"" + r->method + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "dx_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[i] << "\"} " << buckets[i]
          << "\n";
    out << "dx_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << count << "\n"
        << "dx_http_request_duration_seconds_sum{" << l << "} " << static_cast<double>(r->sum_us.load()) / 1e6 << "\n"
        << "dx_http_request_duration_seconds_count{" << l << "} " << count << "\n";
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
