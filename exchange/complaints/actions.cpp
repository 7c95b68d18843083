// An officer's actions and the seller's answer (commands.hpp). O13, CQO-41: verify, suspend where
// necessary, then withdraw, restore or fix-then-reopen, with feedback to the objector.
#include <nlohmann/json.hpp>

#include "complaints/commands.hpp"
#include "complaints/enforcement.hpp"
#include "complaints/notifications.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints {

namespace {

using nlohmann::json;

Error no_complaint() { return make_error(Errc::not_found, "No such complaint."); }

std::string step_name(Action a, const ComplaintRow& k) {
  switch (a) {
    case Action::acknowledge:
      return "acknowledged";
    case Action::suspend_product:
      return k.trade_id ? "trade_frozen" : "product_suspended";
    case Action::request_information:
      return "information_requested";
    case Action::uphold:
      return "upheld";
    case Action::dismiss:
      return "dismissed";
  }
  return std::string(to_string(a));
}

// What the action does beyond the complaint's own status: the product and trades.
Status enforce(store::Tx& tx, const Context& c, const Case& k, const ActionRequest& r) {
  const bool trade = k.complaint.trade_id.has_value();
  switch (r.action) {
    case Action::suspend_product: {
      auto held = trade ? freeze_trade(tx, c, k, Suspension::by_officer)
                        : suspend_product(tx, c, k, Suspension::by_officer);
      if (!held) return held.error();
      return ok_status();
    }
    case Action::uphold:
      if (trade)
        refund_trade(tx, c, k);
      else if (r.remedy == Remedy::withdraw)
        withdraw_product(tx, c, k);
      else
        return return_for_fix(tx, c, k, r.note);
      return ok_status();
    case Action::dismiss:
      if (trade)
        release_trade(tx, c, k);
      else
        restore_product(tx, c, k);
      return ok_status();
    case Action::acknowledge:
    case Action::request_information:
      return ok_status();
  }
  return ok_status();
}

void advance(ComplaintRow& k, Action a, Remedy remedy, State next, const std::string& now) {
  if (a == Action::acknowledge) {
    k.acknowledged_at = now;
    k.due_at = k.decision_due_at;
  }
  if (a == Action::suspend_product) k.held_at = now;
  if (!is_open(next)) {
    k.decided_at = now;
    k.remedy = remedy;
  }
  k.status = next;
  k.updated_at = now;
}

std::string outcome_words(const ComplaintRow& k, const std::string& title) {
  if (k.trade_id)
    return k.status == State::upheld ? "trade " + *k.trade_id + " is refunded unless it had settled"
                                     : "trade " + *k.trade_id + " goes on";
  if (k.status == State::dismissed) return "no action is taken against the product '" + title + "'";
  if (k.remedy == Remedy::withdraw)
    return "the product '" + title + "' is withdrawn and its unsettled trades refunded";
  return "the product '" + title +
         "' is off sale until its seller fixes it and it passes review again";
}

// Feedback to the objector (O13, CQO-41), and the seller's request for information.
void notify_action(store::Tx& tx, const ComplaintRow& k, Action a, const std::string& note,
                   const std::string& title) {
  const std::string with_note = note.empty() ? "" : " Note: " + note;
  auto tell = [&](const std::string& account, const std::string& kind, const std::string& text,
                  const char* rule, const char* basis) {
    notify(tx, {account, kind, k.id, text + " (" + rule + ", " + basis + ").", rule, basis});
  };
  if (a == Action::acknowledge)
    tell(k.complainant_id, "complaint.acknowledged",
         "Your complaint " + k.id + " is acknowledged and being verified; a decision is due by " +
             k.decision_due_at,
         "O7", "CD-25");
  if (a == Action::request_information) {
    tell(k.seller_id, "complaint.information_requested",
         "The exchange asks you about a complaint of type " + std::string(to_string(k.type)) +
             " on '" + title + "': " + note + " Answer with POST /api/v1/complaints/" + k.id +
             "/responses",
         "O13", "CQO-41");
    tell(k.complainant_id, "complaint.information_requested",
         "The exchange has asked the seller for information about your complaint " + k.id, "O13",
         "CQO-41");
  }
  if (a == Action::uphold || a == Action::dismiss)
    tell(k.complainant_id, "complaint." + std::string(to_string(k.status)),
         "Your complaint " + k.id + " is " + std::string(to_string(k.status)) + ": " +
             outcome_words(k, title) + "." + with_note,
         "O13", "CQO-41");
  // The seller heard of the complaint when it was filed; it hears how it ended (withdrawal,
  // return for fixing and restoring also tell it what happened to the product).
  if ((a == Action::uphold || a == Action::dismiss) && k.seller_id != k.complainant_id)
    tell(k.seller_id, "complaint." + std::string(to_string(k.status)),
         "A complaint of type " + std::string(to_string(k.type)) + " about '" + title + "' is " +
             std::string(to_string(k.status)),
         "O13", "CQO-41");
}

void record_action(store::Tx& tx, const std::string& officer, const ComplaintRow& k,
                   const ActionRequest& r) {
  const std::string step = step_name(r.action, k);
  repository::add_step(tx, k.id,
      {k.updated_at, officer, step, r.note.empty() ? std::nullopt : std::optional(r.note), {}});
  json data = {{"action", std::string(to_string(r.action))},
               {"status", std::string(to_string(k.status))},
               {"type", std::string(to_string(k.type))},
               {"rule", "O13"},
               {"basis", "CQO-41"}};
  if (r.remedy != Remedy::none) data["remedy"] = std::string(to_string(r.remedy));
  if (!r.note.empty()) data["note"] = r.note;
  if (r.action == Action::uphold) data["cited_rule"] = std::string(cited_rule(k.type));
  tx.record(officer, "complaint." + step, k.id, data);
}

}  // namespace

