// Notifications: what happened to an account because of a complaint, in plain words with the rule
// cited, so that the objector gets feedback (O13, CQO-41) and the seller and the buyers concerned
// learn why their product, order or trade changed. Written in the same transaction as the change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::complaints {

struct Notice {
  std::string account_id;
  std::string kind;     // e.g. "product.suspended"
  std::string subject;  // the complaint, product, order or trade concerned
  std::string text;     // plain words, ending with the rule cited, e.g. "(O13, CQO-41)."
  std::string rule, basis;
};

void notify(store::Tx& tx, const Notice& notice);

struct StoredNotice {
  std::int64_t seq = 0;
  std::string id, created_at;
  Notice notice;
};
// The account's notifications, newest first, older than `before_seq` (0: from the newest).
std::vector<StoredNotice> notifications_of(store::Db& db, const std::string& account_id,
                                           std::int64_t before_seq, int limit);

}  // namespace dx::complaints
