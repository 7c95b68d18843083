// API.md "Identity verification (KYC)": both parties to every trade are identity-verified (O2,
// CQ-37(2)); persons by resident identity number, organisations by credit code (CQ-11(3)).
#include "identity/routes.hpp"

#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "identity/blocklist.hpp"
#include "identity/submission.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::identity {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

struct Context {
  Services& s;
  const Blocklist& blocklist;
};

// 422 unless every document is a file the account uploaded itself.
Status check_documents(store::Db& db, const std::string& owner, const std::vector<std::string>& ids) {
  auto& st = db.cached("SELECT 1 FROM files WHERE id = ? AND owner_id = ?");
  for (const auto& id : ids) {
    st.bind(1, id).bind(2, owner);
    const bool mine = st.step();
    st.reset();
    if (!mine) return field_error("document_file_ids", "names a file you have not uploaded: " + id);
  }
  return ok_status();
}

bool identity_named_elsewhere(store::Db& db, const std::string& hmac, const std::string& account) {
  auto& st = db.cached(
      "SELECT 1 FROM kyc_submissions WHERE identity_hmac = ? AND account_id <> ? "
      "AND status IN ('submitted', 'verified') LIMIT 1");
  st.bind_blob(1, hmac).bind(2, account);
  const bool found = st.step();
  st.reset();
  return found;
}

std::optional<std::string> verified_owner(store::Db& db, const std::string& hmac) {
  auto& st = db.cached("SELECT account_id FROM verified_identities WHERE identity_hmac = ?");
  st.bind_blob(1, hmac);
  std::optional<std::string> owner;
  if (st.step()) owner = st.text(0);
  st.reset();
  return owner;
}

std::string account_kyc_status(store::Db& db, const std::string& account) {
  auto& st = db.cached("SELECT kyc_status FROM accounts WHERE id = ?");
  st.bind(1, account);
  std::string status = st.step() ? st.text(0) : "";
  st.reset();
  return status;
}

void insert_submission(store::Tx& tx, const Context& c, const std::string& id, const std::string& account,
                       const Submission& sub, const json& checks) {
  const auto& key = c.s.keys.master;
  auto& st = tx.db().cached(
      "INSERT INTO kyc_submissions (id, account_id, kind, legal_name, identity_hmac, identity_sealed, "
      "identity_masked, representative, rep_hmac, rep_sealed, rep_masked, phone_sealed, phone_masked, "
      "document_file_ids, checks, status, submitted_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?)");
  st.bind(1, id).bind(2, account).bind(3, sub.kind).bind(4, sub.legal_name);
  st.bind_blob(5, sub.subject.hmac).bind_blob(6, crypto::seal(key, sub.subject.normalised, id));
  st.bind(7, sub.subject.masked).bind(8, sub.representative_name);
  if (sub.representative) {
    st.bind_blob(9, sub.representative->hmac);
    st.bind_blob(10, crypto::seal(key, sub.representative->normalised, id));
    st.bind(11, sub.representative->masked);
  } else {
    st.bind_null(9).bind_null(10).bind_null(11);
  }
  if (sub.phone) st.bind_blob(12, crypto::seal(key, *sub.phone, id)).bind(13, *sub.phone_masked);
  else st.bind_null(12).bind_null(13);
  st.bind(14, json(sub.document_file_ids).dump()).bind(15, checks.dump()).bind(16, tx.now_text());
  st.run();
  st.reset();
}

Result<json> submit(store::Tx& tx, const Context& c, const std::string& account, const Submission& sub) {
  auto& db = tx.db();
  if (auto st = check_documents(db, account, sub.document_file_ids); !st) return st.error();
  if (account_kyc_status(db, account) == "verified")
    return make_error(Errc::invalid_state, "This account's identity is already verified.");
  if (auto owner = verified_owner(db, sub.subject.hmac); owner && *owner != account)
    return legal_error(Errc::identity_in_use, "This identity is already verified for another account.",
                       "O2", "CQ-37(2)");
  const auto checks = run_checks(sub, china_today(tx.now()), c.s.config.kyc.min_age, c.blocklist,
                                 identity_named_elsewhere(db, sub.subject.hmac, account));
  // `+status` here and in pending_submission(): an account's few submissions are found by account,
  // not among the whole review queue by status.
  auto& old = db.cached("UPDATE kyc_submissions SET status = 'superseded' WHERE account_id = ? AND +status = 'submitted'");
  old.bind(1, account).run();
  old.reset();
  const std::string id = new_id("kyc");
  insert_submission(tx, c, id, account, sub, checks_json(checks));
  auto& acc = db.cached("UPDATE accounts SET kyc_status = 'submitted' WHERE id = ?");
  acc.bind(1, account).run();
  acc.reset();
  // The record names the identity only by its keyed hash (no raw personal information).
  tx.record(account, "kyc.submitted", account,
            {{"submission_id", id}, {"kind", sub.kind}, {"identity_hmac", crypto::hex(sub.subject.hmac)},
             {"document_file_ids", sub.document_file_ids}, {"checks", checks_json(checks)}});
  return json{{"status", "submitted"}, {"submission_id", id}, {"checks", checks_json(checks)}};
}

