#include "listing/routes.hpp"

#include "listing/route_parts.hpp"

namespace dx::listing {

nlohmann::json product_schema() {
  using nlohmann::json;
  const json str = {{"type", "string"}};
  const json strs = {{"type", "array"}, {"items", str}};
  const json offer = {
      {"type", "object"},
      {"required", {"name", "price_fen"}},
      {"properties",
       {{"name", str}, {"purposes", strs}, {"scenario", str}, {"term_days", {{"type", "integer"}}},
        {"price_fen", {{"type", "integer"}, {"minimum", 0}}}, {"seats", {{"type", "integer"}, {"nullable", true}}},
        {"cross_border", {{"type", "boolean"}}}, {"security_measures", str},
        {"disposal", {{"type", "string"}, {"enum", {"delete", "return"}}}},
        {"call_quota", {{"type", "integer"}, {"minimum", 1}, {"nullable", true},
                        {"description", "gateway offers: calls per licence seat; null: unlimited within the term"}}},
        {"rate_limit_per_s", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}, {"nullable", true},
                              {"description", "gateway offers: calls per second; null: none"}}},
        {"job_quota", {{"type", "integer"}, {"minimum", 1}, {"nullable", true},
                       {"description", "compute offers: jobs per licence seat; null: unlimited within the term"}}}}}};
  const json route = {
      {"type", "object"},
      {"required", {"method", "path_prefix"}},
      {"properties",
       {{"method", {{"type", "string"}, {"enum", {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY"}}}},
        {"path_prefix", str}}}};
  const json gateway = {
      {"type", "object"},
      {"description", "gateway products only; the credentials are sealed at rest and never shown"},
      {"required", {"upstream_url", "auth_header", "credentials", "routes"}},
      {"properties",
       {{"upstream_url", str}, {"auth_header", str}, {"credentials", str}, {"routes", {{"type", "array"}, {"items", route}}},
        {"timeout_s", {{"type", "integer"}, {"minimum", 1}, {"maximum", 120}}}}}};
  const json column = {
      {"type", "object"},
      {"required", {"name", "type", "role"}},
      {"properties",
       {{"name", str}, {"type", {{"type", "string"}, {"enum", {"text", "integer", "real", "date"}}}}, {"description", str},
        {"role", {{"type", "string"}, {"enum", {"identifier", "quasi_identifier", "sensitive", "attribute"}}}},
        {"min", {{"type", "number"}, {"nullable", true}, {"description", "integer and real columns: clamping bound"}}},
        {"max", {{"type", "number"}, {"nullable", true}, {"description", "integer and real columns: clamping bound"}}}}}};
  const json compute = {
      {"type", "object"},
      {"description", "compute products only (required for them, with a data_dictionary)"},
      {"required", {"min_group_size", "approval"}},
      {"properties",
       {{"min_group_size", {{"type", "integer"}, {"maximum", 1000000},
                            {"description", "at least config compliance.min_k_anonymity"}}},
        {"approval", {{"type", "string"}, {"enum", {"automatic", "seller"}}}},
        {"epsilon_per_licence", {{"type", "number"}, {"minimum", 0}, {"exclusiveMinimum", true}, {"maximum", 100}, {"nullable", true},
                                 {"description", "the privacy budget of each licence; null: exact aggregates"}}}}}};
  return {{"type", "object"},
          {"required", {"title"}},
          {"description", "API.md \"Products and review\"; a draft may be incomplete, screening at submit says what is missing"},
          {"properties",
           {{"title", str}, {"description", str}, {"category", str},
            {"source", {{"type", "object"}, {"properties", {{"method", str}, {"statement", str}}}}},
            {"rights", {{"type", "object"}, {"properties", {{"holder", str}, {"authorization", {{"type", "object"}}}}}}},
            {"public_data_authorization_id", str},
            {"personal_information", {{"type", "object"}}},
            {"classification", {{"type", "string"}, {"enum", {"general", "important", "core"}}}},
            {"security_assessment_file_id", str}, {"data_file_id", str}, {"format", str},
            {"delivery_mode", {{"type", "string"}, {"enum", {"file", "api", "gateway", "compute"}}}},
            {"update_frequency", {{"type", "string"}, {"enum", {"once", "daily", "weekly", "monthly", "realtime"}}}},
            {"offers", {{"type", "array"}, {"items", offer}}},
            {"gateway", gateway},
            {"compute", compute},
            {"data_dictionary", {{"type", "array"}, {"items", column}}}}}};
}

void add_listing_routes(http::Router& router, Services& services, const files::BlobStore& blobs,
                        const compliance::Rules& rules, TradingHooks trading) {
  auto c = std::make_shared<Context>(Context{services, blobs, rules, std::move(trading)});
  add_seller_routes(router, c);
  add_review_routes(router, c);
  add_catalog_routes(router, c);
  add_upstream_routes(router, c);
}

}  // namespace dx::listing
