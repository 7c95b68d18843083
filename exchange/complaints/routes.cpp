#include "complaints/routes.hpp"

#include <memory>

#include "complaints/decisions.hpp"
#include "complaints/route_parts.hpp"
#include "http/router.hpp"

namespace dx::complaints {

namespace {

using nlohmann::json;

json strings(const std::vector<std::string>& names) {
  return {{"type", "string"}, {"enum", names}};
}

json filing_schema() {
  const json str = {{"type", "string"}};
  return {{"type", "object"},
          {"required", {"type", "statement"}},
          {"description",
           "Exactly one of product_id and trade_id. A complaint of type unauthorized, privacy or "
           "national_security with evidence suspends the product (or freezes the trade) at once "
           "(O13)."},
          {"properties",
           {{"product_id", str},
            {"trade_id", str},
            {"type", strings(type_names())},
            {"statement", str},
            {"evidence_file_ids", {{"type", "array"}, {"items", str}}}}}};
}

json action_schema() {
  return {{"type", "object"},
          {"required", {"action"}},
          {"properties",
           {{"action", strings(action_names())},
            {"remedy", strings(remedy_names())},
            {"note",
             {{"type", "string"},
              {"description", "required with request_information: the question"}}}}}};
}

json response_schema() {
  return {{"type", "object"},
          {"required", {"text"}},
          {"properties",
           {{"text", {{"type", "string"}}},
            {"file_ids", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};
}

}  // namespace

void add_complaint_routes(http::Router& router, Services& services,
                          const compliance::Rules& rules) {
  using http::Access;
  using http::BodyKind;
  using http::Method;
  auto c = std::make_shared<Context>(Context{services, rules});
  auto bind = [c](void (*fn)(const Context&, http::Request&, http::Reply)) {
    return [c, fn](http::Request& req, http::Reply reply) { fn(*c, req, std::move(reply)); };
  };
  router.add({.method = Method::post,
              .pattern = "/api/v1/complaints",
              .summary = "Complain about a product or one of your trades (any account, O7; at most "
                         "complaints.max_per_day a day, else 429; evidence must be your own non-empty "
                         "uploads, else 422; a grave type with evidence from a verified complainant in "
                         "good standing suspends at once, O13, others head the officers' queue)",
              .tag = "complaints",
              .access = Access::account,
              .body = BodyKind::json,
              .request_schema = filing_schema(),
              .statuses = {201},
              .handler = bind(post_complaint)});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/complaints",
       .summary = "Your complaints and those about your products (query: status, limit, cursor)",
       .tag = "complaints",
       .access = Access::account,
       .statuses = {200},
       .handler = bind(list_complaints),
       .query = http::page_query({{"status", "string", "a complaint status"}})});
  router.add({.method = Method::get,
              .pattern = "/api/v1/complaints/{id}",
              .summary = "A complaint with its history (complainant, the seller without the "
                         "complainant's identity, staff)",
              .tag = "complaints",
              .access = Access::account,
              .statuses = {200},
              .handler = bind(get_complaint)});
  router.add(
      {.method = Method::post,
       .pattern = "/api/v1/complaints/{id}/responses",
       .summary =
           "The seller answers the exchange's request for information with text and own files",
       .tag = "complaints",
       .access = Access::account,
       .body = BodyKind::json,
       .request_schema = response_schema(),
       .statuses = {201},
       .handler = bind(post_response)});
  router.add({.method = Method::get,
              .pattern = "/api/v1/staff/complaints",
              .summary = "Complaints by nearest deadline, overdue ones marked (query: status, "
                         "limit, cursor; default: open)",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"complaints_officer"},
              .statuses = {200},
              .handler = bind(list_queue),
              .query = http::page_query({{"status", "string", "a complaint status"}})});
  router.add({.method = Method::post,
              .pattern = "/api/v1/staff/complaints/{id}/actions",
              .summary = "Acknowledge, suspend the product, ask the seller, uphold (withdraw | "
                         "fix_then_reopen) or dismiss",
              .tag = "staff",
              .access = Access::roles,
              .roles = {"complaints_officer"},
              .body = BodyKind::json,
              .request_schema = action_schema(),
              .statuses = {200},
              .handler = bind(post_action)});
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/notifications",
       .summary = "What happened to you because of complaints, newest first (query: limit, cursor)",
       .tag = "accounts",
       .access = Access::account,
       .statuses = {200},
       .handler = bind(list_notifications),
       .query = http::page_query()});
}

}  // namespace dx::complaints
