// What route handlers and services share: configuration, the sequencer (writes), the read pool,
// the clock, key material and the log. Built once by app/ and passed by reference; no singletons.
// Only declared here, so that this vocabulary sits below every folder that uses it: a file that
// reads the configuration or the keys includes config/config.hpp or crypto/crypto.hpp itself.
#pragma once

#include <filesystem>

#include "core/time.hpp"

namespace dx {
struct Config;
struct Keys;
class Log;
class WorkerPool;
namespace crypto {
class SigningKey;
}
namespace store {
class Sequencer;
class ReadPool;
}  // namespace store
namespace http {
class Metrics;
}
namespace market {
class Market;
}

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

}  // namespace dx
