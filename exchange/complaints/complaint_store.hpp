// Complaints in the database (the complaints migration): the complaint row, its steps (the history
// the complainant sees, append-only like the records, O3) and who holds a product or a trade.
// Writes run in the sequencer's transaction; reads on any connection. Not thread-safe beyond that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "complaints/decisions.hpp"

namespace dx::store {
class Db;
}

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

void insert_complaint(store::Db& db, const ComplaintRow& c);
std::optional<ComplaintRow> load_complaint(store::Db& db, const std::string& id);
std::optional<ComplaintRow> load_complaint_by_seq(store::Db& db, std::int64_t seq);
// Stores status, remedy, held_at, due_at, acknowledged_at, decided_at and updated_at.
void save_complaint(store::Db& db, const ComplaintRow& c);

// One entry of a complaint's history.
struct Step {
  std::string at;
  std::string actor_id;
  std::string action;  // received | acknowledged | product_suspended | trade_frozen | ...
  std::optional<std::string> note;
  std::vector<std::string> file_ids;  // the seller's files with a response
};
void add_step(store::Db& db, const std::string& complaint_id, const Step& step);
std::vector<Step> load_steps(store::Db& db, const std::string& complaint_id);

// Whether an open complaint other than `except` holds the product (suspended it as a whole).
// What immediate suspension depends on about a complainant (decisions.hpp Complainant): identity
// verified and not suspended, how many of its complaints were dismissed, and how many it filed
// since `since` (an RFC 3339 time).
struct ComplainantFacts {
  bool verified = false;
  std::int64_t dismissed = 0;
  std::int64_t filed_since = 0;
};
ComplainantFacts complainant_facts(store::Db& db, const std::string& account_id, const std::string& since);

bool product_held_by_other(store::Db& db, const std::string& product_id, const std::string& except);
// Whether an open complaint other than `except` holds this one trade.
bool trade_held_by_other(store::Db& db, const std::string& trade_id, const std::string& except);

}  // namespace dx::complaints
