#include "listing/product_store.hpp"

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/catalog_terms.hpp"
#include "listing/product_json.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

std::string aad(const std::string& id, std::int64_t version) { return id + "/" + std::to_string(version); }

void assign_offer_ids(compliance::Product& doc) {
  for (auto& o : doc.offers) o.id = new_id("off");
}

void insert_offers(store::Tx& tx, const std::string& product_id, std::int64_t version,
                   const compliance::Product& doc) {
  auto& st = tx.db().cached(
      "INSERT INTO offers (id, product_id, version, position, name, purposes, scenario, term_days, price_fen, "
      "seats, cross_border, security_measures, disposal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (std::size_t i = 0; i < doc.offers.size(); ++i) {
    const auto& o = doc.offers[i];
    st.bind(1, o.id).bind(2, product_id).bind(3, version).bind(4, static_cast<std::int64_t>(i)).bind(5, o.name);
    st.bind(6, json(o.purposes).dump()).bind(7, o.scenario).bind(8, o.term_days).bind(9, o.price_fen);
    st.bind(10, o.seats).bind(11, o.cross_border ? 1 : 0).bind(12, o.security_measures);
    st.bind(13, compliance::to_string(o.disposal)).run();
    st.reset();
  }
}

void insert_version(store::Tx& tx, const std::string& key, const std::string& id, std::int64_t version,
                    const compliance::Product& doc) {
  const std::string text = product_json(doc).dump();
  auto& st = tx.db().cached(
      "INSERT INTO product_versions (product_id, version, document, document_hash, title, category, "
      "classification, personal_information, delivery_mode, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, id).bind(2, version).bind_blob(3, crypto::seal(key, text, aad(id, version)));
  st.bind(4, crypto::hex(crypto::sha256(text))).bind(5, doc.title).bind(6, doc.category);
  st.bind(7, compliance::to_string(doc.classification)).bind(8, compliance::to_string(doc.personal_information));
  st.bind(9, compliance::to_string(doc.delivery_mode)).bind(10, tx.now_text()).run();
  st.reset();
  insert_offers(tx, id, version, doc);
}

void touch(store::Tx& tx, ProductRow& row) {
  row.revision += 1;
  row.updated_at = tx.now_text();
  auto& st = tx.db().cached("UPDATE products SET revision = ?, updated_at = ?, version = ?, status = ?, listed_at = ? WHERE id = ?");
  st.bind(1, row.revision).bind(2, row.updated_at).bind(3, row.version).bind(4, row.status).bind(5, row.listed_at);
  st.bind(6, row.id).run();
  st.reset();
}

compliance::Product open_document(const std::string& key, const std::string& id, std::int64_t version,
                                  const std::string& sealed) {
  auto text = crypto::open(key, sealed, aad(id, version));
  if (!text) throw std::runtime_error("product " + id + " version " + std::to_string(version) + " does not open");
  const auto stored = json::parse(*text);
  auto doc = parse_product(stored);
  if (!doc) throw std::runtime_error("product " + id + " holds a document that no longer parses");
  // parse_product reads offers without their ids; take them from the stored document.
  for (std::size_t i = 0; i < doc->offers.size(); ++i) doc->offers[i].id = stored["offers"][i]["id"].get<std::string>();
  return std::move(*doc);
}

}  // namespace

std::optional<ProductRow> load_product(store::Db& db, const std::string& key, const std::string& id) {
  auto& st = db.cached(
      "SELECT p.seller_id, p.status, p.version, p.revision, p.created_at, p.updated_at, p.listed_at, "
      "v.document, v.submitted_at, v.findings, v.data_sha256, v.data_rows "
      "FROM products p JOIN product_versions v ON v.product_id = p.id AND v.version = p.version WHERE p.id = ?");
  st.bind(1, id);
  if (!st.step()) {
    st.reset();
    return std::nullopt;
  }
  ProductRow r;
  r.id = id;
  r.seller_id = st.text(0);
  r.status = st.text(1);
  r.version = st.int64(2);
  r.revision = st.int64(3);
  r.created_at = st.text(4);
  r.updated_at = st.text(5);
  r.listed_at = st.opt_text(6);
  const std::string sealed = st.blob(7);
  r.submitted_at = st.opt_text(8);
  r.findings = st.is_null(9) ? json(nullptr) : json::parse(st.text(9));
  r.data_sha256 = st.opt_text(10);
  r.data_rows = st.opt_int64(11);
  st.reset();
  r.doc = open_document(key, id, r.version, sealed);
  return r;
}

