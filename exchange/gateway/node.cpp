#include "gateway/node.hpp"

#include <atomic>
#include <condition_variable>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "egress/address_policy.hpp"
#include "egress/upstream_url.hpp"
#include "gateway/grants.hpp"
#include "gateway/licence.hpp"
#include "gateway/meter.hpp"
#include "gateway/routes.hpp"
#include "gateway/service.hpp"
#include "http/client.hpp"
#include "http/log.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/server_config.hpp"
#include "core/periodic.hpp"

namespace dx::gateway {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The exchange as the node reaches it: JSON over HTTPS with the node token.
class Core {
 public:
  Core(const egress::UpstreamUrl& url, std::string token, fs::path ca)
      : url_(url), token_(std::move(token)), ca_(std::move(ca)) {}

  Result<json> call(const std::string& method, const std::string& path, const json& body = nullptr) const {
    http::ClientRequest r;
    r.method = method;
    r.scheme = url_.scheme;
    r.host = url_.host;
    r.port = url_.port;
    r.target = url_.base_path + path;
    r.headers = {{"Accept", "application/json"}};
    // Only the node routes take the node token; a public route would read it as a sign-in.
    if (path.starts_with("/api/v1/gateway/")) r.headers.emplace_back("Authorization", "Bearer " + token_);
    if (!body.is_null()) {
      r.headers.emplace_back("Content-Type", "application/json");
      r.body = body.dump();
    }
    r.ca_file = ca_.string();
    // The exchange is where the operator points the node, loopback or private as it may be: the
    // address policy guards sellers' upstreams, not this.
    r.check_address = [](const std::string&) { return ok_status(); };
    auto res = http::fetch(r);
    if (!res) return res.error();
    auto doc = json::parse(res->body, nullptr, false);
    if (res->status >= 400) return relayed(res->status, doc);
    if (doc.is_discarded()) return make_error(Errc::upstream_failed, "The exchange's answer is not JSON.");
    return doc;
  }

 private:
  // The exchange's refusal, as the node answers it to the buyer.
  static Error relayed(int status, const json& problem) {
    const auto code = problem.is_object() ? errc_named(problem.value("code", "")) : std::nullopt;
    if (!code) return make_error(Errc::upstream_failed, "The exchange answered " + std::to_string(status) + ".");
    Error e = make_error(*code, problem.value("detail", ""));
    e.rule = problem.value("rule", "");
    e.basis = problem.value("basis", "");
    return e;
  }

  egress::UpstreamUrl url_;
  std::string token_;
  fs::path ca_;
};

// A grant in use: what the exchange signed, and what this node has used of it.
struct Grant {
  std::string id, trade_id;
  TimePoint expires{};
  std::optional<std::int64_t> calls, rate;
  Licence licence;  // routes and upstream
  std::mutex mu;
  std::int64_t used = 0;
  double tokens = 0;
  TimePoint refilled{};
};

std::optional<std::int64_t> opt_int(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? std::optional(it->get<std::int64_t>()) : std::nullopt;
}

Upstream upstream_from(const json& u, std::string credentials) {
  Upstream out;
  out.url = {u.value("scheme", ""), u.value("host", ""), u.value("port", std::uint16_t{0}), u.value("base_path", "")};
  out.auth_header = u.value("auth_header", "");
  out.credentials = std::move(credentials);
  out.timeout_s = u.value("timeout_s", 30);
  return out;
}

class Node {
 public:
  Node(const Config& config, const NodeOptions& o, const egress::UpstreamUrl& core_url)
      : config_(config),
        node_id_(o.node_id.empty() ? new_id("gwn") : o.node_id),
        core_(core_url, config.gateway.node_token, o.core_ca),
        credentials_key_(credentials_key(config.gateway.node_token)) {}

  Status load_keys() {
    auto keys = core_.call("GET", "/api/v1/exchange/keys");
    if (!keys) return keys.error();
    std::lock_guard lock(mu_);
    for (const auto& k : keys->value("keys", json::array())) keys_[k.value("key_id", "")] = k.value("public_key_pem", "");
    return ok_status();
  }

  Result<http::ProxyTarget> forward(http::Request& req) {
    const auto* auth = req.header("authorization");
    if (auth == nullptr)
      return make_error(Errc::unauthenticated, "Call the gateway with Authorization: Bearer <token or API key>.");
    auto call = std::make_shared<Call>(call_of(req));
    auto grant = grant_for(*auth, call->trade_id);
    if (!grant) return grant.error();
    auto path = canonical_path(call->raw_rest);
    if (!path) return path.error();
    if (auto r = licensed_route((*grant)->licence, call->method, path->decoded); !r) return r.error();
    if (auto st = take(**grant); !st) return st.error();
    return target_of(*grant, call, path->encoded);
  }

