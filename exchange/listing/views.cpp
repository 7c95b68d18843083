// How products are shown to their seller and staff, and to everyone else.
#include "http/message.hpp"
#include "listing/context.hpp"
#include "listing/product_json.hpp"
#include "store/db.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

json reviews(store::Db& db, const ProductRow& row) {
  auto& st = db.cached(
      "SELECT version, reviewer_id, decision, reason, at FROM product_reviews WHERE product_id = ? ORDER BY id");
  st.bind(1, row.id);
  json out = json::array();
  while (st.step())
    out.push_back({{"version", st.int64(0)}, {"reviewer_id", st.text(1)}, {"decision", st.text(2)},
                   {"reason", st.text(3)}, {"at", st.text(4)}});
  st.reset();
  return out;
}

json versions(store::Db& db, const ProductRow& row) {
  auto& st = db.cached(
      "SELECT version, created_at, submitted_at, document_hash, findings FROM product_versions "
      "WHERE product_id = ? ORDER BY version");
  st.bind(1, row.id);
  json out = json::array();
  while (st.step()) {
    json v = {{"version", st.int64(0)}, {"created_at", st.text(1)}, {"document_sha256", st.text(3)}};
    v["submitted_at"] = st.opt_text(2) ? json(st.text(2)) : json(nullptr);
    v["findings"] = st.is_null(4) ? json(nullptr) : json::parse(st.text(4));
    out.push_back(std::move(v));
  }
  st.reset();
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
  auto& st = db.cached("SELECT display_name, kind, kyc_status FROM accounts WHERE id = ?");
  st.bind(1, id);
  json out = {{"id", id}};
  if (st.step()) {
    out["display_name"] = st.text(0);
    out["kind"] = st.text(1);
    out["identity_verified"] = st.text(2) == "verified";
  }
  st.reset();
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
