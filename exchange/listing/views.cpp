// How products are shown to their seller and staff, and to everyone else.
#include "listing/views.hpp"

#include "listing/product_json.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

json reviews(const ProductDetails& p) {
  json out = json::array();
  for (const auto& r : p.reviews)
    out.push_back({{"version", r.version},
                   {"reviewer_id", r.reviewer_id},
                   {"decision", r.decision},
                   {"reason", r.reason},
                   {"at", r.at}});
  return out;
}

json versions(const ProductDetails& p) {
  json out = json::array();
  for (const auto& v : p.versions) {
    json j = {{"version", v.version}, {"created_at", v.created_at}, {"document_sha256", v.document_sha256}};
    j["submitted_at"] = v.submitted_at ? json(*v.submitted_at) : json(nullptr);
    j["findings"] = v.findings;
    out.push_back(std::move(j));
  }
  return out;
}

json data_facts(const ProductRow& row) {
  if (!row.data_sha256) return nullptr;
  return {{"sha256", *row.data_sha256}, {"rows", row.data_rows ? json(*row.data_rows) : json(nullptr)}};
}

json category_json(const compliance::Rules& rules, const std::string& code) {
  const auto* cat = rules.category(code);
  if (cat == nullptr) return {{"code", code}};
  return {{"code", code}, {"name_en", cat->name_en}, {"name_zh", cat->name_zh}};
}

json owner_view(const compliance::Rules& rules, const ProductDetails& p) {
  const auto& row = p.row;
  json j = owner_product_json(row.doc);
  j["id"] = row.id;
  j["seller_id"] = row.seller_id;
  j["seller"] = seller_json(row.seller_id, p.seller);
  j["status"] = row.status;
  j["version"] = row.version;
  j["created_at"] = row.created_at;
  j["updated_at"] = row.updated_at;
  j["listed_at"] = row.listed_at ? json(*row.listed_at) : json(nullptr);
  j["submitted_at"] = row.submitted_at ? json(*row.submitted_at) : json(nullptr);
  j["findings"] = row.findings.is_null() ? json::array() : row.findings;
  j["data"] = data_facts(row);
  j["category_info"] = category_json(rules, row.doc.category);
  j["reviews"] = reviews(p);
  j["versions"] = versions(p);
  return j;
}

json public_view(const compliance::Rules& rules, const ProductDetails& p) {
  json j = catalog_view(rules, p.row);
  j["seller"] = seller_json(p.row.seller_id, p.seller);
  return j;
}

}  // namespace

std::string category_names(const compliance::Rules& rules, const std::string& code) {
  const auto* cat = rules.category(code);
  return cat == nullptr ? std::string() : cat->name_zh + " / " + cat->name_en;
}

json catalog_view(const compliance::Rules& rules, const ProductRow& row) {
  json j = public_product_json(row.doc);
  j["id"] = row.id;
  j["status"] = row.status;
  j["version"] = row.version;
  j["listed_at"] = row.listed_at ? json(*row.listed_at) : json(nullptr);
  j["data"] = data_facts(row);
  j["category_info"] = category_json(rules, row.doc.category);
  return j;
}

json seller_json(std::string id, std::optional<repository::Seller> seller) {
  json out = {{"id", std::move(id)}};
  if (seller) {
    out["display_name"] = std::move(seller->display_name);
    out["kind"] = std::move(seller->kind);
    out["identity_verified"] = seller->kyc_status == "verified";
  }
  return out;
}

json product_view(const compliance::Rules& rules, const ProductDetails& p) {
  return p.audience == Audience::owner ? owner_view(rules, p) : public_view(rules, p);
}

void send_product(const http::Reply& reply, int status, const compliance::Rules& rules,
                  const Result<ProductDetails>& result) {
  if (result) http::send_json(reply, status, product_view(rules, *result));
  else http::send_problem(reply, result.error());
}

}  // namespace dx::listing