  // Drops the grants of licences the exchange has ended; once a second.
  void poll_revocations() {
    std::vector<std::string> trades;
    {
      std::lock_guard lock(mu_);
      // Expired grants go here too: a call for them asks the exchange again anyway.
      const auto now = std::chrono::system_clock::now();
      std::erase_if(grants_, [now](const auto& kv) { return kv.second->expires <= now; });
      for (const auto& [key, g] : grants_) trades.push_back(g->trade_id);
    }
    if (trades.empty()) return;
    auto ended = core_.call("POST", "/api/v1/gateway/revocations", {{"trade_ids", trades}});
    if (!ended) return;
    std::lock_guard lock(mu_);
    for (const auto& e : ended->value("ended", json::array())) {
      const std::string trade = e.value("trade_id", "");
      std::erase_if(grants_, [&](const auto& kv) { return kv.second->trade_id == trade; });
    }
  }

  // Sends the calls counted since the last report (and any report not yet taken).
  void report() {
    {
      std::lock_guard lock(usage_mu_);
      if (!counts_.empty()) {
        json items = json::array();
        for (const auto& [key, c] : counts_)
          items.push_back({{"grant_id", std::get<0>(key)}, {"trade_id", std::get<1>(key)}, {"date", std::get<2>(key)},
                           {"calls", c.calls}, {"bytes_out", c.bytes_out}});
        unsent_.push_back({{"node", node_id_}, {"batch_id", new_id("gwr")}, {"items", items}, {"log", log_}});
        counts_.clear();
        log_.clear();
      }
    }
    while (true) {
      json batch;
      {
        std::lock_guard lock(usage_mu_);
        if (unsent_.empty()) return;
        batch = unsent_.front();
      }
      if (!core_.call("POST", "/api/v1/gateway/usage", batch)) return;  // kept; sent again next time
      std::lock_guard lock(usage_mu_);
      unsent_.erase(unsent_.begin());
    }
  }

  const std::string& id() const { return node_id_; }

 private:
  static Call call_of(const http::Request& req) {
    Call c{.trade_id = req.param("trade_id"), .caller = "", .method = http::method_name(req.method)};
    split_call_target(req.target, c);
    return c;
  }

  Result<std::shared_ptr<Grant>> grant_for(const std::string& authorization, const std::string& trade) {
    const std::string token_sha = crypto::hex(crypto::sha256(authorization));
    const std::string key = token_sha + "/" + trade;
    const auto now = std::chrono::system_clock::now();
    {
      std::lock_guard lock(mu_);
      if (auto it = grants_.find(key); it != grants_.end()) {
        std::lock_guard g(it->second->mu);
        if (it->second->expires > now && (!it->second->calls || it->second->used < *it->second->calls))
          return it->second;
      }
    }
    auto fresh = fetch_grant(authorization, trade, token_sha);
    if (!fresh) return fresh.error();
    std::lock_guard lock(mu_);
    grants_[key] = *fresh;
    return *fresh;
  }

  // Asks the exchange, and believes the answer only under its signature.
  Result<std::shared_ptr<Grant>> fetch_grant(const std::string& authorization, const std::string& trade,
                                            const std::string& token_sha) {
    auto issued = core_.call("POST", "/api/v1/gateway/grants", {{"trade_id", trade}, {"authorization", authorization}});
    if (!issued) return issued.error();
    const std::string payload = issued->value("payload", "");
    if (!signed_by_exchange(payload, issued->value("signature", ""), issued->value("key_id", "")))
      return make_error(Errc::upstream_failed, "The exchange's grant does not carry its signature.");
    const auto p = json::parse(payload, nullptr, false);
    if (p.is_discarded() || p.value("trade_id", "") != trade || p.value("token_sha256", "") != token_sha)
      return make_error(Errc::upstream_failed, "The exchange's grant is not for this call.");
    const auto sealed = crypto::unbase64(issued->value("credentials_sealed", ""));
    const auto credentials = sealed ? crypto::open(credentials_key_, *sealed, p.value("grant_id", "")) : std::nullopt;
    if (!credentials) return make_error(Errc::upstream_failed, "The grant's credentials do not open with this node's token.");
    auto g = std::make_shared<Grant>();
    g->id = p.value("grant_id", "");
    g->trade_id = trade;
    g->expires = parse_rfc3339(p.value("expires_at", "")).value_or(TimePoint{});
    g->calls = opt_int(p, "calls");
    g->rate = opt_int(p, "rate_limit_per_s");
    g->licence.upstream = upstream_from(p.value("upstream", json::object()), *credentials);
    for (const auto& r : p.value("routes", json::array()))
      g->licence.upstream.routes.push_back({r.value("method", ""), r.value("path_prefix", "")});
    return g;
  }

  bool signed_by_exchange(const std::string& payload, const std::string& signature, const std::string& key_id) {
    std::string pem;
    {
      std::lock_guard lock(mu_);
      if (auto it = keys_.find(key_id); it != keys_.end()) pem = it->second;
    }
    if (pem.empty() && load_keys()) {
      std::lock_guard lock(mu_);
      if (auto it = keys_.find(key_id); it != keys_.end()) pem = it->second;
    }
    const auto sig = crypto::unbase64(signature);
    return !pem.empty() && sig && crypto::verify_signature(pem, payload, *sig);
  }

