// Staff review of submitted products at the HTTP edge (SH-67; review_service.cpp decides): the
// queue with findings and the seller's evidence, and approve or reject with a reason.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "listing/route_parts.hpp"
#include "listing/views.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

void post_decision(const Context& c, Request& req, Reply reply) {
  auto d = http::parse_decision(req);
  if (!d) return http::send_problem(reply, d.error());
  c.s.sequencer.run<ProductDetails>(
      [&c, cmd = ReviewCommand{req.principal->account_id, req.param("id"), d->approve, d->reason}](store::Tx& tx) {
        return decide(tx, c, cmd);
      },
      [&c, reply](Result<ProductDetails> r) { send_product(reply, 200, c.rules, r); });
}

json queue_item(const Context& c, const QueueItem& item) {
  json view = product_view(c.rules, item.product);
  view["approvals"] = item.approvals;
  view["approvals_needed"] = item.approvals_needed;
  return view;
}

void get_queue(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const std::string status = req.query_param("status") ? *req.query_param("status") : "in_review";
  static const std::vector<std::string> kStatuses = {"draft", "in_review", "listed", "rejected", "suspended", "withdrawn"};
  if (std::find(kStatuses.begin(), kStatuses.end(), status) == kStatuses.end())
    return http::send_problem(reply, field_error("status", "must be one of: draft, in_review, listed, rejected, suspended, withdrawn"));
  const auto found = review_queue(c, status, {q->limit, q->cursor});
  json items = json::array();
  for (const auto& item : found.items) items.push_back(queue_item(c, item));
  http::send_json(reply, 200, http::page(std::move(items), next_cursor(found)));
}

}  // namespace

void add_review_routes(http::Router& router, const std::shared_ptr<Context>& c) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  router.add({.method = Method::get,
              .pattern = "/api/v1/staff/reviews",
              .summary = "Products awaiting review, with findings and the seller's evidence "
                         "(query: status, limit, cursor)",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"listing_reviewer"},
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { get_queue(*c, req, std::move(reply)); },
              .query = http::page_query({{"status", "string", "a product status"}})});
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
