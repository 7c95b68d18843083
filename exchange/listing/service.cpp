// The seller's side of listing and the reads of products and the catalogue (service.hpp).
#include "listing/service.hpp"

#include <limits>

#include <nlohmann/json.hpp>

#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/catalog_terms.hpp"
#include "listing/product_json.hpp"
#include "listing/service_parts.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

using nlohmann::json;

// validation_failed unless every file the document names was uploaded by the seller.
Status check_files(store::Db& db, const std::string& seller, const compliance::Product& doc) {
  Error e = make_error(Errc::validation_failed, "The request has invalid fields.");
  for (const auto& [field, id] : referenced_files(doc))
    if (file_owner(db, id) != seller)
      e.errors.push_back({field, "names a file you have not uploaded: " + id});
  if (e.errors.empty()) return ok_status();
  return e;
}

json product_record(const ProductRow& row) {
  return {{"version", row.version},
          {"title", row.doc.title},
          {"category", row.doc.category},
          {"classification", compliance::to_string(row.doc.classification)},
          {"offers", row.doc.offers.size()}};
}

bool sees_all(const Viewer& who, const ProductRow& row) {
  return who.account_id && (*who.account_id == row.seller_id || who.staff);
}

ProductDetails public_details(store::Db& db, ProductRow row) {
  auto seller = repository::seller(db, row.seller_id);
  return {std::move(row), Audience::everyone, std::move(seller), {}, {}};
}

}  // namespace

Error product_not_found() { return make_error(Errc::not_found, "No such product."); }

Result<ProductRow> own_product(store::Db& db, const Context& c, const ProductCommand& cmd,
                               std::initializer_list<const char*> statuses, const char* what) {
  auto row = load_product(db, c.s.keys.master, cmd.product_id);
  if (!row || row->seller_id != cmd.actor) return product_not_found();
  for (const char* s : statuses)
    if (row->status == s) return std::move(*row);
  return make_error(Errc::invalid_state,
                    std::string("A product that is ") + row->status + " cannot be " + what + ".");
}

ProductDetails owner_details(store::Db& db, ProductRow row) {
  auto seller = repository::seller(db, row.seller_id);
  auto reviews = repository::reviews(db, row.id);
  auto versions = repository::versions(db, row.id);
  return {std::move(row), Audience::owner, std::move(seller), std::move(reviews),
          std::move(versions)};
}

Result<ProductDetails> create_draft(store::Tx& tx, const Context& c, const DraftCommand& cmd) {
  if (auto st = check_files(tx.db(), cmd.seller, cmd.doc); !st) return st.error();
  auto row = create_product(tx, c.s.keys.master, cmd.seller, cmd.doc);
  tx.record(cmd.seller, "product.created", row.id, product_record(row));
  return owner_details(tx.db(), std::move(row));
}

Result<ProductDetails> edit_draft(store::Tx& tx, const Context& c, const DraftCommand& cmd) {
  auto row = own_product(tx.db(), c, {cmd.seller, cmd.product_id}, {"draft", "rejected"},
                         "edited (withdraw it and list a new product)");
  if (!row) return row.error();
  if (auto st = check_files(tx.db(), cmd.seller, cmd.doc); !st) return st.error();
  replace_document(tx, c.s.keys.master, *row, cmd.doc);
  if (row->status == "rejected") set_status(tx, *row, "draft");
  tx.record(cmd.seller, "product.updated", row->id, product_record(*row));
  return owner_details(tx.db(), std::move(*row));
}

Result<ProductDetails> withdraw_product(store::Tx& tx, const Context& c,
                                        const ProductCommand& cmd) {
  auto row = own_product(tx.db(), c, cmd, {"draft", "in_review", "rejected", "listed", "suspended"},
                         "withdrawn");
  if (!row) return row.error();
  const std::string was = row->status;
  remove_from_catalog(tx, row->id);
  set_status(tx, *row, "withdrawn");
  tx.record(cmd.actor, "product.withdrawn", row->id,
            {{"version", row->version}, {"previous_status", was}});
  if (c.trading.delisted) c.trading.delisted(tx, row->id, "product_withdrawn");
  return owner_details(tx.db(), std::move(*row));
}

Result<ProductDetails> visible_product(const Context& c, const Viewer& who, const std::string& id) {
  auto db = c.s.reads.acquire();
  auto row = load_product(*db, c.s.keys.master, id);
  if (row && sees_all(who, *row)) return owner_details(*db, std::move(*row));
  if (!row || row->status != "listed") return product_not_found();
  return public_details(*db, std::move(*row));
}

Result<ProductRow> gateway_product(const Context& c, const std::string& id) {
  auto db = c.s.reads.acquire();
  auto row = load_product(*db, c.s.keys.master, id);
  if (!row || !row->doc.gateway) return product_not_found();
  return std::move(*row);
}

Listed<ProductDetails> seller_products(const Context& c, const std::string& seller,
                                       const std::optional<std::string>& status, Page page) {
  auto db = c.s.reads.acquire();
  const auto ids = repository::seller_products(*db, seller, status, page.cursor, page.limit);
  Listed<ProductDetails> out;
  for (const auto& e : ids)
    if (auto row = load_product(*db, c.s.keys.master, e.id))
      out.items.push_back(owner_details(*db, std::move(*row)));
  if (static_cast<int>(ids.size()) == page.limit) out.next_cursor = ids.back().rowid;
  return out;
}

Listed<repository::CatalogHit> search_catalog(const Context& c, const CatalogSearch& s) {
  const std::string match = s.q ? match_expression(*s.q) : "";
  const std::int64_t before =
      s.page.cursor > 0 ? s.page.cursor : std::numeric_limits<std::int64_t>::max();
  Listed<repository::CatalogHit> out;
  {
    auto db = c.s.reads.acquire();
    out.items = repository::catalog_page(*db, {.match = match,
                                               .category = s.category,
                                               .delivery_mode = s.delivery_mode,
                                               .before = before,
                                               .limit = s.page.limit});
  }
  if (static_cast<int>(out.items.size()) == s.page.limit) out.next_cursor = out.items.back().entry;
  return out;
}

}  // namespace dx::listing
