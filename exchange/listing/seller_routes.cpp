// The seller's side of API.md "Products and review" at the HTTP edge: create and edit drafts,
// submit for screening and review, withdraw (service.hpp). Only verified, unsuspended accounts may
// list (O2, CQ-37(2)); another account's product answers 404.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "core/worker_pool.hpp"
#include "http/json_body.hpp"
#include "http/log.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "identity/routes.hpp"
#include "listing/context.hpp"
#include "listing/product_json.hpp"
#include "listing/route_parts.hpp"
#include "listing/screening_job.hpp"
#include "listing/upstream.hpp"
#include "listing/views.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

// The sequencer's answer to a command on a product: `status` with the owner's view, or the problem.
auto answer(const Context& c, const Reply& reply, int status) {
  return [&c, reply, status](Result<ProductDetails> r) { send_product(reply, status, c.rules, r); };
}

// The verified seller's draft command from the request.
Result<DraftCommand> draft_command(const Context& c, Request& req) {
  if (auto st = identity::require_verified(*req.principal); !st) return st.error();
  auto body = http::json_object_body(req);
  if (!body) return body.error();
  auto doc = parse_product(*body, c.rules.min_k_anonymity);
  if (!doc) return doc.error();
  return DraftCommand{req.principal->account_id, req.param("id"), std::move(*doc)};
}

using DraftStep = Result<ProductDetails> (*)(store::Tx&, const Context&, const DraftCommand&);

// The draft command of the request, run by the sequencer once a gateway product's upstream passed
// its check; that check resolves the host (it blocks), so it runs on a worker.
void run_draft(const Context& c, Request& req, Reply reply, DraftStep step, int status) {
  auto cmd = draft_command(c, req);
  if (!cmd) return http::send_problem(reply, cmd.error());
  auto persist = [&c, step, status](DraftCommand draft, const Reply& to) {
    c.s.sequencer.run<ProductDetails>(
        [&c, step, draft = std::move(draft)](store::Tx& tx) { return step(tx, c, draft); },
        answer(c, to, status));
  };
  if (!cmd->doc.gateway) return persist(std::move(*cmd), reply);
  c.s.workers.post([&c, persist, cmd = std::move(*cmd), reply]() mutable {
    if (auto st = check_upstream(c.s.config, cmd.doc); !st)
      return http::send_problem(reply, st.error());
    persist(std::move(cmd), reply);
  });
}

void post_product(const Context& c, Request& req, Reply reply) {
  run_draft(c, req, std::move(reply), create_draft, 201);
}

void put_product(const Context& c, Request& req, Reply reply) {
  run_draft(c, req, std::move(reply), edit_draft, 200);
}

void record(const Context& c, ProductRow row, ScreeningOutcome outcome, std::string actor, const Reply& reply) {
  c.s.sequencer.run<ProductDetails>(
      [&c, row = std::move(row), outcome = std::move(outcome), actor = std::move(actor)](store::Tx& tx) {
        return record_screening(tx, c, actor, row, outcome);
      },
      answer(c, reply, 200));
}

void submit_product(const Context& c, Request& req, Reply reply) {
  if (auto st = identity::require_verified(*req.principal); !st) return http::send_problem(reply, st.error());
  const ProductCommand cmd{req.principal->account_id, req.param("id")};
  auto row = product_to_submit(c, cmd);
  if (!row) return http::send_problem(reply, row.error());
  // The scan reads the whole data file: off the I/O threads and off the sequencer.
  c.s.workers.post([&c, row = std::move(*row), reply, actor = cmd.actor]() mutable {
    // The upstream is checked again: what it resolves to may have changed since the draft.
    if (auto st = check_upstream(c.s.config, row.doc); !st)
      return http::send_problem(reply, st.error());
    ScreeningOutcome outcome;
    try {
      outcome = screen_product(c, row);
    } catch (const std::exception& e) {  // a stored file that fails authentication, a disk error
      c.s.log.write({{"level", "error"}, {"event", "screening_failed"}, {"product", row.id}, {"error", e.what()}});
      return http::send_problem(reply, make_error(Errc::internal, "The data file could not be read."));
    }
    record(c, std::move(row), std::move(outcome), std::move(actor), reply);
  });
}

void post_withdraw(const Context& c, Request& req, Reply reply) {
  c.s.sequencer.run<ProductDetails>(
      [&c, cmd = ProductCommand{req.principal->account_id, req.param("id")}](store::Tx& tx) {
        return withdraw_product(tx, c, cmd);
      },
      answer(c, reply, 200));
}

void get_product(const Context& c, Request& req, Reply reply) {
  Viewer who;
  if (req.principal) who = {req.principal->account_id, req.principal->is_staff()};
  send_product(reply, 200, c.rules, visible_product(c, who, req.param("id")));
}

void list_own_products(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const std::string* status = req.query_param("status");
  auto found = seller_products(c, req.principal->account_id, status ? std::optional(*status) : std::nullopt,
                               {q->limit, q->cursor});
  json items = json::array();
  for (const auto& p : found.items) items.push_back(product_view(c.rules, p));
  http::send_json(reply, 200, http::page(std::move(items), next_cursor(found)));
}

}  // namespace

void add_seller_routes(http::Router& router, const std::shared_ptr<Context>& c) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  router.add({.method = Method::post,
              .pattern = "/api/v1/products",
              .summary = "Create a product as a draft (verified sellers; O1, O2)",
              .tag = "products",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = product_schema(),
              .statuses = {201},
              .handler = [c](Request& req, Reply reply) { post_product(*c, req, std::move(reply)); }});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/products",
       .summary = "Your products (query: status, limit, cursor)",
       .tag = "products",
       .access = Access::account,
       .statuses = {200},
       .handler = [c](Request& req, Reply reply) { list_own_products(*c, req, std::move(reply)); },
       .query = http::page_query({{"status", "string", "a product status"}})});
  router.add({.method = Method::put,
              .pattern = "/api/v1/products/{id}",
              .summary = "Replace a draft or rejected product's document (a submitted version is kept)",
              .tag = "products",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = product_schema(),
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { put_product(*c, req, std::move(reply)); }});
  router.add({.method = Method::get,
              .pattern = "/api/v1/products/{id}",
              .summary = "A listed product (its seller and staff: any product, with findings and reviews)",
              .tag = "products",
              .access = Access::anyone,
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { get_product(*c, req, std::move(reply)); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/products/{id}/submit",
              .summary = "Screen the product against P1-P9 and O1/O9/O12 and send it to review",
              .tag = "products",
              .access = Access::account,
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { submit_product(*c, req, std::move(reply)); }});
  router.add({.method = Method::post,
              .pattern = "/api/v1/products/{id}/withdraw",
              .summary = "Withdraw your product from sale for good",
              .tag = "products",
              .access = Access::account,
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { post_withdraw(*c, req, std::move(reply)); }});
}

}  // namespace dx::listing
