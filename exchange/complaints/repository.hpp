// Every SQL statement of the complaints folder: the complaint row, its steps (the history the
// complainant sees, append-only like the records, O3), who holds a product or a trade, the
// notifications, and the few reads and writes of other folders' tables that enforcement needs and
// their public interfaces do not offer. Writes take the sequencer's transaction; reads any
// connection. Not thread-safe beyond that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "complaints/decisions.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::complaints {

struct ComplaintRow {
  std::int64_t seq = 0;
  std::string id, complainant_id, product_id, seller_id;
  std::optional<std::string> trade_id;  // set for a complaint about one trade
  Type type = Type::other;
  std::string statement;
  std::vector<std::string> evidence_file_ids;
  State status = State::received;
  Remedy remedy = Remedy::none;
  // When this complaint suspended its product (or froze its trade). While the complaint is open it
  // holds them: a product is restored only when no open complaint holds it (O13, CQO-41).
  std::optional<std::string> held_at;
  std::string acknowledge_due_at, decision_due_at;
  std::string
      due_at;  // the next deadline: acknowledge_due_at until acknowledged, then decision_due_at
  std::optional<std::string> acknowledged_at, decided_at;
  std::string created_at, updated_at;

  Target target() const { return trade_id ? Target::trade : Target::product; }
  bool holds() const { return is_open(status) && held_at.has_value(); }
};

// One entry of a complaint's history.
struct Step {
  std::string at;
  std::string actor_id;
  std::string action;  // received | acknowledged | product_suspended | trade_frozen | ...
  std::optional<std::string> note;
  std::vector<std::string> file_ids;  // the seller's files with a response
};

// What immediate suspension depends on about a complainant (decisions.hpp Complainant): identity
// verified and not suspended, how many of its complaints were dismissed, and how many it filed
// since a time.
struct ComplainantFacts {
  bool verified = false;
  std::int64_t dismissed = 0;
  std::int64_t filed_since = 0;
};

// Where a page of the officers' queue ends: the last complaint's deadline and sequence number.
struct QueueCursor {
  std::string due_at;
  std::int64_t seq = 0;
};

struct Notice {
  std::string account_id;
  std::string kind;     // e.g. "product.suspended"
  std::string subject;  // the complaint, product, order or trade concerned
  std::string text;     // plain words, ending with the rule cited, e.g. "(O13, CQO-41)."
  std::string rule, basis;
};

struct StoredNotice {
  std::int64_t seq = 0;  // 0 until stored
  std::string id, created_at;
  Notice notice;
};

namespace repository {

void insert_complaint(store::Tx& tx, const ComplaintRow& c);
std::optional<ComplaintRow> load_complaint(store::Db& db, const std::string& id);
// Stores status, remedy, held_at, due_at, acknowledged_at, decided_at and updated_at.
void save_complaint(store::Tx& tx, const ComplaintRow& c);

// The complaints `account` filed and those about its products (in `status`, if given), newest
// first, older than `before_seq` (0: from the newest).
std::vector<ComplaintRow> complaints_of(store::Db& db, const std::string& account,
                                        std::optional<State> status, std::int64_t before_seq,
                                        int limit);
// Open complaints (or those in `status`), nearest next deadline first, after `after`.
std::vector<ComplaintRow> queue(store::Db& db, std::optional<State> status,
                                const QueueCursor& after, int limit);

void add_step(store::Tx& tx, const std::string& complaint_id, const Step& step);
std::vector<Step> load_steps(store::Db& db, const std::string& complaint_id);

// `since`: an RFC 3339 time.
ComplainantFacts complainant_facts(store::Db& db, const std::string& account_id,
                                   const std::string& since);

// Whether an open complaint other than `except` holds the product (suspended it as a whole).
bool product_held_by_other(store::Db& db, const std::string& product_id, const std::string& except);
// Whether an open complaint other than `except` holds this one trade.
bool trade_held_by_other(store::Db& db, const std::string& trade_id, const std::string& except);

void insert_notification(store::Tx& tx, const StoredNotice& n);
// The account's notifications, newest first, older than `before_seq` (0: from the newest).
std::vector<StoredNotice> notifications_of(store::Db& db, const std::string& account_id,
                                           std::int64_t before_seq, int limit);


}  // namespace repository
}  // namespace dx::complaints