Result<ComplaintRow> take_action(store::Tx& tx, const Context& c, const std::string& officer,
                                 const std::string& id, const ActionRequest& r) {
  auto k = repository::load_complaint(tx.db(), id);
  if (!k) return no_complaint();
  auto next = decide({k->status, k->target(), k->holds()}, r.action, r.remedy);
  if (!next) return next.error();
  if (auto st = enforce(tx, c, Case{*k, officer}, r); !st) return st.error();
  advance(*k, r.action, r.remedy, *next, tx.now_text());
  repository::save_complaint(tx, *k);
  record_action(tx, officer, *k, r);
  notify_action(tx, *k, r.action, r.note, product_title(tx, c, k->product_id));
  return std::move(*k);
}

Result<ComplaintRow> respond(store::Tx& tx, const std::string& account, const std::string& id,
                             const Response& r) {
  auto k = repository::load_complaint(tx.db(), id);
  if (!k || (k->seller_id != account && k->complainant_id != account)) return no_complaint();
  if (k->seller_id != account)
    return make_error(Errc::forbidden,
                      "Only the seller answers the exchange's request for information.");
  if (k->status != State::information_requested)
    return make_error(Errc::invalid_state,
                      "The exchange has not asked for information on this complaint.");
  if (auto st = check_own_files(tx.db(), account, r.file_ids, "file_ids"); !st) return st.error();
  k->status = State::acknowledged;
  k->updated_at = tx.now_text();
  repository::save_complaint(tx, *k);
  repository::add_step(tx, k->id, {k->updated_at, account, "seller_responded", r.text, r.file_ids});
  // The answer may name people: the record keeps its digest, the history its words.
  tx.record(account, "complaint.seller_responded", k->id,
            {{"text_sha256", crypto::hex(crypto::sha256(r.text))},
             {"files", r.file_ids.size()},
             {"rule", "O13"},
             {"basis", "CQO-41"}});
  return std::move(*k);
}

}  // namespace dx::complaints