  // The grant's leased calls and its rate, as the exchange's meter keeps them for its own calls.
  static Status take(Grant& g) {
    std::lock_guard lock(g.mu);
    if (g.calls && g.used >= *g.calls)
      return make_error(Errc::quota_exhausted, "This licence's calls are used up; buy more to go on.");
    if (g.rate) {
      const auto now = std::chrono::system_clock::now();
      const double cap = static_cast<double>(*g.rate);
      g.tokens = g.refilled == TimePoint{} ? cap
                                          : std::min(cap, g.tokens + cap * std::chrono::duration<double>(now - g.refilled).count());
      g.refilled = now;
      if (g.tokens < 1) {
        Error e = make_error(Errc::rate_limited, "This licence allows " + std::to_string(*g.rate) + " calls per second.");
        e.retry_after_s = 1;
        return e;
      }
      g.tokens -= 1;
    }
    ++g.used;
    return ok_status();
  }

  http::ProxyTarget target_of(const std::shared_ptr<Grant>& g, const std::shared_ptr<Call>& call, const std::string& path) {
    const auto& up = g->licence.upstream;
    std::string target = up.url.base_path + path;
    if (!call->query.empty()) target += "?" + call->query;
    const bool allow_private = config_.gateway.allow_private_upstreams;
    return {.scheme = up.url.scheme,
            .host = up.url.host,
            .port = up.url.port,
            .target = std::move(target),
            .headers = {{up.auth_header, up.credentials}},
            .timeout = std::chrono::seconds(up.timeout_s),
            .verify_tls = config_.gateway.verify_upstream_tls,
            .check_address = [allow_private](const std::string& a) { return egress::check_address(a, allow_private); },
            .done = [this, g, call](const http::ProxyOutcome& o) { finished(*g, *call, o); }};
  }

  void finished(Grant& g, const Call& call, const http::ProxyOutcome& o) {
    if (!o.upstream_answered) {
      std::lock_guard lock(g.mu);
      --g.used;
      return;
    }
    const auto now = std::chrono::system_clock::now();
    std::lock_guard lock(usage_mu_);
    auto& c = counts_[{g.id, g.trade_id, utc_day(now)}];
    c.calls += 1;
    c.bytes_out += static_cast<std::int64_t>(o.bytes_out);
    log_ += log_line(call, now, o.status, o.bytes_out, node_id_) + "\n";
  }

  const Config& config_;
  std::string node_id_;
  Core core_;
  std::string credentials_key_;
  std::mutex mu_;
  std::map<std::string, std::string> keys_;
  std::unordered_map<std::string, std::shared_ptr<Grant>> grants_;
  std::mutex usage_mu_;
  std::map<std::tuple<std::string, std::string, std::string>, DayCount> counts_;
  std::string log_;
  std::vector<json> unsent_;
};

http::ServerOptions node_server_options(const Config& c, const fs::path& data_dir) {
  const bool own = c.tls.cert_file.empty();
  const fs::path cert = own ? data_dir / "tls" / "cert.pem" : c.tls.cert_file;
  const fs::path key = own ? data_dir / "tls" / "key.pem" : c.tls.key_file;
  if (own) crypto::ensure_self_signed_certificate(cert, key, "localhost");
  auto o = http::server_options(c, cert, key);
  o.listening_event = "gateway_listening";
  return o;
}

}  // namespace

int run_node(const Config& config, const NodeOptions& options) {
  if (config.gateway.node_token.empty()) {
    std::cerr << "exchanged gateway: set gateway.node_token (the same as the exchange's)\n";
    return 2;
  }
  auto core_url = egress::parse_upstream_url(options.core_url, true, "--core");
  if (!core_url) {
    std::cerr << "exchanged gateway: --core: " << core_url.error().errors.front().message << "\n";
    return 2;
  }
  try {
    Log log(config.log.requests);
    Node node(config, options, *core_url);
    if (auto st = node.load_keys(); !st) throw std::runtime_error("cannot reach the exchange: " + st.error().detail);
    http::Router router;
    add_forward_routes(router, http::Access::anyone, [&node](http::Request& req) { return node.forward(req); });
    router.add({.method = http::Method::get, .pattern = "/healthz", .summary = "Health", .tag = "system",
                .statuses = {200}, .handler = [](http::Request&, http::Reply reply) {
                  reply(http::json_response(200, R"({"status":"ok"})"));
                }});
    http::Metrics metrics;
    http::Server server(
        node_server_options(config, options.data_dir), router,
        [](http::Request&, const http::Route&) { return ok_status(); },
        [](http::Request& req, const http::Route& route, http::Reply reply) { route.handler(req, reply); }, metrics, log);
    {
      const Periodic revocations(std::chrono::seconds(1), [&node] { node.poll_revocations(); });
      const Periodic reports(std::chrono::milliseconds(config.gateway.flush_interval_ms), [&node] { node.report(); });
      server.run();
    }
    node.report();
    log.write({{"level", "info"}, {"event", "stopped"}, {"node", node.id()}});
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "exchanged gateway: cannot start: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace dx::gateway
