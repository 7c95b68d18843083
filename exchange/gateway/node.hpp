// A gateway node: `exchanged gateway --core https://…`, the gateway as a process of its own in
// front of one exchange (API.md "The data plane", DESIGN.md "The data plane"). It serves
// `/gw/{trade_id}/…` like the exchange does, without its database: per buyer credential and
// licence it asks the exchange for a grant (gateway/grants.hpp), verifies its Ed25519 signature
// with the key the exchange publishes, and then forwards calls on its own within the grant's
// routes, rate and leased calls, until the grant expires (`gateway.grant_ttl_s`). Every second it
// asks the exchange which of its licences have ended and drops them; it reports usage every
// `gateway.flush_interval_ms`, repeating a batch until the exchange has it.
//
// Bounds, stated: a licence the exchange ends stops at a node within one second (the next
// revocation poll); with N nodes a licence's rate limit holds per node (N × the rate at most);
// quotas hold exactly, as nodes only use calls leased to them; an API key revoked at the exchange
// keeps working at a node until its grant expires.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.hpp"

namespace dx::gateway {

struct NodeOptions {
  std::string core_url;              // https://host:port of the exchange
  std::filesystem::path core_ca;     // PEM to trust for the exchange's certificate; empty: the system's
  std::string node_id;               // names the node in usage batches; empty: a random one
  std::filesystem::path data_dir;    // its TLS certificate (self-signed when none is configured)
};

// Serves until SIGTERM/SIGINT; returns the process's exit code.
int run_node(const Config& config, const NodeOptions& options);

}  // namespace dx::gateway
