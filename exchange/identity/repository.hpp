// Every SQL statement of identity verification: submissions, verified identities, an account's
// KYC status, and whether a document is the submitter's own file. Readers take any connection
// (store::Db); writers run inside a sequencer command (store::Tx).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::identity::repository {

// A submission as written; identities arrive sealed, masked and hashed, never in plaintext.
struct NewSubmission {
  std::string id;
  std::string account_id;
  std::string kind;
  std::string legal_name;
  std::string identity_hmac;
  std::string identity_sealed;
  std::string identity_masked;
  std::optional<std::string> representative;
  std::optional<std::string> rep_hmac;
  std::optional<std::string> rep_sealed;
  std::optional<std::string> rep_masked;
  std::optional<std::string> phone_sealed;
  std::optional<std::string> phone_masked;
  std::string document_file_ids;  // JSON array
  std::string checks;             // JSON array (checks_json)
};

// A submission as shown: masked identities only.
struct SubmissionRow {
  std::string kind;
  std::string legal_name;
  std::string identity_masked;
  std::string representative;
  std::string rep_masked;
  std::optional<std::string> phone_masked;
  std::string status;
  std::optional<std::string> reason;
  std::string submitted_at;
  std::optional<std::string> decided_at;
  std::string checks;             // JSON array
  std::string document_file_ids;  // JSON array
  std::string account_id;
  std::string id;
  std::int64_t rowid = 0;
};

// The account's submission awaiting a decision.
struct Pending {
  std::string id, hmac, checks;
};

// Whether another account's submitted or verified submission names the identity.
bool identity_named_elsewhere(store::Db& db, const std::string& hmac, const std::string& account);
// The account the identity is verified for.
std::optional<std::string> verified_owner(store::Db& db, const std::string& hmac);
void add_verified_identity(store::Tx& tx, const std::string& hmac, const std::string& account);

// Marks the account's submission awaiting a decision superseded.
void supersede_pending(store::Tx& tx, const std::string& account);
void insert_submission(store::Tx& tx, const NewSubmission& s);
std::optional<Pending> pending_submission(store::Db& db, const std::string& account);
void decide_submission(store::Tx& tx, const std::string& id, const std::string& status,
                       const std::string& reason, const std::string& reviewer);
// The account's latest submission that is not superseded.
std::optional<SubmissionRow> latest_submission(store::Db& db, const std::string& account);
// The review queue: submissions in `status` past the rowid `after`, oldest first.
std::vector<SubmissionRow> submissions_by_status(store::Db& db, const std::string& status,
                                                 std::int64_t after, int limit);

}  // namespace dx::identity::repository
