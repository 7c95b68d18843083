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
#include "identity/service.hpp"
#include "identity/submission.hpp"
#include "identity/views.hpp"
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

void post_kyc(const Context& c, Request& req, Reply reply) {
  const auto& p = *req.principal;
  if (p.is_staff())
    return http::send_problem(reply, make_error(Errc::forbidden, "Staff accounts do not trade and need no verification."));
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto parsed = parse_submission(*body, p.kind, china_today(c.s.clock()), c.s.keys.pepper);
  if (!parsed) return http::send_problem(reply, parsed.error());
  c.s.sequencer.run<Submitted>(
      [&c, account = p.account_id, sub = std::move(*parsed)](store::Tx& tx) {
        return submit(tx, KycPolicy{c.s.keys.master, c.s.config.kyc.min_age, c.blocklist}, account, sub);
      },
      [reply](Result<Submitted> r) {
        if (!r) return http::send_problem(reply, r.error());
        http::send_json(reply, 202, submitted_json(*r));
      });
}

void get_kyc(const Context& c, Request& req, Reply reply) {
  const auto& p = *req.principal;
  json out = {{"status", p.kyc_status}, {"reason", nullptr}};
  if (auto row = latest_submission(*c.s.reads.acquire(), p.account_id)) {
    out = submission_json(*row);
    out["status"] = p.kyc_status;
  }
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
  const auto rows = review_queue(*c.s.reads.acquire(), status, q->cursor, limit);
  json items = json::array();
  for (const auto& row : rows) {
    items.push_back(submission_json(row));
    items.back()["status"] = row.status;
  }
  const bool more = static_cast<int>(items.size()) == limit;
  http::send_json(reply, 200,
                  http::page(std::move(items), more ? std::optional(std::to_string(rows.empty() ? 0 : rows.back().rowid)) : std::nullopt));
}

void post_decision(const Context& c, Request& req, Reply reply) {
  auto d = http::parse_decision(req);
  if (!d) return http::send_problem(reply, d.error());
  KycDecision decision{req.principal->account_id, req.param("account_id"), d->approve, d->reason};
  c.s.sequencer.run<std::string>([decision](store::Tx& tx) { return decide(tx, decision); },
                                 [reply, decision](Result<std::string> status) {
                                   if (!status) return http::send_problem(reply, status.error());
                                   http::send_json(reply, 200, decision_json(decision, *status));
                                 });
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
              .handler = [c](Request& req, Reply reply) { get_queue(*c, req, std::move(reply)); },
              .query = http::page_query({{"status", "string", "pending | approved | rejected"}})});
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
