// The complaint commands, run by the sequencer: filing, an officer's action, the seller's answer.
// Each validates against the database, changes the complaint, its product and trades (via
// enforcement.hpp), adds a history step, records it (who, what, why, rule: O3, O6) and notifies
// the accounts concerned, all in one transaction. Sequencer thread only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "complaints/repository.hpp"
#include "complaints/context.hpp"
#include "core/error.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::complaints {

struct Filing {
  std::optional<std::string> product_id, trade_id;  // exactly one
  Type type = Type::other;
  std::string statement;
  std::vector<std::string> evidence_file_ids;
};

// O7, CD-25: anyone signed in may complain about a product that has been listed, or about a trade
// it is a party of (404 otherwise); evidence must be the complainant's own uploads (422 naming the
// field). A grave complaint with evidence suspends the product, or freezes the trade, at once
// (O13, CQO-41).
Result<ComplaintRow> file_complaint(store::Tx& tx, const Context& c, const std::string& complainant,
                                    const Filing& f);

struct ActionRequest {
  Action action = Action::acknowledge;
  Remedy remedy = Remedy::none;
  std::string note;
};

// An officer's step on complaint `id`: 404 when missing, 409 invalid_state when the action does not
// fit its state (decisions.hpp) or its product's, 422 for a remedy that does not fit.
Result<ComplaintRow> take_action(store::Tx& tx, const Context& c, const std::string& officer,
                                 const std::string& id, const ActionRequest& r);

struct Response {
  std::string text;
  std::vector<std::string> file_ids;
};

// The seller answers a request for information with text and its own files: 404 for strangers,
// 403 for the complainant, 409 when no information was asked for, 422 for another's file.
Result<ComplaintRow> respond(store::Tx& tx, const std::string& account, const std::string& id,
                             const Response& r);

// 422 unless every file was uploaded by `owner`; each bad one is named as `field`[i].
Status check_own_files(store::Db& db, const std::string& owner, const std::vector<std::string>& ids,
                       const std::string& field);

}  // namespace dx::complaints
