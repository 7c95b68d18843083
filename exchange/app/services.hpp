// What route handlers share: configuration, the sequencer (writes), the read pool, the clock,
// key material and the log. Built once in main() and passed by reference; no singletons.
#pragma once

#include <filesystem>
#include <string>

#include "config/config.hpp"
#include "core/time.hpp"
#include "crypto/crypto.hpp"

namespace dx {
class Log;
class WorkerPool;
namespace store {
class Sequencer;
class ReadPool;
}  // namespace store
namespace http {
class Metrics;
class Router;
}  // namespace http
namespace market {
class Market;
}

struct Keys {
  crypto::Bytes master;   // 32 bytes: wraps per-file data keys and encrypts secrets at rest
  crypto::Bytes pepper;   // 32 bytes: HMAC key for keyed hashes of personal identifiers
};

struct Services {
  const Config& config;
  store::Sequencer& sequencer;
  store::ReadPool& reads;
  WorkerPool& workers;
  Clock clock;
  const Keys& keys;
  const crypto::SigningKey& signing_key;
  Log& log;
  http::Metrics& metrics;
  std::filesystem::path data_dir;
  // The books and the ledger: touched only inside sequencer commands (market/market.hpp).
  market::Market& market;
};

// A new opaque identifier: `prefix` + "_" + 8 characters of the time in milliseconds and 12
// random ones (72 bits), in an alphabet whose ASCII order is its numeric order (app.cpp).
std::string new_id(const char* prefix);

}  // namespace dx