ProductRow create_product(store::Tx& tx, const std::string& key, const std::string& seller,
                          compliance::Product doc) {
  ProductRow r;
  r.id = new_id("prd");
  r.seller_id = seller;
  r.status = "draft";
  r.created_at = r.updated_at = tx.now_text();
  assign_offer_ids(doc);
  r.doc = std::move(doc);
  r.findings = nullptr;
  auto& st = tx.db().cached(
      "INSERT INTO products (id, seller_id, status, version, revision, created_at, updated_at) "
      "VALUES (?, ?, 'draft', 1, 1, ?, ?)");
  st.bind(1, r.id).bind(2, seller).bind(3, r.created_at).bind(4, r.updated_at).run();
  st.reset();
  insert_version(tx, key, r.id, 1, r.doc);
  return r;
}

void replace_document(store::Tx& tx, const std::string& key, ProductRow& row, compliance::Product doc) {
  assign_offer_ids(doc);
  if (row.submitted_at) {
    row.version += 1;
    row.submitted_at.reset();
    row.findings = nullptr;
    row.data_sha256.reset();
    row.data_rows.reset();
  } else {
    auto& offers = tx.db().cached("DELETE FROM offers WHERE product_id = ? AND version = ?");
    offers.bind(1, row.id).bind(2, row.version).run();
    offers.reset();
    auto& v = tx.db().cached("DELETE FROM product_versions WHERE product_id = ? AND version = ?");
    v.bind(1, row.id).bind(2, row.version).run();
    v.reset();
  }
  row.doc = std::move(doc);
  insert_version(tx, key, row.id, row.version, row.doc);
  touch(tx, row);
}

void save_screening(store::Tx& tx, ProductRow& row, const json& findings,
                    const std::optional<std::string>& data_sha256, std::optional<std::int64_t> data_rows) {
  row.submitted_at = tx.now_text();
  row.findings = findings;
  row.data_sha256 = data_sha256;
  row.data_rows = data_rows;
  auto& st = tx.db().cached(
      "UPDATE product_versions SET submitted_at = ?, findings = ?, data_sha256 = ?, data_rows = ? "
      "WHERE product_id = ? AND version = ?");
  st.bind(1, *row.submitted_at).bind(2, findings.dump()).bind(3, data_sha256).bind(4, data_rows);
  st.bind(5, row.id).bind(6, row.version).run();
  st.reset();
  touch(tx, row);
}

void set_status(store::Tx& tx, ProductRow& row, const std::string& status) {
  row.status = status;
  if (status == "listed") row.listed_at = tx.now_text();
  touch(tx, row);
}

void add_to_catalog(store::Tx& tx, const ProductRow& row, const std::string& category_names, const json& view) {
  auto& db = tx.db();
  auto& entry = db.cached("INSERT INTO catalog (product_id, category, view) VALUES (?, ?, ?)");
  entry.bind(1, row.id).bind(2, row.doc.category).bind(3, view.dump()).run();
  entry.reset();
  auto& text = db.cached("INSERT INTO catalog_text (rowid, terms) VALUES (?, ?)");
  text.bind(1, db.last_insert_rowid());
  text.bind(2, index_terms(row.doc.title + "\n" + row.doc.description + "\n" + row.doc.category + "\n" + category_names));
  text.run();
  text.reset();
}

void remove_from_catalog(store::Tx& tx, const std::string& product_id) {
  auto& db = tx.db();
  auto& find = db.cached("SELECT entry FROM catalog WHERE product_id = ?");
  find.bind(1, product_id);
  std::optional<std::int64_t> entry;
  if (find.step()) entry = find.int64(0);
  find.reset();
  if (!entry) return;
  auto& text = db.cached("DELETE FROM catalog_text WHERE rowid = ?");
  text.bind(1, *entry).run();
  text.reset();
  auto& row = db.cached("DELETE FROM catalog WHERE entry = ?");
  row.bind(1, *entry).run();
  row.reset();
}

std::optional<std::string> file_owner(store::Db& db, const std::string& id) {
  auto& st = db.cached("SELECT owner_id FROM files WHERE id = ?");
  st.bind(1, id);
  std::optional<std::string> owner;
  if (st.step()) owner = st.text(0);
  st.reset();
  return owner;
}

std::optional<DataFile> data_file(store::Db& db, const std::string& file_id) {
  auto& st = db.cached(
      "SELECT f.sha256, b.wrapped_key, f.size_bytes, f.content_type FROM files f JOIN blobs b ON b.sha256 = f.sha256 "
      "WHERE f.id = ?");
  st.bind(1, file_id);
  std::optional<DataFile> out;
  if (st.step()) out = DataFile{st.text(0), st.blob(1), st.int64(2), st.text(3)};
  st.reset();
  return out;
}

json findings_json(const std::vector<compliance::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings)
    out.push_back({{"rule", f.rule}, {"basis", f.basis}, {"severity", compliance::to_string(f.severity)},
                   {"message", f.message}, {"field", f.field}});
  return out;
}

}  // namespace dx::listing
