// Every SQL statement of the idempotency folder: the answers remembered per account, route and
// Idempotency-Key, written in the transaction of the change they answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::idempotency::repository {

struct KeyRef {
  std::string account;
  std::string route;
  std::string key;
};

struct Remembered {
  std::string request_hash;  // SHA-256 of the first request's body
  int status = 0;
  std::string response;  // the answer's JSON text
};

std::optional<Remembered> find(store::Db& db, const KeyRef& k);
void remember(store::Tx& tx, const KeyRef& k, const Remembered& answer);

}  // namespace dx::idempotency::repository
