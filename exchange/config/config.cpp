#include "config/config.hpp"

#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/strict_json.hpp"

namespace dx {
namespace {

using Json = nlohmann::json;

// Walks a JSON object, taking known keys and reporting the first problem with its dotted path.
class Reader {
 public:
  Reader(const Json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {}

  template <typename Int>
  void integer(const char* key, Int& out, long long lo, long long hi) {
    const Json* v = take(key);
    if (v == nullptr) return;
    if (!v->is_number_integer()) return fail(key, "must be an integer");
    const auto n = v->get<long long>();
    if (n < lo || n > hi)
      return fail(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    out = static_cast<Int>(n);
  }

  void number(const char* key, double& out, double lo, double hi) {
    const Json* v = take(key);
    if (v == nullptr) return;
    if (!v->is_number()) return fail(key, "must be a number");
    const auto n = v->get<double>();
    if (!(n >= lo && n <= hi))
      return fail(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    out = n;
  }

  void boolean(const char* key, bool& out) {
    const Json* v = take(key);
    if (v == nullptr) return;
    if (!v->is_boolean()) return fail(key, "must be true or false");
    out = v->get<bool>();
  }

  void string(const char* key, std::string& out) {
    const Json* v = take(key);
    if (v == nullptr) return;
    if (!v->is_string()) return fail(key, "must be a string");
    out = v->get<std::string>();
  }

  void path(const char* key, std::filesystem::path& out) {
    std::string s = out.string();
    string(key, s);
    out = s;
  }

  void object(const char* key, const std::function<void(Reader&)>& fn) {
    const Json* v = take(key);
    if (v == nullptr) return;
    if (!v->is_object()) return fail(key, "must be an object");
    Reader sub(*v, dotted(key));
    fn(sub);
    sub.finish();
    if (!sub.error_.empty() && error_.empty()) error_ = sub.error_;
  }

  void finish() {
    for (auto it = obj_.begin(); it != obj_.end(); ++it)
      if (!seen_.count(it.key()) && error_.empty()) error_ = dotted(it.key()) + ": unknown key";
  }

  const std::string& error() const { return error_; }
  void fail(const std::string& key, const std::string& msg) {
    if (error_.empty()) error_ = dotted(key) + ": " + msg;
  }

 private:
  const Json* take(const char* key) {
    seen_[key] = true;
    auto it = obj_.find(key);
    return it == obj_.end() ? nullptr : &*it;
  }
  std::string dotted(const std::string& key) const {
    return prefix_.empty() ? key : prefix_ + "." + key;
  }

  const Json& obj_;
  std::string prefix_;
  std::map<std::string, bool> seen_;
  std::string error_;
};

constexpr long long kDay = 24 * 3600;
constexpr long long kYear = 366 * kDay;

void read_limits(Reader& r, Config::Limits& l) {
  r.integer("json_body_bytes", l.json_body_bytes, 1024, 64ll << 20);
  r.integer("upload_bytes", l.upload_bytes, 1024, 1ll << 40);
  r.integer("header_bytes", l.header_bytes, 1024, 1 << 20);
  r.integer("read_timeout_s", l.read_timeout_s, 1, 3600);
  r.integer("idle_timeout_s", l.idle_timeout_s, 1, 3600);
  r.integer("requests_per_second_per_ip", l.requests_per_second_per_ip, 0, 10'000'000);
  r.integer("burst_per_ip", l.burst_per_ip, 0, 10'000'000);
  r.integer("signups_per_minute_per_ip", l.signups_per_minute_per_ip, 0, 1'000'000);
  r.integer("signup_burst_per_ip", l.signup_burst_per_ip, 0, 1'000'000);
  r.integer("upload_bytes_per_day", l.upload_bytes_per_day, 1024, 1ll << 50);
  r.integer("stored_bytes_per_account", l.stored_bytes_per_account, 1024, 1ll << 50);
}

void read_metrics(Reader& r, Config::Metrics& m) {
  r.string("listen", m.listen);
  if (!m.listen.empty() && !parse_listen(m.listen)) r.fail("listen", parse_listen(m.listen).error().detail);
  r.string("token", m.token);
  if (!m.token.empty() && m.token.size() < 32) r.fail("token", "must be at least 32 characters");
}

void read_gateway(Reader& r, Config::Gateway& g) {
  r.boolean("allow_private_upstreams", g.allow_private_upstreams);
  r.boolean("verify_upstream_tls", g.verify_upstream_tls);
  r.integer("flush_interval_ms", g.flush_interval_ms, 10, 60'000);
  r.integer("decision_cache_ms", g.decision_cache_ms, 0, 1000);
  r.integer("idle_connections_per_upstream", g.idle_connections_per_upstream, 0, 10'000);
  r.string("node_token", g.node_token);
  if (!g.node_token.empty() && g.node_token.size() < 32) r.fail("node_token", "must be at least 32 characters");
  r.integer("grant_ttl_s", g.grant_ttl_s, 1, 3600);
  r.integer("grant_calls", g.grant_calls, 1, 1'000'000'000);
}

void read_compute(Reader& r, Config::Compute& c) {
  r.integer("workers", c.workers, 1, 64);
  r.integer("job_time_limit_s", c.job_time_limit_s, 1, 86'400);
  r.integer("job_memory_bytes", c.job_memory_bytes, 1ll << 20, 1ll << 40);
  r.integer("max_result_rows", c.max_result_rows, 1, 10'000'000);
  r.integer("max_result_bytes", c.max_result_bytes, 1024, 1ll << 34);
  r.number("default_job_epsilon", c.default_job_epsilon, 1e-6, 1e6);
}

void read_root(Reader& r, Config& c) {
  std::string listen = c.listen.host + ":" + std::to_string(c.listen.port);
  r.string("listen", listen);
  if (auto a = parse_listen(listen)) c.listen = *a;
  else r.fail("listen", a.error().detail);
  r.path("data_dir", c.data_dir);
  r.integer("threads", c.threads, 0, 256);
  r.object("tls", [&](Reader& s) {
    s.path("cert_file", c.tls.cert_file);
    s.path("key_file", c.tls.key_file);
    s.string("ciphers", c.tls.ciphers);
    s.string("ciphersuites", c.tls.ciphersuites);
  });
  if (c.tls.cert_file.empty() != c.tls.key_file.empty())
    r.fail("tls", "cert_file and key_file go together");
  r.object("limits", [&](Reader& s) { read_limits(s, c.limits); });
  r.object("sessions", [&](Reader& s) { s.integer("lifetime_s", c.sessions.lifetime_s, 1, kYear); });
  r.object("auth", [&](Reader& s) {
    s.integer("max_failed_logins", c.auth.max_failed_logins, 1, 1000);
    s.integer("failed_login_window_s", c.auth.failed_login_window_s, 1, kDay);
    s.integer("scrypt_log2_n", c.auth.scrypt_log2_n, 10, 20);
    s.integer("max_queued_hashes", c.auth.max_queued_hashes, 1, 100'000);
  });
  r.object("settlement", [&](Reader& s) {
    s.integer("delivery_window_s", c.settlement.delivery_window_s, 1, kYear);
    s.integer("acceptance_window_s", c.settlement.acceptance_window_s, 1, kYear);
    s.integer("fee_bps", c.settlement.fee_bps, 0, 10000);
    s.integer("timer_check_s", c.settlement.timer_check_s, 1, 3600);
  });
  r.object("complaints", [&](Reader& s) {
    s.integer("acknowledge_s", c.complaints.acknowledge_s, 1, kYear);
    s.integer("decide_s", c.complaints.decide_s, 1, kYear);
    s.integer("priority_acknowledge_s", c.complaints.priority_acknowledge_s, 1, kYear);
    s.integer("max_per_day", c.complaints.max_per_day, 1, 1'000'000);
    s.integer("dismissals_to_lose_hold", c.complaints.dismissals_to_lose_hold, 0, 1'000'000);
  });
  r.object("compliance", [&](Reader& s) {
    s.integer("min_k_anonymity", c.compliance.min_k_anonymity, 2, 1'000'000);
    s.path("rules_dir", c.compliance.rules_dir);
  });
  r.object("kyc", [&](Reader& s) {
    s.path("blocklist_file", c.kyc.blocklist_file);
    s.integer("min_age", c.kyc.min_age, 0, 150);
  });
  r.object("web", [&](Reader& s) { s.path("root", c.web.root); });
  r.object("records", [&](Reader& s) { s.integer("head_interval_s", c.records.head_interval_s, 1, 3600); });
  r.object("store", [&](Reader& s) {
    s.integer("checkpoint_pages", c.store.checkpoint_pages, 16, 1'000'000);
    s.integer("wal_restart_pages", c.store.wal_restart_pages, 16, 16'000'000);
    s.integer("account_index_lag", c.store.account_index_lag, 1, 1'000'000);
  });
  r.object("metrics", [&](Reader& s) { read_metrics(s, c.metrics); });
  r.object("log", [&](Reader& s) { s.boolean("requests", c.log.requests); });
  r.object("gateway", [&](Reader& s) { read_gateway(s, c.gateway); });
  r.object("compute", [&](Reader& s) { read_compute(s, c.compute); });
}

}  // namespace

Result<ListenAddress> parse_listen(std::string_view host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return make_error(Errc::validation_failed, "listen must be HOST:PORT, e.g. 127.0.0.1:8443");
  ListenAddress a;
  a.host = std::string(host_port.substr(0, colon));
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']')
    a.host = a.host.substr(1, a.host.size() - 2);
  const std::string port(host_port.substr(colon + 1));
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    return make_error(Errc::validation_failed, "listen port must be a number from 0 to 65535");
  a.port = static_cast<std::uint16_t>(std::stoi(port));
  return a;
}

Result<Config> parse_config(std::string_view json_text) {
  auto parsed = parse_strict_json(json_text);
  if (parsed.fault == JsonFault::duplicate_key)
    return make_error(Errc::validation_failed, "the key \"" + parsed.duplicate + "\" appears twice in one object");
  if (parsed.fault == JsonFault::syntax) return make_error(Errc::validation_failed, "the file is not valid JSON");
  const Json& doc = parsed.value;
  if (!doc.is_object()) return make_error(Errc::validation_failed, "the file must hold one JSON object");
  Config c;
  Reader r(doc, "");
  read_root(r, c);
  r.finish();
  if (!r.error().empty()) return make_error(Errc::validation_failed, r.error());
  return c;
}

Result<Config> load_config(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::not_found, "cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  auto c = parse_config(ss.str());
  if (!c) {
    c.error().detail = path.string() + ": " + c.error().detail;
    return c;
  }
  if (c->compliance.rules_dir.is_relative())
    c->compliance.rules_dir = path.parent_path() / c->compliance.rules_dir;
  if (!c->kyc.blocklist_file.empty() && c->kyc.blocklist_file.is_relative())
    c->kyc.blocklist_file = path.parent_path() / c->kyc.blocklist_file;
  if (!c->web.root.empty() && c->web.root.is_relative())
    c->web.root = (path.parent_path() / c->web.root).lexically_normal();
  return c;
}

}  // namespace dx
