// Every SQL statement of listing (schema migration 4): products, their versions and offers, staff
// reviews, the catalogue and its full-text terms, and the few rows of other tables a product view
// reads (its seller, its files). Typed rows in and out; reads take a connection, writes the
// sequencer's transaction. Statements are prepared once per connection and reset by their guard.
// Not thread-safe beyond the connection's own rule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "compliance/product.hpp"
#include "listing/product_store.hpp"

namespace dx::listing::repository {

// A product row with its current version, the document still sealed.
struct StoredProduct {
  ProductRow row;  // row.doc left empty
  std::string sealed_document;
};
std::optional<StoredProduct> find_product(store::Db& db, const std::string& id);

void insert_product(store::Tx& tx, const ProductRow& row);
// Writes the row's revision, updated_at, version, status and listed_at.
void update_product(store::Tx& tx, const ProductRow& row);

struct SealedDocument {
  std::string bytes;   // crypto::seal of the document's JSON text
  std::string sha256;  // hex, of the JSON text
};
// The version row and its offers, in the document's order.
void insert_version(store::Tx& tx, const std::string& product_id, std::int64_t version,
                    const compliance::Product& doc, const SealedDocument& sealed,
                    const std::string& at);
// A version never submitted, with its offers.
void delete_version(store::Tx& tx, const std::string& product_id, std::int64_t version);
// Replaces the findings of one version (a complaint upheld adds its own).
void set_findings(store::Tx& tx, const std::string& product_id, std::int64_t version,
                  const nlohmann::json& findings);
// Stores the row's submitted_at, findings and data facts on its current version.
void save_screening(store::Tx& tx, const ProductRow& row);

struct VersionSummary {
  std::int64_t version = 0;
  std::string created_at;
  std::optional<std::string> submitted_at;
  std::string document_sha256;
  nlohmann::json findings;  // null before screening
};
std::vector<VersionSummary> versions(store::Db& db, const std::string& product_id);

struct Review {
  std::int64_t version = 0;
  std::string reviewer_id;
  std::string decision;  // approve | reject
  std::string reason;
  std::string at;
};
std::vector<Review> reviews(store::Db& db, const std::string& product_id);
// Who approved `version` so far, in order.
std::vector<std::string> approvers(store::Db& db, const std::string& product_id,
                                   std::int64_t version);
void insert_review(store::Tx& tx, const std::string& product_id, const Review& review);

struct Seller {
  std::string display_name;
  std::string kind;
  std::string kyc_status;
};
std::optional<Seller> seller(store::Db& db, const std::string& account_id);

// A page of product ids by rowid, after `cursor`.
struct PageEntry {
  std::string id;
  std::int64_t rowid = 0;
};
std::vector<PageEntry> seller_products(store::Db& db, const std::string& seller,
                                       const std::optional<std::string>& status,
                                       std::int64_t cursor, int limit);
std::vector<PageEntry> products_in_status(store::Db& db, const std::string& status,
                                          std::int64_t cursor, int limit);

struct CatalogEntry {
  std::string product_id;
  std::string category;
  std::string view;   // the public view without the seller, JSON text
  std::string terms;  // catalog_terms.hpp index_terms
};
void insert_catalog_entry(store::Tx& tx, const CatalogEntry& entry);
void delete_catalog_entry(store::Tx& tx, const std::string& product_id);

struct CatalogQuery {
  const std::string& match;                    // FTS5 expression; empty: no text search
  const std::optional<std::string>& category;  // itself and everything below it
  const std::optional<std::string>& delivery_mode;
  std::int64_t before = 0;  // entries below this one, newest first
  int limit = 0;
};
struct CatalogHit {
  std::int64_t entry = 0;
  std::string view;  // as stored
  std::string seller_id;
  Seller seller;
};
std::vector<CatalogHit> catalog_page(store::Db& db, const CatalogQuery& q);

// A compute product version's dataset (schema migration 17): its sealed database in the blob store.
struct ComputeDataset {
  std::string product_id;
  std::int64_t version = 0;
  std::string blob_sha256;
  std::string wrapped_key;
  std::int64_t size_bytes = 0;
  std::int64_t rows = 0;
};
void insert_dataset(store::Tx& tx, const ComputeDataset& d);
// The wrapped key of a stored blob, or nullopt when the content is not stored yet.
std::optional<std::string> blob_key(store::Db& db, const std::string& sha256_hex);

std::optional<std::string> file_owner(store::Db& db, const std::string& file_id);
std::optional<DataFile> data_file(store::Db& db, const std::string& file_id);

}  // namespace dx::listing::repository
