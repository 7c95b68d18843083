// The exchange's side of gateway nodes (`exchanged gateway`, gateway/node.hpp): separate
// processes that forward calls without reading the exchange's database. A node asks for a grant
// per buyer credential and licence: a short-lived document signed with the exchange's Ed25519 key
// (the one GET /exchange/keys publishes) that names the licence's routes, upstream, rate and the
// calls of the quota leased to it, with the seller's credentials sealed under a key only nodes
// holding `gateway.node_token` can derive. Every second a node asks which of its licences have
// ended (suspension, refund, term, …) and drops them; it reports usage in batches, each written
// once (a batch id repeated is acknowledged and not counted again).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace dx::gateway {

class Service;

struct IssuedGrant {
  std::string payload;    // JSON text, signed as it is
  std::string signature;  // base64 Ed25519 over payload
  std::string key_id;
  std::string credentials_sealed;  // base64
};

// A grant for `buyer` (authenticated from the credential whose SHA-256 is `token_sha256`) to call
// through `trade_id`: the refusals of a call at the exchange's own gateway, and quota_exhausted
// when no call of the quota is left to lease.
Result<IssuedGrant> issue_grant(Service& gw, const std::string& trade_id, const std::string& buyer,
                                const std::string& token_sha256);

// The key a node opens grant credentials with: derived from the node token.
std::string credentials_key(const std::string& node_token);

// Of these licences, those no longer to be served, each with its refusal.
std::vector<std::pair<std::string, Error>> ended_licences(Service& gw, const std::vector<std::string>& trade_ids);

struct ReportedItem {
  std::string grant_id, trade_id, date;
  std::int64_t calls = 0, bytes_out = 0;
};
struct UsageReport {
  std::string node, batch_id;
  std::vector<ReportedItem> items;
  std::string log;  // the calls' log lines
};
// Writes the batch (once), or not_found for a licence the exchange never granted.
Status accept_report(Service& gw, const UsageReport& report);

}  // namespace dx::gateway
