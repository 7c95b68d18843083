// Staff review of submitted products (SH-67 compliance review; O3 keeps every decision): the queue
// with findings and the seller's evidence, and approve or reject with a reason. An `important`
// product needs approvals from two different reviewers (P9, CQ-14); nobody reviews their own.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "listing/repository.hpp"
#include "listing/review_rules.hpp"
#include "listing/route_parts.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

Result<json> decide(store::Tx& tx, const Context& c, const std::string& reviewer, const std::string& id,
                    bool approve, const std::string& reason) {
  auto row = load_product(tx.db(), c.s.keys.master, id);
  if (!row) return make_error(Errc::not_found, "No such product.");
  const auto outcome = review_outcome({.status = row->status,
                                       .seller_id = row->seller_id,
                                       .important = row->doc.classification == compliance::Classification::important,
                                       .approvers = repository::approvers(tx.db(), row->id, row->version)},
                                      reviewer, approve);
  if (!outcome) return outcome.error();
  repository::insert_review(tx, row->id, {row->version, reviewer, approve ? "approve" : "reject", reason, tx.now_text()});
  tx.record(reviewer, approve ? "product.approved" : "product.rejected", row->id,
            {{"version", row->version}, {"reason", reason}, {"approvals", outcome->approvals},
             {"approvals_needed", outcome->approvals_needed}});
  if (*outcome == ReviewOutcome::Next::rejected) set_status(tx, *row, "rejected");
  if (*outcome == ReviewOutcome::Next::listed) {
    set_status(tx, *row, "listed");
    add_to_catalog(tx, *row, category_names(c.rules, row->doc.category), catalog_view(c.rules, *row));
    tx.record(reviewer, "product.listed", row->id, {{"version", row->version}});
    if (c.trading.listed) c.trading.listed(tx, row->id);
  }
  return owner_view(tx.db(), c, *row);
}

void post_decision(const Context& c, Request& req, Reply reply) {
  auto d = http::parse_decision(req);
  if (!d) return http::send_problem(reply, d.error());
  c.s.sequencer.run<json>(
      [&c, reviewer = req.principal->account_id, id = req.param("id"), d = *d](store::Tx& tx) {
        return decide(tx, c, reviewer, id, d.approve, d.reason);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void get_queue(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const std::string status = req.query_param("status") ? *req.query_param("status") : "in_review";
  static const std::vector<std::string> kStatuses = {"draft", "in_review", "listed", "rejected", "suspended", "withdrawn"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
    return http::send_problem(reply, field_error("status", "must be one of: draft, in_review, listed, rejected, suspended, withdrawn"));
  auto db = c.s.reads.acquire();
  const auto ids = repository::products_in_status(*db, status, q->cursor, q->limit);
  json items = json::array();
  for (const auto& e : ids)
    if (auto row = load_product(*db, c.s.keys.master, e.id)) {
      auto view = owner_view(*db, c, *row);
      view["approvals"] = repository::approvers(*db, row->id, row->version).size();
      view["approvals_needed"] = row->doc.classification == compliance::Classification::important ? 2 : 1;
      items.push_back(std::move(view));
    }
  const bool more = static_cast<int>(ids.size()) == q->limit;
  http::send_json(reply, 200, http::page(std::move(items), more ? std::optional(std::to_string(ids.back().rowid)) : std::nullopt));
}

}  // namespace

void add_review_routes(http::Router& router, const std::shared_ptr<Context>& c) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  router.add({.method = Method::get,
              .pattern = "/api/v1/staff/reviews",
              .summary = "Products awaiting review, with findings and the seller's evidence (query: status, limit, cursor)",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"listing_reviewer"},
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { get_queue(*c, req, std::move(reply)); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/staff/products/{id}/decision",
              .summary = "Approve or reject a product in review; important products need two reviewers",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"listing_reviewer"},
              .body = BodyKind::json,
              .request_schema = http::decision_schema(),
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { post_decision(*c, req, std::move(reply)); }});
}

}  // namespace dx::listing
