// Staff review of submitted products (SH-67 compliance review; O3 keeps every decision). An
// `important` product needs approvals from two different reviewers (P9, CQ-14); nobody reviews
// their own (review_rules.hpp).
#include <nlohmann/json.hpp>

#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/review_rules.hpp"
#include "listing/service_parts.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"

namespace dx::listing {

namespace {

bool important(const ProductRow& row) {
  return row.doc.classification == compliance::Classification::important;
}

void list_product(store::Tx& tx, const Context& c, const std::string& reviewer, ProductRow& row) {
  set_status(tx, row, "listed");
  add_to_catalog(tx, row, category_names(c.rules, row.doc.category), catalog_view(c.rules, row));
  tx.record(reviewer, "product.listed", row.id, {{"version", row.version}});
  if (c.trading.listed) c.trading.listed(tx, row.id);
}

}  // namespace

Result<ProductDetails> decide(store::Tx& tx, const Context& c, const ReviewCommand& cmd) {
  auto row = load_product(tx.db(), c.s.keys.master, cmd.product_id);
  if (!row) return product_not_found();
  const auto outcome =
      review_outcome({.status = row->status,
                      .seller_id = row->seller_id,
                      .important = important(*row),
                      .approvers = repository::approvers(tx.db(), row->id, row->version)},
                     cmd.reviewer, cmd.approve);
  if (!outcome) return outcome.error();
  repository::insert_review(
      tx, row->id,
      {row->version, cmd.reviewer, cmd.approve ? "approve" : "reject", cmd.reason, tx.now_text()});
  tx.record(cmd.reviewer, cmd.approve ? "product.approved" : "product.rejected", row->id,
            {{"version", row->version},
             {"reason", cmd.reason},
             {"approvals", outcome->approvals},
             {"approvals_needed", outcome->approvals_needed}});
  if (*outcome == ReviewOutcome::Next::rejected) set_status(tx, *row, "rejected");
  if (*outcome == ReviewOutcome::Next::listed) list_product(tx, c, cmd.reviewer, *row);
  return owner_details(tx.db(), std::move(*row));
}

Listed<QueueItem> review_queue(const Context& c, const std::string& status, Page page) {
  auto db = c.s.reads.acquire();
  const auto ids = repository::products_in_status(*db, status, page.cursor, page.limit);
  Listed<QueueItem> out;
  for (const auto& e : ids)
    if (auto row = load_product(*db, c.s.keys.master, e.id)) {
      const std::size_t approvals = repository::approvers(*db, row->id, row->version).size();
      const std::size_t needed = important(*row) ? 2 : 1;
      out.items.push_back({owner_details(*db, std::move(*row)), approvals, needed});
    }
  if (static_cast<int>(ids.size()) == page.limit) out.next_cursor = ids.back().rowid;
  return out;
}

}  // namespace dx::listing
