// What listing does, apart from HTTP: typed commands in, domain results out (dx::Result). Drafts
// are created and edited, products withdrawn, reviewed and listed inside a sequencer transaction;
// reads take a connection of the read pool. Only verified sellers may list (O2, CQ-37(2)): the
// routes check that before a command is built. Another account's product is not_found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "listing/context.hpp"
#include "listing/repository.hpp"

namespace dx::listing {

// Who the product is shown to: the whole of it, or its public face.
enum class Audience { owner, everyone };

// A product with what its views show beside it, read in the same transaction as any change.
struct ProductDetails {
  ProductRow row;
  Audience audience = Audience::owner;
  std::optional<repository::Seller> seller;
  std::vector<repository::Review> reviews;           // Audience::owner only
  std::vector<repository::VersionSummary> versions;  // Audience::owner only
};

struct Viewer {
  std::optional<std::string> account_id;  // nullopt: anonymous
  bool staff = false;
};

struct DraftCommand {
  std::string seller;
  std::string product_id;  // empty when creating
  compliance::Product doc;
};

struct ProductCommand {
  std::string actor;
  std::string product_id;
};

struct ReviewCommand {
  std::string reviewer;
  std::string product_id;
  bool approve = false;
  std::string reason;
};

struct Page {
  int limit = 50;
  std::int64_t cursor = 0;
};

template <typename T>
struct Listed {
  std::vector<T> items;
  std::optional<std::int64_t> next_cursor;
};

struct QueueItem {
  ProductDetails product;
  std::size_t approvals = 0;
  std::size_t approvals_needed = 1;
};

struct CatalogSearch {
  const std::string* q = nullptr;  // the user's words, or none
  const std::optional<std::string>& category;
  const std::optional<std::string>& delivery_mode;  // file | api | gateway | compute
  Page page;
};

// The product with what its owner sees.
ProductDetails owner_details(store::Db& db, ProductRow row);

Result<ProductDetails> create_draft(store::Tx& tx, const Context& c, const DraftCommand& cmd);
// A draft or rejected product gets a new document; a rejected one is a draft again.
Result<ProductDetails> edit_draft(store::Tx& tx, const Context& c, const DraftCommand& cmd);
Result<ProductDetails> withdraw_product(store::Tx& tx, const Context& c, const ProductCommand& cmd);
// Submission and screening: screening_job.hpp.

// A product as `who` may see it: its seller and staff see any, everyone else a listed one.
Result<ProductDetails> visible_product(const Context& c, const Viewer& who, const std::string& id);
Listed<ProductDetails> seller_products(const Context& c, const std::string& seller,
                                       const std::optional<std::string>& status, Page page);

// Any product with a gateway, for staff; not_found for others and for a missing product.
Result<ProductRow> gateway_product(const Context& c, const std::string& id);

// A reviewer's decision (SH-67, O3); important products need two reviewers (P9, CQ-14).
Result<ProductDetails> decide(store::Tx& tx, const Context& c, const ReviewCommand& cmd);
Listed<QueueItem> review_queue(const Context& c, const std::string& status, Page page);

// The catalogue, newest listing first; next_cursor set when the page is full.
Listed<repository::CatalogHit> search_catalog(const Context& c, const CatalogSearch& s);

}  // namespace dx::listing
