// Filing a complaint (commands.hpp): O7, CD-25 "a rights holder who finds its data traded without
// its authorisation may complain to the exchange, which must promptly verify and handle it".
#include <chrono>

#include <nlohmann/json.hpp>

#include "complaints/commands.hpp"
#include "complaints/enforcement.hpp"
#include "complaints/notifications.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "listing/product_store.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/trade_store.hpp"

namespace dx::complaints {

namespace {

using nlohmann::json;

struct Subject {
  std::string product_id, seller_id, title;
};

// The product or trade complained about, as the complainant may reach it. A product must have been
// listed (what was never public is nobody's to complain about); a trade only by its parties.
Result<Subject> resolve(store::Tx& tx, const Context& c, const std::string& complainant,
                        const Filing& f) {
  std::string product_id;
  if (f.trade_id) {
    auto t = trades::load_trade(tx.db(), *f.trade_id);
    if (!t || (t->buyer_id != complainant && t->seller_id != complainant))
      return make_error(Errc::not_found, "No such trade.");
    product_id = t->product_id;
  } else {
    product_id = *f.product_id;
  }
  auto p = listing::load_product(tx.db(), c.s.keys.master, product_id);
  if (!p || !p->listed_at) return make_error(Errc::not_found, "No such product.");
  return Subject{p->id, p->seller_id, p->doc.title};
}

// A grave complaint that does not hold its subject at once is acknowledged sooner, so that it
// heads the officers' queue (sorted by the nearest deadline).
ComplaintRow new_complaint(store::Tx& tx, const Context& c, const std::string& complainant,
                           const Filing& f, const Subject& s, bool holds) {
  const auto& cfg = c.s.config.complaints;
  const int acknowledge_s =
      is_grave(f.type) && !holds ? std::min(cfg.acknowledge_s, cfg.priority_acknowledge_s) : cfg.acknowledge_s;
  const auto due = deadlines(tx.now(), std::chrono::seconds(acknowledge_s), std::chrono::seconds(cfg.decide_s));
  ComplaintRow k;
  k.id = new_id("cpl");
  k.complainant_id = complainant;
  k.product_id = s.product_id;
  k.seller_id = s.seller_id;
  k.trade_id = f.trade_id;
  k.type = f.type;
  k.statement = f.statement;
  k.evidence_file_ids = f.evidence_file_ids;
  k.acknowledge_due_at = to_rfc3339(due.acknowledge_due);
  k.decision_due_at = to_rfc3339(due.decision_due);
  k.due_at = to_rfc3339(next_due(k.status, due));
  k.created_at = k.updated_at = tx.now_text();
  return k;
}

void record_filing(store::Tx& tx, const ComplaintRow& k) {
  repository::add_step(tx, k.id, {k.created_at, k.complainant_id, "received", "Complaint received.", {}});
  // The statement may name people: the record keeps its digest, the complaint row its words.
  tx.record(k.complainant_id, "complaint.received", k.id,
            {{"type", std::string(to_string(k.type))},
             {"product_id", k.product_id},
             {"trade_id", k.trade_id ? json(*k.trade_id) : json(nullptr)},
             {"evidence_files", k.evidence_file_ids.size()},
             {"statement_sha256", crypto::hex(crypto::sha256(k.statement))},
             {"acknowledge_due_at", k.acknowledge_due_at},
             {"decision_due_at", k.decision_due_at},
             {"rule", "O7"},
             {"basis", "CD-25"}});
}

void notify_filing(store::Tx& tx, const ComplaintRow& k, const std::string& title) {
  const std::string about =
      k.trade_id ? "trade " + *k.trade_id + " of '" + title + "'" : "'" + title + "'";
  notify(tx, {k.complainant_id, "complaint.received", k.id,
              "We received your complaint " + k.id + " of type " + std::string(to_string(k.type)) +
                  " about " + about + ". We will acknowledge it by " + k.acknowledge_due_at +
                  " and decide by " + k.decision_due_at + " (O7, CD-25).",
              "O7", "CD-25"});
  if (k.seller_id != k.complainant_id)
    notify(tx, {k.seller_id, "complaint.received", k.id,
                "A complaint of type " + std::string(to_string(k.type)) + " was made about your " +
                    (k.trade_id ? about : "product " + about) +
                    "; the exchange will verify it (O7, CD-25).",
                "O7", "CD-25"});
}

// O13, CQO-41: an objection with evidence is verified at once and the product suspended (a trade
// complaint: that trade frozen) in the same transaction as the filing.
void hold_at_once(store::Tx& tx, const Context& c, ComplaintRow& k) {
  const Case kase{k, "exchange"};
  auto held = k.trade_id ? freeze_trade(tx, c, kase, Suspension::at_filing)
                         : suspend_product(tx, c, kase, Suspension::at_filing);
  if (!held || !*held) return;
  k.held_at = tx.now_text();
  repository::save_complaint(tx, k);
  const std::string action = k.trade_id ? "trade_frozen" : "product_suspended";
  repository::add_step(tx, k.id,
           {*k.held_at,
            "exchange",
            action,
            "Held at once: a complaint of type " + std::string(to_string(k.type)) +
                " with evidence (O13, CQO-41).",
            {}});
  tx.record("exchange", "complaint." + action, k.id,
            {{"rule", "O13"}, {"basis", "CQO-41"}, {"at_filing", true}});
}

}  // namespace

Status check_own_files(store::Db& db, const std::string& owner, const std::vector<std::string>& ids,
                       const std::string& field) {
  Error e = make_error(Errc::validation_failed, "The request has invalid fields.");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string name = field + "[" + std::to_string(i) + "]";
    if (listing::file_owner(db, ids[i]) != owner)
      e.errors.push_back({name, "names a file you have not uploaded: " + ids[i]});
    else if (const auto file = listing::data_file(db, ids[i]); file && file->size_bytes == 0)
      e.errors.push_back({name, "names an empty file: evidence must have content"});
  }
  if (e.errors.empty()) return ok_status();
  return e;
}

Result<ComplaintRow> file_complaint(store::Tx& tx, const Context& c, const std::string& complainant,
                                    const Filing& f) {
  const auto& cfg = c.s.config.complaints;
  const auto who = repository::complainant_facts(tx.db(), complainant, to_rfc3339(tx.now() - std::chrono::hours(24)));
  if (who.filed_since >= cfg.max_per_day) {
    Error e = make_error(Errc::too_many_requests, "This account has filed " + std::to_string(who.filed_since) +
                                                      " complaints in 24 hours, the most it may.");
    e.retry_after_s = 3600;
    return e;
  }
  auto subject = resolve(tx, c, complainant, f);
  if (!subject) return subject.error();
  if (auto st = check_own_files(tx.db(), complainant, f.evidence_file_ids, "evidence_file_ids");
      !st)
    return st.error();
  const bool holds = suspends_at_once(f.type, f.evidence_file_ids.size(), {who.verified, who.dismissed},
                                      cfg.dismissals_to_lose_hold);
  ComplaintRow k = new_complaint(tx, c, complainant, f, *subject, holds);
  repository::insert_complaint(tx, k);
  record_filing(tx, k);
  notify_filing(tx, k, subject->title);
  if (holds) hold_at_once(tx, c, k);
  return repository::load_complaint(tx.db(), k.id).value();
}

}  // namespace dx::complaints
