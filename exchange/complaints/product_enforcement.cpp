// The product side of enforcement.hpp: suspend, restore, withdraw, return for fixing. Listing owns
// the product's status and catalogue entry, the order service its books; this file only decides
// when to call them for a complaint and says why (O13, CQO-41).
#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "complaints/enforcement.hpp"
#include "complaints/notifications.hpp"
#include "compliance/rules.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/context.hpp"
#include "listing/product_store.hpp"
#include "listing/repository.hpp"
#include "orders/order_service.hpp"
#include "orders/repository.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints {

namespace {

using listing::ProductRow;
using nlohmann::json;

ProductRow product(store::Tx& tx, const Context& c, const std::string& id) {
  auto row = listing::load_product(tx.db(), c.s.keys.master, id);
  if (!row)
    throw std::logic_error("a complaint's product is missing");  // complaints reference products
  return std::move(*row);
}

std::string of_type(const ComplaintRow& k) {
  return "a complaint of type " + std::string(to_string(k.type));
}

// "P3 (CQ-36(2), CD-25(3), SH-55(2))": the rule an upheld complaint of this type found broken.
std::string rule_cited(const Context& c, const ComplaintRow& k) {
  const auto& r = c.rules.rule(std::string(cited_rule(k.type)));
  return r.rule + " (" + r.basis + ")";
}

void tell(store::Tx& tx, const std::string& account, const char* kind, const std::string& subject,
          const std::string& text) {
  notify(tx, {account, kind, subject, text + " (O13, CQO-41).", "O13", "CQO-41"});
}

// The product leaves the catalogue and its books: resting orders are cancelled with `reason` and
// their reservations released, and each buyer is told why.
void stop_trading(store::Tx& tx, const Context& c, const ProductRow& row, const std::string& reason,
                  const std::string& because) {
  listing::remove_from_catalog(tx, row.id);
  const auto buys = orders::repository::resting_buys(tx.db(), row.id);
  orders::cancel_product_orders(tx, c.s, row.id, reason);
  for (const auto& b : buys)
    tell(tx, b.account_id, "order.cancelled", b.order_id,
         "Your order " + b.order_id + " for '" + row.doc.title +
             "' is cancelled and its reserved money released: the product " + because);
}

json complaint_finding(const Context& c, const ComplaintRow& k, const std::string& note) {
  const auto& r = c.rules.rule(std::string(cited_rule(k.type)));
  std::string message =
      "Complaint " + k.id + " of type " + std::string(to_string(k.type)) + " was upheld";
  if (!note.empty()) message += ": " + note;
  message += ". Fix the product and submit it for review again (O13, CQO-41).";
  return {{"rule", r.rule},
          {"basis", r.basis},
          {"severity", "block"},
          {"message", message},
          {"field", std::string(finding_field(k.type))}};
}

// Appends to the current version's findings, which the seller and the reviewers see with it.
void add_finding(store::Tx& tx, ProductRow& row, const json& finding) {
  json findings = row.findings.is_array() ? row.findings : json::array();
  findings.push_back(finding);
  listing::repository::set_findings(tx, row.id, row.version, findings);
  row.findings = std::move(findings);
}

}  // namespace

json why(const Case& k) {
  return {{"complaint", k.complaint.id},
          {"complaint_type", std::string(to_string(k.complaint.type))},
          {"rule", "O13"},
          {"basis", "CQO-41"}};
}

std::string product_title(store::Tx& tx, const Context& c, const std::string& product_id) {
  auto row = listing::load_product(tx.db(), c.s.keys.master, product_id);
  return row ? row->doc.title : product_id;
}

Result<bool> suspend_product(store::Tx& tx, const Context& c, const Case& k, Suspension how) {
  auto row = product(tx, c, k.complaint.product_id);
  if (row.status == "suspended")
    return true;  // another complaint suspended it; this one holds it too
  if (row.status != "listed") {
    if (how == Suspension::at_filing) return false;
    return make_error(Errc::invalid_state,
                      "A product that is " + row.status + " cannot be suspended.");
  }
  listing::set_status(tx, row, "suspended");
  stop_trading(tx, c, row, "product_suspended", "is suspended while a complaint is verified");
  json data = why(k);
  data["at_filing"] = how == Suspension::at_filing;
  tx.record(k.actor, "product.suspended", row.id, data);
  freeze_product_trades(tx, c, k, row.doc.title);
  tell(tx, row.seller_id, "product.suspended", row.id,
       "Your product '" + row.doc.title + "' is suspended while " + of_type(k.complaint) +
           " is verified");
  tell(tx, k.complaint.complainant_id, "product.suspended", k.complaint.id,
       "The product '" + row.doc.title +
           "' you complained about is suspended while your complaint is verified");
  return true;
}

void restore_product(store::Tx& tx, const Context& c, const Case& k) {
  if (!k.complaint.held_at ||
      repository::product_held_by_other(tx.db(), k.complaint.product_id, k.complaint.id))
    return;
  auto row = product(tx, c, k.complaint.product_id);
  if (row.status ==
      "suspended") {  // not when its seller withdrew it or a fix was ordered meanwhile
    listing::set_status(tx, row, "listed");
    listing::add_to_catalog(tx, row, listing::category_names(c.rules, row.doc.category),
                            listing::catalog_view(c.rules, row));
    orders::open_standing_asks(tx, c.s, row.id);
    tx.record(k.actor, "product.restored", row.id, why(k));
    tell(tx, row.seller_id, "product.restored", row.id,
         "Your product '" + row.doc.title + "' is listed again: " + of_type(k.complaint) +
             " about it was dismissed");
  }
  release_product_trades(tx, c, k, row.doc.title);
}

void withdraw_product(store::Tx& tx, const Context& c, const Case& k) {
  auto row = product(tx, c, k.complaint.product_id);
  if (row.status != "withdrawn") {
    json data = why(k);
    data["previous_status"] = row.status;
    listing::set_status(tx, row, "withdrawn");
    stop_trading(tx, c, row, "product_withdrawn", "is withdrawn after a complaint was upheld");
    tx.record(k.actor, "product.withdrawn", row.id, data);
    tell(tx, row.seller_id, "product.withdrawn", row.id,
         "Your product '" + row.doc.title + "' is withdrawn: " + of_type(k.complaint) +
             " about it was upheld under " + rule_cited(c, k.complaint));
  }
  refund_product_trades(tx, c, k, row.doc.title);
}

Status return_for_fix(store::Tx& tx, const Context& c, const Case& k, const std::string& note) {
  auto row = product(tx, c, k.complaint.product_id);
  if (row.status != "listed" && row.status != "suspended" && row.status != "in_review")
    return make_error(Errc::invalid_state,
                      "A product that is " + row.status + " cannot be returned for fixing.");
  const json finding = complaint_finding(c, k.complaint, note);
  listing::set_status(tx, row, "rejected");
  stop_trading(tx, c, row, "product_rejected", "is returned to its seller to be fixed");
  add_finding(tx, row, finding);
  json data = why(k);
  data["finding"] = finding;
  tx.record(k.actor, "product.returned_for_fix", row.id, data);
  tell(tx, row.seller_id, "product.returned_for_fix", row.id,
       "Your product '" + row.doc.title + "' is returned to you as rejected: " +
           of_type(k.complaint) + " about it was upheld under " + rule_cited(c, k.complaint) +
           ". Fix it and submit it for review again");
  release_product_trades(tx, c, k, row.doc.title);
  return ok_status();
}

}  // namespace dx::complaints
