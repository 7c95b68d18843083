// The exchange assembled: storage, keys, services, routes and the HTTPS server.
#pragma once

#include "config/config.hpp"

namespace dx {

// Starts the exchange described by `config` and serves until SIGTERM/SIGINT. Returns the process
// exit code; start-up failures print a clear message and return non-zero.
int run_exchange(const Config& config);

}  // namespace dx
