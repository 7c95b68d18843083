#include "listing/product_store.hpp"

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/catalog_terms.hpp"
#include "listing/product_json.hpp"
#include "listing/repository.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

std::string aad(const std::string& id, std::int64_t version) { return id + "/" + std::to_string(version); }

void assign_offer_ids(compliance::Product& doc) {
  for (auto& o : doc.offers) o.id = new_id("off");
}

void insert_version(store::Tx& tx, const std::string& key, const std::string& id, std::int64_t version,
                    const compliance::Product& doc) {
  const std::string text = document_json(doc).dump();
  repository::insert_version(tx, id, version, doc,
                             {crypto::seal(key, text, aad(id, version)), crypto::hex(crypto::sha256(text))},
                             tx.now_text());
}

void touch(store::Tx& tx, ProductRow& row) {
  row.revision += 1;
  row.updated_at = tx.now_text();
  repository::update_product(tx, row);
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
  auto stored = repository::find_product(db, id);
  if (!stored) return std::nullopt;
  stored->row.doc = open_document(key, id, stored->row.version, stored->sealed_document);
  return std::move(stored->row);
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
  repository::insert_product(tx, r);
  insert_version(tx, key, r.id, 1, r.doc);
  return r;
}

void replace_document(store::Tx& tx, const std::string& key, ProductRow& row, compliance::Product doc) {
  assign_offer_ids(doc);
  if (row.submitted_at) {
    row.version += 1;
    row.submitted_at = std::nullopt;
    row.findings = nullptr;
    row.data_sha256 = std::nullopt;
    row.data_rows = std::nullopt;
  } else {
    repository::delete_version(tx, row.id, row.version);
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
  repository::save_screening(tx, row);
  touch(tx, row);
}

void set_status(store::Tx& tx, ProductRow& row, const std::string& status) {
  row.status = status;
  if (status == "listed") row.listed_at = tx.now_text();
  touch(tx, row);
}

void add_to_catalog(store::Tx& tx, const ProductRow& row, const std::string& category_names, const json& view) {
  const auto& d = row.doc;
  repository::insert_catalog_entry(
      tx, {row.id, d.category, view.dump(), index_terms(d.title + "\n" + d.description + "\n" + d.category + "\n" + category_names)});
}

void remove_from_catalog(store::Tx& tx, const std::string& product_id) { repository::delete_catalog_entry(tx, product_id); }

std::optional<std::string> file_owner(store::Db& db, const std::string& id) { return repository::file_owner(db, id); }

std::optional<DataFile> data_file(store::Db& db, const std::string& file_id) { return repository::data_file(db, file_id); }

json findings_json(const std::vector<compliance::Finding>& findings) {
  json out = json::array();
  for (const auto& f : findings)
    out.push_back({{"rule", f.rule}, {"basis", f.basis}, {"severity", compliance::to_string(f.severity)},
                   {"message", f.message}, {"field", f.field}});
  return out;
}

}  // namespace dx::listing