void post_kyc(const Context& c, Request& req, Reply reply) {
  const auto& p = *req.principal;
  if (p.is_staff())
    return http::send_problem(reply, make_error(Errc::forbidden, "Staff accounts do not trade and need no verification."));
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto parsed = parse_submission(*body, p.kind, china_today(c.s.clock()), c.s.keys.pepper);
  if (!parsed) return http::send_problem(reply, parsed.error());
  c.s.sequencer.run<json>([&c, account = p.account_id, sub = std::move(*parsed)](store::Tx& tx) {
    return submit(tx, c, account, sub);
  }, [reply](Result<json> r) { http::send_result(reply, 202, r); });
}

json submission_view(store::Stmt& st) {
  // Columns: kind, legal_name, identity_masked, representative, rep_masked, phone_masked, status,
  // reason, submitted_at, decided_at, checks, document_file_ids, account_id, id
  json j = {{"kind", st.text(0)}, {"legal_name", st.text(1)}, {"submitted_at", st.text(8)}};
  if (st.text(0) == "person") {
    j["id_number_masked"] = st.text(2);
    j["phone_masked"] = st.opt_text(5) ? json(st.text(5)) : json(nullptr);
  } else {
    j["uscc"] = st.text(2);
    j["legal_representative"] = {{"name", st.text(3)}, {"id_number_masked", st.text(4)}};
  }
  j["checks"] = json::parse(st.text(10));
  j["document_file_ids"] = json::parse(st.text(11));
  j["account_id"] = st.text(12);
  j["submission_id"] = st.text(13);
  j["decided_at"] = st.opt_text(9) ? json(st.text(9)) : json(nullptr);
  return j;
}

constexpr const char* kSubmissionColumns =
    "SELECT kind, legal_name, identity_masked, representative, rep_masked, phone_masked, status, "
    "reason, submitted_at, decided_at, checks, document_file_ids, account_id, id, rowid "
    "FROM kyc_submissions ";

void get_kyc(const Context& c, Request& req, Reply reply) {
  const auto& p = *req.principal;
  auto db = c.s.reads.acquire();
  auto& st = db->cached(std::string(kSubmissionColumns) +
                        "WHERE account_id = ? AND status <> 'superseded' ORDER BY rowid DESC LIMIT 1");
  st.bind(1, p.account_id);
  json out = {{"status", p.kyc_status}, {"reason", nullptr}};
  if (st.step()) {
    out = submission_view(st);
    out["status"] = p.kyc_status;
    out["reason"] = st.opt_text(7) ? json(st.text(7)) : json(nullptr);
  }
  st.reset();
  if (p.suspended && p.kyc_status == "verified") out["status"] = "suspended";
  http::send_json(reply, 200, out);
}

void get_queue(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const int limit = q->limit;
  const std::string status = req.query_param("status") ? *req.query_param("status") : "submitted";
  if (status != "submitted" && status != "verified" && status != "rejected")
    return http::send_problem(reply, field_error("status", "must be one of: submitted, verified, rejected"));
  auto db = c.s.reads.acquire();
  auto& st = db->cached(std::string(kSubmissionColumns) +
                        "WHERE status = ? AND rowid > ? ORDER BY rowid LIMIT ?");
  st.bind(1, status).bind(2, q->cursor).bind(3, limit);
  json items = json::array();
  std::int64_t last = 0;
  while (st.step()) {
    auto item = submission_view(st);
    item["status"] = st.text(6);
    item["reason"] = st.opt_text(7) ? json(st.text(7)) : json(nullptr);
    items.push_back(std::move(item));
    last = st.int64(14);
  }
  st.reset();
  const bool more = static_cast<int>(items.size()) == limit;
  http::send_json(reply, 200, http::page(std::move(items), more ? std::optional(std::to_string(last)) : std::nullopt));
}

struct Pending {
  std::string id, hmac, checks;
};

std::optional<Pending> pending_submission(store::Db& db, const std::string& account) {
  auto& st = db.cached(
      "SELECT id, identity_hmac, checks FROM kyc_submissions WHERE account_id = ? AND +status = 'submitted'");
  st.bind(1, account);
  std::optional<Pending> p;
  if (st.step()) p = Pending{st.text(0), st.blob(1), st.text(2)};
  st.reset();
  return p;
}

