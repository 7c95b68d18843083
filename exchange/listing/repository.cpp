#include "listing/repository.hpp"

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::listing::repository {

namespace {

using nlohmann::json;

json optional_json(const store::Stmt& st, int col) {
  return st.is_null(col) ? json(nullptr) : json::parse(st.text(col));
}

ProductRow product_row(const store::Stmt& st, const std::string& id) {
  ProductRow r;
  r.id = id;
  r.seller_id = st.text(0);
  r.status = st.text(1);
  r.version = st.int64(2);
  r.revision = st.int64(3);
  r.created_at = st.text(4);
  r.updated_at = st.text(5);
  r.listed_at = st.opt_text(6);
  r.submitted_at = st.opt_text(8);
  r.findings = optional_json(st, 9);
  r.data_sha256 = st.opt_text(10);
  r.data_rows = st.opt_int64(11);
  return r;
}

void insert_offer(store::Db& db, const std::string& product_id, std::int64_t version,
                  std::size_t position, const compliance::Offer& o) {
  auto q = db.query(
      "INSERT INTO offers (id, product_id, version, position, name, purposes, scenario, term_days, "
      "price_fen, "
      "seats, cross_border, security_measures, disposal, call_quota, rate_limit_per_s, job_quota) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, o.id)
      .bind(2, product_id)
      .bind(3, version)
      .bind(4, static_cast<std::int64_t>(position))
      .bind(5, o.name);
  q->bind(6, json(o.purposes).dump()).bind(7, o.scenario).bind(8, o.term_days).bind(9, o.price_fen);
  q->bind(10, o.seats).bind(11, o.cross_border ? 1 : 0).bind(12, o.security_measures);
  q->bind(13, compliance::to_string(o.disposal))
      .bind(14, o.call_quota)
      .bind(15, o.rate_limit_per_s)
      .bind(16, o.job_quota)
      .run();
}

std::vector<PageEntry> page_entries(store::Query& q) {
  std::vector<PageEntry> out;
  while (q->step()) out.push_back({q->text(0), q->int64(1)});
  return out;
}

// A category matches itself and everything below it: "transport" finds "transport.traffic". Written
// as a range ('/' follows '.') so the category index serves it.
constexpr const char* kCategoryFilter =
    "(?2 IS NULL OR c.category = ?2 OR (c.category > ?2 || '.' AND c.category < ?2 || '/'))";
// The stored public view names the delivery mode; few products share a page, so it is read there
// rather than kept in a column of its own.
constexpr const char* kModeFilter =
    " AND (?5 IS NULL OR json_extract(c.view, '$.delivery_mode') = ?5)";
constexpr const char* kPageColumns =
    "SELECT c.entry, c.view, a.id, a.display_name, a.kind, a.kyc_status FROM ";
constexpr const char* kSeller =
    " JOIN products p ON p.id = c.product_id JOIN accounts a ON a.id = p.seller_id ";

// The catalogue's two statements, assembled once rather than per search.
const std::string kNewest = std::string(kPageColumns) + "catalog c" + kSeller +
                            "WHERE ?1 IS NULL AND " + kCategoryFilter + kModeFilter +
                            " AND c.entry < ?3 ORDER BY c.entry DESC LIMIT ?4";
const std::string kMatching = std::string(kPageColumns) +
                              "catalog_text t JOIN catalog c ON c.entry = t.rowid" + kSeller +
                              "WHERE catalog_text MATCH ?1 AND " + kCategoryFilter + kModeFilter +
                              " AND t.rowid < ?3 ORDER BY t.rowid DESC LIMIT ?4";

}  // namespace

std::optional<StoredProduct> find_product(store::Db& db, const std::string& id) {
  auto q = db.query(
      "SELECT p.seller_id, p.status, p.version, p.revision, p.created_at, p.updated_at, "
      "p.listed_at, "
      "v.document, v.submitted_at, v.findings, v.data_sha256, v.data_rows "
      "FROM products p JOIN product_versions v ON v.product_id = p.id AND v.version = p.version "
      "WHERE p.id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return StoredProduct{product_row(*q, id), q->blob(7)};
}

void insert_product(store::Tx& tx, const ProductRow& row) {
  auto q = tx.db().query(
      "INSERT INTO products (id, seller_id, status, version, revision, created_at, updated_at) "
      "VALUES (?, ?, 'draft', 1, 1, ?, ?)");
  q->bind(1, row.id).bind(2, row.seller_id).bind(3, row.created_at).bind(4, row.updated_at).run();
}

void update_product(store::Tx& tx, const ProductRow& row) {
  auto q = tx.db().query(
      "UPDATE products SET revision = ?, updated_at = ?, version = ?, status = ?, listed_at = ? "
      "WHERE id = ?");
  q->bind(1, row.revision)
      .bind(2, row.updated_at)
      .bind(3, row.version)
      .bind(4, row.status)
      .bind(5, row.listed_at);
  q->bind(6, row.id).run();
}

void insert_version(store::Tx& tx, const std::string& product_id, std::int64_t version,
                    const compliance::Product& doc, const SealedDocument& sealed,
                    const std::string& at) {
  {
    auto q = tx.db().query(
        "INSERT INTO product_versions (product_id, version, document, document_hash, title, "
        "category, "
        "classification, personal_information, delivery_mode, created_at) VALUES (?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?)");
    q->bind(1, product_id).bind(2, version).bind_blob(3, sealed.bytes);
    q->bind(4, sealed.sha256).bind(5, doc.title).bind(6, doc.category);
    q->bind(7, compliance::to_string(doc.classification))
        .bind(8, compliance::to_string(doc.personal_information));
    q->bind(9, compliance::to_string(doc.delivery_mode)).bind(10, at).run();
  }
  for (std::size_t i = 0; i < doc.offers.size(); ++i)
    insert_offer(tx.db(), product_id, version, i, doc.offers[i]);
}

void delete_version(store::Tx& tx, const std::string& product_id, std::int64_t version) {
  tx.db()
      .query("DELETE FROM offers WHERE product_id = ? AND version = ?")
      ->bind(1, product_id)
      .bind(2, version)
      .run();
  auto q = tx.db().query("DELETE FROM product_versions WHERE product_id = ? AND version = ?");
  q->bind(1, product_id).bind(2, version).run();
}

void set_findings(store::Tx& tx, const std::string& product_id, std::int64_t version,
                  const nlohmann::json& findings) {
  auto q = tx.db().query(
      "UPDATE product_versions SET findings = ? WHERE product_id = ? AND version = ?");
  q->bind(1, findings.dump()).bind(2, product_id).bind(3, version).run();
}

void save_screening(store::Tx& tx, const ProductRow& row) {
  auto q = tx.db().query(
      "UPDATE product_versions SET submitted_at = ?, findings = ?, data_sha256 = ?, data_rows = ? "
      "WHERE product_id = ? AND version = ?");
  q->bind(1, row.submitted_at)
      .bind(2, row.findings.dump())
      .bind(3, row.data_sha256)
      .bind(4, row.data_rows);
  q->bind(5, row.id).bind(6, row.version).run();
}

std::vector<VersionSummary> versions(store::Db& db, const std::string& product_id) {
  auto q = db.query(
      "SELECT version, created_at, submitted_at, document_hash, findings FROM product_versions "
      "WHERE product_id = ? ORDER BY version");
  q->bind(1, product_id);
  std::vector<VersionSummary> out;
  while (q->step())
    out.push_back({q->int64(0), q->text(1), q->opt_text(2), q->text(3), optional_json(*q, 4)});
  return out;
}

std::vector<Review> reviews(store::Db& db, const std::string& product_id) {
  auto q = db.query(
      "SELECT version, reviewer_id, decision, reason, at FROM product_reviews WHERE product_id = ? "
      "ORDER BY id");
  q->bind(1, product_id);
  std::vector<Review> out;
  while (q->step()) out.push_back({q->int64(0), q->text(1), q->text(2), q->text(3), q->text(4)});
  return out;
}

std::vector<std::string> approvers(store::Db& db, const std::string& product_id,
                                   std::int64_t version) {
  auto q = db.query(
      "SELECT reviewer_id FROM product_reviews WHERE product_id = ? AND version = ? AND decision = "
      "'approve' ORDER BY id");
  q->bind(1, product_id).bind(2, version);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->text(0));
  return out;
}

void insert_review(store::Tx& tx, const std::string& product_id, const Review& r) {
  auto q = tx.db().query(
      "INSERT INTO product_reviews (product_id, version, reviewer_id, decision, reason, at) VALUES "
      "(?, ?, ?, ?, ?, ?)");
  q->bind(1, product_id).bind(2, r.version).bind(3, r.reviewer_id).bind(4, r.decision);
  q->bind(5, r.reason).bind(6, r.at).run();
}

std::optional<Seller> seller(store::Db& db, const std::string& account_id) {
  auto q = db.query("SELECT display_name, kind, kyc_status FROM accounts WHERE id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return Seller{q->text(0), q->text(1), q->text(2)};
}

std::vector<PageEntry> seller_products(store::Db& db, const std::string& seller,
                                       const std::optional<std::string>& status,
                                       std::int64_t cursor, int limit) {
  auto q = db.query(
      "SELECT id, rowid FROM products WHERE seller_id = ? AND (? IS NULL OR status = ?) AND rowid "
      "> ? "
      "ORDER BY rowid LIMIT ?");
  q->bind(1, seller).bind(2, status).bind(3, status).bind(4, cursor).bind(5, limit);
  return page_entries(q);
}

std::vector<PageEntry> products_in_status(store::Db& db, const std::string& status,
                                          std::int64_t cursor, int limit) {
  auto q = db.query(
      "SELECT id, rowid FROM products WHERE status = ? AND rowid > ? ORDER BY rowid LIMIT ?");
  q->bind(1, status).bind(2, cursor).bind(3, limit);
  return page_entries(q);
}

void insert_catalog_entry(store::Tx& tx, const CatalogEntry& e) {
  auto& db = tx.db();
  db.query("INSERT INTO catalog (product_id, category, view) VALUES (?, ?, ?)")
      ->bind(1, e.product_id)
      .bind(2, e.category)
      .bind(3, e.view)
      .run();
  auto q = db.query("INSERT INTO catalog_text (rowid, terms) VALUES (?, ?)");
  q->bind(1, db.last_insert_rowid()).bind(2, e.terms).run();
}

void delete_catalog_entry(store::Tx& tx, const std::string& product_id) {
  auto& db = tx.db();
  std::optional<std::int64_t> entry;
  {
    auto q = db.query("SELECT entry FROM catalog WHERE product_id = ?");
    q->bind(1, product_id);
    if (q->step()) entry = q->int64(0);
  }
  if (!entry) return;
  db.query("DELETE FROM catalog_text WHERE rowid = ?")->bind(1, *entry).run();
  db.query("DELETE FROM catalog WHERE entry = ?")->bind(1, *entry).run();
}

std::vector<CatalogHit> catalog_page(store::Db& db, const CatalogQuery& c) {
  auto q = db.query(c.match.empty() ? kNewest : kMatching);
  if (c.match.empty())
    q->bind_null(1);
  else
    q->bind(1, c.match);
  q->bind(2, c.category).bind(3, c.before).bind(4, c.limit).bind(5, c.delivery_mode);
  std::vector<CatalogHit> out;
  while (q->step())
    out.push_back({q->int64(0), q->text(1), q->text(2), {q->text(3), q->text(4), q->text(5)}});
  return out;
}

std::optional<std::string> file_owner(store::Db& db, const std::string& file_id) {
  auto q = db.query("SELECT owner_id FROM files WHERE id = ?");
  q->bind(1, file_id);
  if (!q->step()) return std::nullopt;
  return q->text(0);
}

void insert_dataset(store::Tx& tx, const ComputeDataset& d) {
  auto q = tx.db().query(
      "INSERT INTO compute_datasets (product_id, version, blob_sha256, wrapped_key, size_bytes, "
      "rows, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, d.product_id).bind(2, d.version).bind(3, d.blob_sha256).bind_blob(4, d.wrapped_key);
  q->bind(5, d.size_bytes).bind(6, d.rows).bind(7, tx.now_text()).run();
}

std::optional<std::string> blob_key(store::Db& db, const std::string& sha256_hex) {
  auto q = db.query("SELECT wrapped_key FROM blobs WHERE sha256 = ?");
  q->bind(1, sha256_hex);
  if (!q->step()) return std::nullopt;
  return q->blob(0);
}

std::optional<DataFile> data_file(store::Db& db, const std::string& file_id) {
  auto q = db.query(
      "SELECT f.sha256, b.wrapped_key, f.size_bytes, f.content_type FROM files f JOIN blobs b ON "
      "b.sha256 = f.sha256 "
      "WHERE f.id = ?");
  q->bind(1, file_id);
  if (!q->step()) return std::nullopt;
  return DataFile{q->text(0), q->blob(1), q->int64(2), q->text(3)};
}

}  // namespace dx::listing::repository
