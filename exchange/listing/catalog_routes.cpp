// The public catalogue (API.md "GET /catalog"): listed products only, full-text search that works
// for Chinese and English (catalog_terms.hpp), a category filter that includes subcategories, and
// a delivery-mode filter, and cursor pagination, newest listing first.
#include <nlohmann/json.hpp>

#include "config/config.hpp"
#include "core/services.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "http/router.hpp"
#include "listing/route_parts.hpp"
#include "listing/views.hpp"

namespace dx::listing {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;

// The stored view is a JSON object; the seller joins it as its last member.
std::string item(repository::CatalogHit& hit) {
  const std::string seller = seller_json(std::move(hit.seller_id), std::move(hit.seller)).dump();
  return hit.view.substr(0, hit.view.size() - 1) + ",\"seller\":" + seller + "}";
}

// The `delivery_mode` filter: none, or one of the modes.
Result<std::optional<std::string>> delivery_mode(const Request& req) {
  const std::string* mode = req.query_param("delivery_mode");
  if (mode == nullptr || mode->empty()) return std::optional<std::string>();
  if (!compliance::parse_delivery_mode(*mode))
    return field_error("delivery_mode", "must be one of: file, api, gateway, compute");
  return std::optional<std::string>(*mode);
}

void get_catalog(const Context& c, Request& req, Reply reply) {
  const auto page = http::parse_page(req);
  if (!page) return http::send_problem(reply, page.error());
  const std::string* q = req.query_param("q");
  if (q && (q->size() > 200 || http::utf8_length(*q) == std::string::npos))
    return http::send_problem(reply, field_error("q", "must be valid UTF-8 of at most 200 bytes"));
  const std::string* cat = req.query_param("category");
  std::optional<std::string> category;
  if (cat && !cat->empty()) category = *cat;
  auto mode = delivery_mode(req);
  if (!mode) return http::send_problem(reply, mode.error());
  auto hits = search_catalog(
      c,
      {.q = q, .category = category, .delivery_mode = *mode, .page = {page->limit, page->cursor}});
  std::vector<std::string> items;
  items.reserve(hits.items.size());
  for (auto& hit : hits.items) items.push_back(item(hit));
  reply(http::json_response(200, http::page_text(items, next_cursor(hits))));
}

void get_categories(const Context& c, Reply reply) {
  json items = json::array();
  for (const auto& cat : c.rules.categories)
    items.push_back({{"code", cat.code}, {"name_en", cat.name_en}, {"name_zh", cat.name_zh},
                     {"prohibited", cat.prohibited}, {"important", cat.important}});
  http::send_json(reply, 200, http::page(std::move(items), std::nullopt));
}

}  // namespace

void add_catalog_routes(http::Router& router, const std::shared_ptr<Context>& c) {
  using http::Access;
  using http::Method;
  router.add(
      {.method = Method::get,
       .pattern = "/api/v1/catalog",
       .summary =
           "Listed products; q searches title, description and category in Chinese or English",
       .tag = "catalog",
       .access = Access::anyone,
       .statuses = {200},
       .handler = [c](Request& req, Reply reply) { get_catalog(*c, req, std::move(reply)); },
       .query = http::page_query({{"q", "string", "words to search for"},
                                  {"category", "string", "a category of the taxonomy"},
                                  {"delivery_mode", "string", "file, api, gateway or compute"}})});
  router.add({.method = Method::get,
              .pattern = "/api/v1/categories",
              .summary = "The category taxonomy (prohibited categories never trade; important ones need P9 care)",
              .tag = "catalog",
              .access = Access::anyone,
              .statuses = {200},
              .handler = [c](Request&, Reply reply) { get_categories(*c, std::move(reply)); }});
}

}  // namespace dx::listing
