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
        {"disposal", {{"type", "string"}, {"enum", {"delete", "return"}}}}}}};
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
            {"delivery_mode", {{"type", "string"}, {"enum", {"file", "api", "compute"}}}},
            {"update_frequency", {{"type", "string"}, {"enum", {"once", "daily", "weekly", "monthly", "realtime"}}}},
            {"offers", {{"type", "array"}, {"items", offer}}}}}};
}

void add_listing_routes(http::Router& router, Services& services, const files::BlobStore& blobs,
                        const compliance::Rules& rules, TradingHooks trading) {
  auto c = std::make_shared<Context>(Context{services, blobs, rules, std::move(trading)});
  add_seller_routes(router, c);
  add_review_routes(router, c);
  add_catalog_routes(router, c);
}

}  // namespace dx::listing
