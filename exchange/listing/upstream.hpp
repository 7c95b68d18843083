// The seller's upstream of a gateway product, as the exchange checks it (API.md "The data
// plane"): at registration (create, edit, submit) its URL must parse under the configured policy
// and its host resolve to addresses the exchange may connect to (no server-side request forgery);
// at review a staff member may call it once to see that it answers. Both block on the network:
// worker threads only, never an I/O thread or the sequencer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace dx::store {
class Tx;
}

namespace dx::listing {

// ok for a product without a gateway; otherwise validation_failed naming gateway.upstream_url
// when the URL is refused, does not resolve or resolves to a refused address.
Status check_upstream(const Config& config, const compliance::Product& doc);

// One live call of the upstream: GET of the URL and the first route's prefix, with the seller's
// credentials. A failure is an outcome (reachable false, `error` in plain words), not an error.
struct UpstreamCheck {
  std::string checked_at;
  std::string upstream_url;
  bool reachable = false;
  std::optional<int> status{};
  std::optional<std::int64_t> latency_ms{};
  std::optional<std::string> address{};  // the address connected to
  std::optional<std::string> error{};    // never holds the credentials
};
UpstreamCheck live_check(const Config& config, const compliance::Gateway& gateway, TimePoint now);

// {checked_at, upstream_url, reachable, status, latency_ms, address, error}: the answer and the
// record alike.
nlohmann::json upstream_check_json(const UpstreamCheck& check);

// Records the check (product.upstream_checked, O3) in the sequencer's transaction.
void record_upstream_check(store::Tx& tx, const std::string& actor, const std::string& product_id,
                           const UpstreamCheck& check);

}  // namespace dx::listing
