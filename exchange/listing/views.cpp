// How products are shown to their seller and staff, and to everyone else.
#include "http/message.hpp"
#include "listing/context.hpp"
#include "listing/product_json.hpp"
#include "listing/repository.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

json reviews(store::Db& db, const ProductRow& row) {
  json out = json::array();
  for (auto& r : repository::reviews(db, row.id))
    out.push_back({{"version", r.version}, {"reviewer_id", std::move(r.reviewer_id)}, {"decision", std::move(r.decision)},
                   {"reason", std::move(r.reason)}, {"at", std::move(r.at)}});
  return out;
}

json versions(store::Db& db, const ProductRow& row) {
  json out = json::array();
  for (auto& v : repository::versions(db, row.id)) {
    json j = {{"version", v.version}, {"created_at", std::move(v.created_at)}, {"document_sha256", std::move(v.document_sha256)}};
    j["submitted_at"] = v.submitted_at ? json(*v.submitted_at) : json(nullptr);
    j["findings"] = v.findings ? json::parse(*v.findings) : json(nullptr);
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

}  // namespace

json seller_json(store::Db& db, const std::string& id) {
  json out = {{"id", id}};
  if (auto a = repository::seller(db, id)) {
    out["display_name"] = a->display_name;
    out["kind"] = a->kind;
    out["identity_verified"] = a->kyc_status == "verified";
  }
  return out;
}

std::string category_names(const compliance::Rules& rules, const std::string& code) {
  const auto* cat = rules.category(code);
  return cat == nullptr ? std::string() : cat->name_zh + " / " + cat->name_en;
}

bool sees_all(const http::Principal* who, const ProductRow& row) {
  return who != nullptr && (who->account_id == row.seller_id || who->is_staff());
}

json owner_view(store::Db& db, const Context& c, const ProductRow& row) {
  json j = product_json(row.doc);
  j["id"] = row.id;
  j["seller_id"] = row.seller_id;
  j["seller"] = seller_json(db, row.seller_id);
  j["status"] = row.status;
  j["version"] = row.version;
  j["created_at"] = row.created_at;
  j["updated_at"] = row.updated_at;
  j["listed_at"] = row.listed_at ? json(*row.listed_at) : json(nullptr);
  j["submitted_at"] = row.submitted_at ? json(*row.submitted_at) : json(nullptr);
  j["findings"] = row.findings.is_null() ? json::array() : row.findings;
  j["data"] = data_facts(row);
  j["category_info"] = category_json(c.rules, row.doc.category);
  j["reviews"] = reviews(db, row);
  j["versions"] = versions(db, row);
  return j;
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

json public_view(store::Db& db, const Context& c, const ProductRow& row) {
  json j = catalog_view(c.rules, row);
  j["seller"] = seller_json(db, row.seller_id);
  return j;
}

}  // namespace dx::listing
