// Products in the database (schema migration 4): the product row, its versions with the seller's
// document sealed at rest, the offers of each version, and the catalogue. Functions take the
// connection they work on; writes take the sequencer's transaction. Not thread-safe beyond that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "compliance/finding.hpp"
#include "compliance/product.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::listing {

struct ProductRow {
  std::string id;
  std::string seller_id;
  std::string status;  // draft | in_review | listed | rejected | suspended | withdrawn
  std::int64_t version = 1;
  std::int64_t revision = 1;  // bumped by every change, so a submission can tell it screened the latest
  std::string created_at, updated_at;
  std::optional<std::string> listed_at;
  compliance::Product doc;  // the current version's document, offers with their ids
  std::optional<std::string> submitted_at;  // of the current version
  nlohmann::json findings;                  // of the current version's screening, or null
  std::optional<std::string> data_sha256;
  std::optional<std::int64_t> data_rows;
};

// nullopt when there is no such product. `key` opens the sealed document.
std::optional<ProductRow> load_product(store::Db& db, const std::string& key, const std::string& id);

// Stores a new draft (version 1); gives the offers their ids.
ProductRow create_product(store::Tx& tx, const std::string& key, const std::string& seller,
                          compliance::Product doc);

// Replaces the document: in place while the current version was never submitted, otherwise as the
// next version (the submitted one is kept). New offers get new ids.
void replace_document(store::Tx& tx, const std::string& key, ProductRow& row, compliance::Product doc);

// Freezes the current version with its screening result.
void save_screening(store::Tx& tx, ProductRow& row, const nlohmann::json& findings,
                    const std::optional<std::string>& data_sha256, std::optional<std::int64_t> data_rows);

void set_status(store::Tx& tx, ProductRow& row, const std::string& status);

// The catalogue: listed products only, with their search terms and their public view (without
// the seller, whose name and verification are read when a page is served). A listed version
// cannot change while it is in the catalogue, so the view is rendered once, not per search.
void add_to_catalog(store::Tx& tx, const ProductRow& row, const std::string& category_names,
                    const nlohmann::json& view);
void remove_from_catalog(store::Tx& tx, const std::string& product_id);

// Who owns file `id`, or nullopt.
std::optional<std::string> file_owner(store::Db& db, const std::string& id);

struct DataFile {
  std::string sha256;
  std::string wrapped_key;
  std::int64_t size_bytes = 0;
  std::string content_type;
};
std::optional<DataFile> data_file(store::Db& db, const std::string& file_id);

nlohmann::json findings_json(const std::vector<compliance::Finding>& findings);

}  // namespace dx::listing
