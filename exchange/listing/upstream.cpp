#include "listing/upstream.hpp"

#include <nlohmann/json.hpp>

#include "egress/address_policy.hpp"
#include "egress/upstream_url.hpp"
#include "http/client.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

constexpr const char* kUrlField = "gateway.upstream_url";

// Private upstreams also admit plain http (config.hpp, Gateway).
Result<egress::UpstreamUrl> parse_url(const Config& config, const compliance::Gateway& g) {
  return egress::parse_upstream_url(g.upstream_url, config.gateway.allow_private_upstreams,
                                    kUrlField);
}

// An error's words without the credentials, should a message ever quote what was sent.
std::string scrubbed(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
    text.replace(at, secret.size(), "[credentials]");
  return text;
}

// The first message of a refusal, for a person to read.
std::string words(const Error& e) { return e.errors.empty() ? e.detail : e.errors.front().message; }

http::ClientRequest request_for(const Config& config, const compliance::Gateway& g,
                                const egress::UpstreamUrl& url) {
  const bool allow_private = config.gateway.allow_private_upstreams;
  http::ClientRequest r;
  r.scheme = url.scheme;
  r.host = url.host;
  r.port = url.port;
  r.target = url.base_path + g.routes.front().path_prefix;
  r.headers = {{g.auth_header, g.credentials}};
  r.timeout = std::chrono::seconds(g.timeout_s);
  r.verify_tls = config.gateway.verify_upstream_tls;
  r.check_address = [allow_private](const std::string& address) {
    return egress::check_address(address, allow_private);
  };
  return r;
}

}  // namespace

Status check_upstream(const Config& config, const compliance::Product& doc) {
  if (!doc.gateway) return ok_status();
  auto url = parse_url(config, *doc.gateway);
  if (!url) return url.error();
  auto addresses =
      egress::resolve_checked(url->host, url->port, config.gateway.allow_private_upstreams);
  if (!addresses) return field_error(kUrlField, words(addresses.error()));
  return ok_status();
}

UpstreamCheck live_check(const Config& config, const compliance::Gateway& g, TimePoint now) {
  UpstreamCheck out{.checked_at = to_rfc3339(now), .upstream_url = g.upstream_url};
  auto url = parse_url(config, g);
  if (!url) {
    out.error = "The upstream URL is refused: " + words(url.error());
    return out;
  }
  auto answer = http::fetch(request_for(config, g, *url));
  if (!answer) {
    out.error = scrubbed(words(answer.error()), g.credentials);
    return out;
  }
  out.reachable = true;
  out.status = answer->status;
  out.latency_ms = answer->elapsed.count();
  out.address = answer->address;
  return out;
}

nlohmann::json upstream_check_json(const UpstreamCheck& c) {
  using nlohmann::json;
  return {{"checked_at", c.checked_at},
          {"upstream_url", c.upstream_url},
          {"reachable", c.reachable},
          {"status", c.status ? json(*c.status) : json(nullptr)},
          {"latency_ms", c.latency_ms ? json(*c.latency_ms) : json(nullptr)},
          {"address", c.address ? json(*c.address) : json(nullptr)},
          {"error", c.error ? json(*c.error) : json(nullptr)}};
}

void record_upstream_check(store::Tx& tx, const std::string& actor, const std::string& product_id,
                           const UpstreamCheck& check) {
  tx.record(actor, "product.upstream_checked", product_id, upstream_check_json(check));
}

}  // namespace dx::listing
