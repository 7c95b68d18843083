// The identity verification service (O2, CQ-37(2)): a submission is checked and stored, a
// reviewer decides on it. Typed commands in, Result<T> out; no HTTP, JSON answers or SQL
// (routes.cpp and repository.hpp).
#pragma once

#include <string>
#include <vector>

#include "core/error.hpp"
#include "identity/repository.hpp"
#include "identity/submission.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::identity {

class Blocklist;

// What a submission is judged by.
struct KycPolicy {
  const std::string& master_key;  // seals identity numbers and phone numbers at rest
  int min_age = 18;
  const Blocklist& blocklist;
};

struct Submitted {
  std::string submission_id;
  std::vector<Check> checks;
};

// Stores the submission (superseding one still awaiting a decision) with its automatic checks.
// 422 when a document is not the account's own file; 409 when the account is already verified,
// or the identity is verified for another account.
Result<Submitted> submit(store::Tx& tx, const KycPolicy& policy, const std::string& account,
                         const Submission& sub);

struct KycDecision {
  std::string reviewer;
  std::string account;
  bool approve = false;
  std::string reason;
};

// The account's status after the decision ("verified" or "rejected").
Result<std::string> decide(store::Tx& tx, const KycDecision& d);

// The account's latest submission that is not superseded.
std::optional<repository::SubmissionRow> latest_submission(store::Db& db,
                                                           const std::string& account);
// The review queue: submissions in `status` past the rowid `after`, oldest first.
std::vector<repository::SubmissionRow> review_queue(store::Db& db, const std::string& status,
                                                    std::int64_t after, int limit);

}  // namespace dx::identity
