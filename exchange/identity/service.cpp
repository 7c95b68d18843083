#include "identity/service.hpp"

#include <nlohmann/json.hpp>

#include "accounts/repository.hpp"
#include "crypto/crypto.hpp"
#include "files/repository.hpp"
#include "identity/blocklist.hpp"
#include "identity/repository.hpp"
#include "store/sequencer.hpp"

namespace dx::identity {

namespace {

using nlohmann::json;

// 422 unless every document is a file the account uploaded itself.
Status check_documents(store::Db& db, const std::string& owner,
                       const std::vector<std::string>& ids) {
  for (const auto& id : ids)
    if (const auto f = files::repository::find_file(db, id); !f || f->file.owner_id != owner)
      return field_error("document_file_ids", "names a file you have not uploaded: " + id);
  return ok_status();
}

Status identity_free(store::Db& db, const std::string& hmac, const std::string& account) {
  if (auto owner = repository::verified_owner(db, hmac); owner && *owner != account)
    return legal_error(Errc::identity_in_use,
                       "This identity is already verified for another account.", "O2", "CQ-37(2)");
  return ok_status();
}

Status may_submit(store::Db& db, const std::string& account, const Submission& sub) {
  if (auto st = check_documents(db, account, sub.document_file_ids); !st) return st;
  if (const auto a = accounts::repository::find_account(db, account); a && a->kyc_status == "verified")
    return make_error(Errc::invalid_state, "This account's identity is already verified.");
  return identity_free(db, sub.subject.hmac, account);
}

repository::NewSubmission sealed(const KycPolicy& policy, const std::string& id,
                                 const std::string& account, const Submission& sub,
                                 const std::string& checks) {
  const auto& key = policy.master_key;
  repository::NewSubmission s{id,
                              account,
                              sub.kind,
                              sub.legal_name,
                              sub.subject.hmac,
                              crypto::seal(key, sub.subject.normalised, id),
                              sub.subject.masked,
                              sub.representative_name,
                              {},
                              {},
                              {},
                              {},
                              {},
                              json(sub.document_file_ids).dump(),
                              checks};
  if (sub.representative) {
    s.rep_hmac = sub.representative->hmac;
    s.rep_sealed = crypto::seal(key, sub.representative->normalised, id);
    s.rep_masked = sub.representative->masked;
  }
  if (sub.phone) {
    s.phone_sealed = crypto::seal(key, *sub.phone, id);
    s.phone_masked = sub.phone_masked;
  }
  return s;
}

// A failed blocking check, as stored with the submission, stops approval.
Status checks_passed(const std::string& checks) {
  for (const auto& c : json::parse(checks))
    if (c["blocking"].get<bool>() && !c["passed"].get<bool>())
      return make_error(Errc::invalid_state, "A failed automatic check stops approval: " +
                                                 c["detail"].get<std::string>());
  return ok_status();
}

}  // namespace

Result<Submitted> submit(store::Tx& tx, const KycPolicy& policy, const std::string& account,
                         const Submission& sub) {
  auto& db = tx.db();
  if (auto st = may_submit(db, account, sub); !st) return st.error();
  const auto checks =
      run_checks(sub, china_today(tx.now()), policy.min_age, policy.blocklist,
                 repository::identity_named_elsewhere(db, sub.subject.hmac, account));
  repository::supersede_pending(tx, account);
  const std::string id = new_id("kyc");
  repository::insert_submission(tx, sealed(policy, id, account, sub, checks_json(checks).dump()));
  accounts::repository::set_kyc_status(tx, account, "submitted");
  // The record names the identity only by its keyed hash (no raw personal information).
  tx.record(account, "kyc.submitted", account,
            {{"submission_id", id},
             {"kind", sub.kind},
             {"identity_hmac", crypto::hex(sub.subject.hmac)},
             {"document_file_ids", sub.document_file_ids},
             {"checks", checks_json(checks)}});
  return Submitted{id, checks};
}

Result<std::string> decide(store::Tx& tx, const KycDecision& d) {
  auto& db = tx.db();
  if (d.reviewer == d.account)
    return make_error(Errc::forbidden, "Nobody reviews their own identity.");
  auto pending = repository::pending_submission(db, d.account);
  if (!pending)
    return make_error(Errc::not_found, "No submission of this account awaits a decision.");
  if (d.approve) {
    if (auto st = checks_passed(pending->checks); !st) return st.error();
    if (auto st = identity_free(db, pending->hmac, d.account); !st) return st.error();
    repository::add_verified_identity(tx, pending->hmac, d.account);
  }
  const std::string status = d.approve ? "verified" : "rejected";
  repository::decide_submission(tx, pending->id, status, d.reason, d.reviewer);
  accounts::repository::set_kyc_status(tx, d.account, status);
  tx.record(d.reviewer, d.approve ? "kyc.approved" : "kyc.rejected", d.account,
            {{"submission_id", pending->id}, {"reason", d.reason}});
  return status;
}

std::optional<repository::SubmissionRow> latest_submission(store::Db& db,
                                                           const std::string& account) {
  return repository::latest_submission(db, account);
}

std::vector<repository::SubmissionRow> review_queue(store::Db& db, const std::string& status,
                                                    std::int64_t after, int limit) {
  return repository::submissions_by_status(db, status, after, limit);
}

}  // namespace dx::identity
