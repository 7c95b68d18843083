#include "gateway/grants.hpp"

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "gateway/service.hpp"

namespace dx::gateway {

namespace {

using nlohmann::json;

json routes_json(const Licence& l) {
  json out = json::array();
  for (const auto& r : l.upstream.routes) out.push_back({{"method", r.method}, {"path_prefix", r.path_prefix}});
  return out;
}

json upstream_json(const Upstream& u) {
  return {{"scheme", u.url.scheme},           {"host", u.url.host},       {"port", u.url.port},
          {"base_path", u.url.base_path},     {"auth_header", u.auth_header}, {"timeout_s", u.timeout_s}};
}

const auto opt = [](const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); };

}  // namespace

std::string credentials_key(const std::string& node_token) {
  return crypto::hmac_sha256(node_token, "dx.gateway.credentials.v1");
}

Result<IssuedGrant> issue_grant(Service& gw, const std::string& trade_id, const std::string& buyer,
                                const std::string& token_sha256) {
  auto& s = gw.services();
  auto l = gw.licence(trade_id);
  if (!l) return l.error();
  const Licence& lic = **l;
  const auto now = s.clock();
  if (auto st = permits(lic, buyer, now); !st) return st.error();
  if (lic.upstream.url.host.empty())
    return make_error(Errc::upstream_failed, "The product's upstream is not usable under this exchange's policy.");
  auto until = now + std::chrono::seconds(s.config.gateway.grant_ttl_s);
  if (lic.term_end && *lic.term_end < until) until = *lic.term_end;
  const std::string grant_id = new_id("gwg");
  auto calls = gw.meter().lease(trade_id, {lic.call_quota, lic.rate_limit_per_s}, grant_id, s.config.gateway.grant_calls,
                                until);
  if (!calls) return calls.error();
  const json payload = {{"grant_id", grant_id},
                        {"trade_id", trade_id},
                        {"buyer_id", buyer},
                        {"token_sha256", token_sha256},
                        {"issued_at", to_rfc3339(now)},
                        {"expires_at", to_rfc3339(until)},
                        {"calls", opt(*calls)},
                        {"rate_limit_per_s", opt(lic.rate_limit_per_s)},
                        {"routes", routes_json(lic)},
                        {"upstream", upstream_json(lic.upstream)}};
  IssuedGrant g;
  g.payload = payload.dump();
  g.signature = crypto::base64(s.signing_key.sign(g.payload));
  g.key_id = s.signing_key.key_id();
  g.credentials_sealed =
      crypto::base64(crypto::seal(credentials_key(s.config.gateway.node_token), lic.upstream.credentials, grant_id));
  return g;
}

std::vector<std::pair<std::string, Error>> ended_licences(Service& gw, const std::vector<std::string>& trade_ids) {
  std::vector<std::pair<std::string, Error>> out;
  const auto now = gw.services().clock();
  for (const auto& id : trade_ids) {
    auto l = gw.licence(id);
    if (!l) {
      out.emplace_back(id, l.error());
      continue;
    }
    if (auto st = permits(**l, (*l)->buyer_id, now); !st) out.emplace_back(id, st.error());
  }
  return out;
}

Status accept_report(Service& gw, const UsageReport& report) {
  repository::Batch batch{.id = report.batch_id, .node = report.node};
  std::map<DayKey, DayCount> days;  // several grants of one licence on one day make one item
  for (const auto& i : report.items) {
    auto l = gw.licence(i.trade_id);
    if (!l || (*l)->delivery_mode != "gateway")
      return make_error(Errc::not_found, "No gateway licence " + i.trade_id + " was granted.");
    gw.meter().touch(i.trade_id);
    batch.calls += i.calls;
    batch.bytes_out += i.bytes_out;
    auto& d = days[{i.trade_id, i.date}];
    d.calls += i.calls;
    d.bytes_out += i.bytes_out;
  }
  for (const auto& [key, d] : days) batch.items.push_back({key.first, key.second, d.calls, d.bytes_out});
  switch (gw.write_batch(batch, report.log)) {
    case Service::Written::failed: return make_error(Errc::unavailable, "The usage could not be stored; send it again.");
    case Service::Written::already: return ok_status();
    case Service::Written::yes: break;
  }
  for (const auto& i : report.items) gw.meter().reported(i.trade_id, i.grant_id, i.calls);
  return ok_status();
}

}  // namespace dx::gateway
