#include "identity/repository.hpp"

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::identity::repository {

namespace {

constexpr const char* kSubmissionColumns =
    "SELECT kind, legal_name, identity_masked, representative, rep_masked, phone_masked, status, "
    "reason, submitted_at, decided_at, checks, document_file_ids, account_id, id, rowid "
    "FROM kyc_submissions ";

SubmissionRow submission_row(const store::Stmt& st) {
  return {st.text(0),     st.text(1),  st.text(2),     st.text(3),  st.text(4),
          st.opt_text(5), st.text(6),  st.opt_text(7), st.text(8),  st.opt_text(9),
          st.text(10),    st.text(11), st.text(12),    st.text(13), st.int64(14)};
}

void bind_blob_or_null(store::Stmt& st, int index, const std::optional<std::string>& bytes) {
  if (bytes)
    st.bind_blob(index, *bytes);
  else
    st.bind_null(index);
}

}  // namespace

bool identity_named_elsewhere(store::Db& db, const std::string& hmac, const std::string& account) {
  auto q = db.query(
      "SELECT 1 FROM kyc_submissions WHERE identity_hmac = ? AND account_id <> ? "
      "AND status IN ('submitted', 'verified') LIMIT 1");
  q->bind_blob(1, hmac).bind(2, account);
  return q->step();
}

std::optional<std::string> verified_owner(store::Db& db, const std::string& hmac) {
  auto q = db.query("SELECT account_id FROM verified_identities WHERE identity_hmac = ?");
  q->bind_blob(1, hmac);
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

void add_verified_identity(store::Tx& tx, const std::string& hmac, const std::string& account) {
  auto q = tx.db().query(
      "INSERT OR IGNORE INTO verified_identities (identity_hmac, account_id, verified_at) VALUES "
      "(?, ?, ?)");
  q->bind_blob(1, hmac).bind(2, account).bind(3, tx.now_text()).run();
}

void supersede_pending(store::Tx& tx, const std::string& account) {
  // `+status` here and in pending_submission(): an account's few submissions are found by account,
  // not among the whole review queue by status.
  auto q = tx.db().query(
      "UPDATE kyc_submissions SET status = 'superseded' WHERE account_id = ? AND +status = "
      "'submitted'");
  q->bind(1, account).run();
}

void insert_submission(store::Tx& tx, const NewSubmission& s) {
  auto q = tx.db().query(
      "INSERT INTO kyc_submissions (id, account_id, kind, legal_name, identity_hmac, "
      "identity_sealed, "
      "identity_masked, representative, rep_hmac, rep_sealed, rep_masked, phone_sealed, "
      "phone_masked, "
      "document_file_ids, checks, status, submitted_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)");
  q->bind(1, s.id).bind(2, s.account_id).bind(3, s.kind).bind(4, s.legal_name);
  q->bind_blob(5, s.identity_hmac).bind_blob(6, s.identity_sealed).bind(7, s.identity_masked);
  q->bind(8, s.representative);
  bind_blob_or_null(*q, 9, s.rep_hmac);
  bind_blob_or_null(*q, 10, s.rep_sealed);
  q->bind(11, s.rep_masked);
  bind_blob_or_null(*q, 12, s.phone_sealed);
  q->bind(13, s.phone_masked);
  q->bind(14, s.document_file_ids).bind(15, s.checks).bind(16, tx.now_text());
  q->run();
}

std::optional<Pending> pending_submission(store::Db& db, const std::string& account) {
  auto q = db.query(
      "SELECT id, identity_hmac, checks FROM kyc_submissions WHERE account_id = ? AND +status = "
      "'submitted'");
  q->bind(1, account);
  if (!q->step()) return std::nullopt;
  return Pending{q->text(0), q->blob(1), q->text(2)};
}

void decide_submission(store::Tx& tx, const std::string& id, const std::string& status,
                       const std::string& reason, const std::string& reviewer) {
  auto q = tx.db().query(
      "UPDATE kyc_submissions SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id "
      "= ?");
  q->bind(1, status).bind(2, reason).bind(3, tx.now_text()).bind(4, reviewer).bind(5, id).run();
}

std::optional<SubmissionRow> latest_submission(store::Db& db, const std::string& account) {
  auto q = db.query(std::string(kSubmissionColumns) +
                    "WHERE account_id = ? AND status <> 'superseded' ORDER BY rowid DESC LIMIT 1");
  q->bind(1, account);
  if (!q->step()) return std::nullopt;
  return submission_row(*q);
}

std::vector<SubmissionRow> submissions_by_status(store::Db& db, const std::string& status,
                                                 std::int64_t after, int limit) {
  auto q = db.query(std::string(kSubmissionColumns) +
                    "WHERE status = ? AND rowid > ? ORDER BY rowid LIMIT ?");
  q->bind(1, status).bind(2, after).bind(3, limit);
  std::vector<SubmissionRow> rows;
  while (q->step()) rows.push_back(submission_row(*q));
  return rows;
}

}  // namespace dx::identity::repository