Result<json> decide(store::Tx& tx, const std::string& reviewer, const std::string& account, bool approve,
                    const std::string& reason) {
  auto& db = tx.db();
  if (reviewer == account) return make_error(Errc::forbidden, "Nobody reviews their own identity.");
  auto pending = pending_submission(db, account);
  if (!pending) return make_error(Errc::not_found, "No submission of this account awaits a decision.");
  if (approve) {
    for (const auto& c : json::parse(pending->checks))
      if (c["blocking"].get<bool>() && !c["passed"].get<bool>())
        return make_error(Errc::invalid_state, "A failed automatic check stops approval: " + c["detail"].get<std::string>());
    if (auto owner = verified_owner(db, pending->hmac); owner && *owner != account)
      return legal_error(Errc::identity_in_use, "This identity is already verified for another account.",
                         "O2", "CQ-37(2)");
    auto& v = db.cached("INSERT OR IGNORE INTO verified_identities (identity_hmac, account_id, verified_at) VALUES (?, ?, ?)");
    v.bind_blob(1, pending->hmac).bind(2, account).bind(3, tx.now_text()).run();
    v.reset();
  }
  const std::string status = approve ? "verified" : "rejected";
  auto& sub = db.cached(
      "UPDATE kyc_submissions SET status = ?, reason = ?, decided_at = ?, decided_by = ? WHERE id = ?");
  sub.bind(1, status).bind(2, reason).bind(3, tx.now_text()).bind(4, reviewer).bind(5, pending->id).run();
  sub.reset();
  auto& acc = db.cached("UPDATE accounts SET kyc_status = ? WHERE id = ?");
  acc.bind(1, status).bind(2, account).run();
  acc.reset();
  tx.record(reviewer, approve ? "kyc.approved" : "kyc.rejected", account,
            {{"submission_id", pending->id}, {"reason", reason}});
  return json{{"account_id", account}, {"status", status}, {"reason", reason}};
}

void post_decision(const Context& c, Request& req, Reply reply) {
  auto d = http::parse_decision(req);
  if (!d) return http::send_problem(reply, d.error());
  c.s.sequencer.run<json>(
      [reviewer = req.principal->account_id, account = req.param("account_id"), d = *d](store::Tx& tx) {
        return decide(tx, reviewer, account, d.approve, d.reason);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

json kyc_body_schema() {
  const json str = {{"type", "string"}};
  return {{"type", "object"},
          {"description", "person: legal_name, id_number, phone, document_file_ids; organization: "
                          "legal_name, uscc, legal_representative {name, id_number}, document_file_ids"},
          {"properties",
           {{"legal_name", str}, {"id_number", str}, {"phone", str}, {"uscc", str},
            {"legal_representative", {{"type", "object"}, {"properties", {{"name", str}, {"id_number", str}}}}},
            {"document_file_ids", {{"type", "array"}, {"items", str}}}}}};
}

}  // namespace

void add_kyc_routes(http::Router& router, Services& services, const Blocklist& blocklist) {
  auto c = std::make_shared<Context>(Context{services, blocklist});
  using http::Access;
  using http::BodyKind;
  using http::Method;
  router.add({.method = Method::post,
              .pattern = "/api/v1/kyc",
              .summary = "Submit your identity for verification (O2)",
              .tag = "kyc",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = kyc_body_schema(),
              .statuses = {202},
              .handler = [c](Request& req, Reply reply) { post_kyc(*c, req, std::move(reply)); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/kyc",
              .summary = "Your verification status, identity numbers masked",
              .tag = "kyc",
              .access = Access::account,
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { get_kyc(*c, req, std::move(reply)); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/staff/kyc",
              .summary = "Verification queue with automatic checks (query: status, limit, cursor)",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"kyc_reviewer"},
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { get_queue(*c, req, std::move(reply)); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/staff/kyc/{account_id}/decision",
              .summary = "Approve or reject a submitted identity, with a reason",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"kyc_reviewer"},
              .body = BodyKind::json,
              .request_schema = http::decision_schema(),
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { post_decision(*c, req, std::move(reply)); }});
}

Status require_verified(const http::Principal& p) {
  // O14, CQO-39: a suspended account's access is suspended pending rectification.
  if (p.suspended)
    return legal_error(Errc::account_suspended,
                       "This account is suspended; it may not list, trade or withdraw until reinstated.", "O14",
                       "CQO-39");
  if (p.kyc_status != "verified")
    return legal_error(Errc::kyc_required, "Verify your identity first (POST /api/v1/kyc) and wait for approval.",
                       "O2", "CQ-37(2)");
  return ok_status();
}

}  // namespace dx::identity
