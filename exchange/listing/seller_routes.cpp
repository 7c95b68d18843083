// The seller's side of API.md "Products and review": create and edit drafts, submit for
// screening and review, withdraw. Only verified, unsuspended accounts may list (O2, CQ-37(2));
// another account's product answers 404.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "core/worker_pool.hpp"
#include "crypto/crypto.hpp"
#include "http/json_body.hpp"
#include "http/log.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "identity/routes.hpp"
#include "listing/context.hpp"
#include "listing/product_json.hpp"
#include "listing/repository.hpp"
#include "listing/route_parts.hpp"
#include "listing/screening_job.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

Error not_found() { return make_error(Errc::not_found, "No such product."); }

// 422 unless every file the document names was uploaded by the seller.
Status check_files(store::Db& db, const std::string& seller, const compliance::Product& doc) {
  Error e = make_error(Errc::validation_failed, "The request has invalid fields.");
  for (const auto& [field, id] : referenced_files(doc))
    if (file_owner(db, id) != seller) e.errors.push_back({field, "names a file you have not uploaded: " + id});
  if (e.errors.empty()) return ok_status();
  return e;
}

json product_record(const ProductRow& row) {
  return {{"version", row.version}, {"title", row.doc.title}, {"category", row.doc.category},
          {"classification", compliance::to_string(row.doc.classification)},
          {"offers", row.doc.offers.size()}};
}

// The caller's product in one of `statuses`: 404 when it is not theirs, 409 in any other state.
Result<ProductRow> own_product(store::Db& db, const Context& c, const std::string& seller, const std::string& id,
                               std::initializer_list<const char*> statuses, const char* what) {
  auto row = load_product(db, c.s.keys.master, id);
  if (!row || row->seller_id != seller) return not_found();
  for (const char* s : statuses)
    if (row->status == s) return std::move(*row);
  return make_error(Errc::invalid_state, std::string("A product that is ") + row->status + " cannot be " + what + ".");
}

void post_product(const Context& c, Request& req, Reply reply) {
  if (auto st = identity::require_verified(*req.principal); !st) return http::send_problem(reply, st.error());
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto doc = parse_product(*body);
  if (!doc) return http::send_problem(reply, doc.error());
  c.s.sequencer.run<json>(
      [&c, seller = req.principal->account_id, doc = std::move(*doc)](store::Tx& tx) -> Result<json> {
        if (auto st = check_files(tx.db(), seller, doc); !st) return st.error();
        auto row = create_product(tx, c.s.keys.master, seller, doc);
        tx.record(seller, "product.created", row.id, product_record(row));
        return owner_view(tx.db(), c, row);
      },
      [reply](Result<json> r) { http::send_result(reply, 201, r); });
}

void put_product(const Context& c, Request& req, Reply reply) {
  if (auto st = identity::require_verified(*req.principal); !st) return http::send_problem(reply, st.error());
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto doc = parse_product(*body);
  if (!doc) return http::send_problem(reply, doc.error());
  c.s.sequencer.run<json>(
      [&c, seller = req.principal->account_id, id = req.param("id"), doc = std::move(*doc)](store::Tx& tx) -> Result<json> {
        auto row = own_product(tx.db(), c, seller, id, {"draft", "rejected"}, "edited (withdraw it and list a new product)");
        if (!row) return row.error();
        if (auto st = check_files(tx.db(), seller, doc); !st) return st.error();
        replace_document(tx, c.s.keys.master, *row, doc);
        if (row->status == "rejected") set_status(tx, *row, "draft");
        tx.record(seller, "product.updated", row->id, product_record(*row));
        return owner_view(tx.db(), c, *row);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void submit_product(const Context& c, Request& req, Reply reply) {
  if (auto st = identity::require_verified(*req.principal); !st) return http::send_problem(reply, st.error());
  std::optional<ProductRow> row;
  {
    auto db = c.s.reads.acquire();
    auto found = own_product(*db, c, req.principal->account_id, req.param("id"), {"draft", "rejected"}, "submitted");
    if (!found) return http::send_problem(reply, found.error());
    row = std::move(*found);
  }
  // The scan reads the whole data file: off the I/O threads and off the sequencer.
  c.s.workers.post([&c, row = std::move(*row), reply, actor = req.principal->account_id]() mutable {
    ScreeningOutcome outcome;
    try {
      outcome = screen_product(c, row);
    } catch (const std::exception& e) {  // a stored file that fails authentication, a disk error
      c.s.log.write({{"level", "error"}, {"event", "screening_failed"}, {"product", row.id}, {"error", e.what()}});
      return http::send_problem(reply, make_error(Errc::internal, "The data file could not be read."));
    }
    c.s.sequencer.run<json>(
        [&c, row = std::move(row), outcome, actor](store::Tx& tx) mutable -> Result<json> {
          return record_screening(tx, c, actor, row, outcome);
        },
        [reply](Result<json> r) { http::send_result(reply, 200, r); });
  });
}

void withdraw_product(const Context& c, Request& req, Reply reply) {
  c.s.sequencer.run<json>(
      [&c, seller = req.principal->account_id, id = req.param("id")](store::Tx& tx) -> Result<json> {
        auto row = own_product(tx.db(), c, seller, id, {"draft", "in_review", "rejected", "listed", "suspended"},
                               "withdrawn");
        if (!row) return row.error();
        const std::string was = row->status;
        remove_from_catalog(tx, row->id);
        set_status(tx, *row, "withdrawn");
        tx.record(seller, "product.withdrawn", row->id, {{"version", row->version}, {"previous_status", was}});
        if (c.trading.delisted) c.trading.delisted(tx, row->id, "product_withdrawn");
        return owner_view(tx.db(), c, *row);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void get_product(const Context& c, Request& req, Reply reply) {
  auto db = c.s.reads.acquire();
  auto row = load_product(*db, c.s.keys.master, req.param("id"));
  const http::Principal* who = req.principal ? &*req.principal : nullptr;
  if (row && sees_all(who, *row)) return http::send_json(reply, 200, owner_view(*db, c, *row));
  if (!row || row->status != "listed") return http::send_problem(reply, not_found());
  http::send_json(reply, 200, public_view(*db, c, *row));
}

void list_own_products(const Context& c, Request& req, Reply reply) {
  const auto q = http::parse_page(req);
  if (!q) return http::send_problem(reply, q.error());
  const std::string* status = req.query_param("status");
  auto db = c.s.reads.acquire();
  const auto ids = repository::seller_products(*db, req.principal->account_id,
                                               status ? std::optional(*status) : std::nullopt, q->cursor, q->limit);
  json items = json::array();
  for (const auto& e : ids)
    if (auto row = load_product(*db, c.s.keys.master, e.id)) items.push_back(owner_view(*db, c, *row));
  const bool more = static_cast<int>(ids.size()) == q->limit;
  http::send_json(reply, 200, http::page(std::move(items), more ? std::optional(std::to_string(ids.back().rowid)) : std::nullopt));
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
  router.add({.method = Method::get,
              .pattern = "/api/v1/products",
              .summary = "Your products (query: status, limit, cursor)",
              .tag = "products",
              .access = Access::account,
              .statuses = {200},
              .handler = [c](Request& req, Reply reply) { list_own_products(*c, req, std::move(reply)); }});
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
              .handler = [c](Request& req, Reply reply) { withdraw_product(*c, req, std::move(reply)); }});
}

}  // namespace dx::listing
