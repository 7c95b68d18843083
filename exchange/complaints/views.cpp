#include "complaints/views.hpp"

#include "compliance/rules.hpp"
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "http/message.hpp"
#include "listing/product_store.hpp"

namespace dx::complaints {

namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

bool may_read_all(const http::Principal& who) {
  return who.is_staff() &&
         (who.has_role("complaints_officer") || who.has_role("admin") || who.has_role("auditor"));
}

json step_view(const Step& s, Viewer v) {
  json j = {{"at", s.at}, {"action", s.action}, {"note", opt(s.note)}};
  const bool answer = s.action == "seller_responded";
  if (v == Viewer::staff) {
    j["actor_id"] = s.actor_id;
    j["file_ids"] = s.file_ids;
  } else if (v == Viewer::seller && answer) {
    j["file_ids"] = s.file_ids;
  } else if (answer) {
    j["note"] = "The seller answered the exchange.";  // the answer is for the exchange to weigh
  }
  return j;
}

json history_view(store::Db& db, const ComplaintRow& k, Viewer v) {
  json out = json::array();
  for (const auto& s : repository::load_steps(db, k.id)) out.push_back(step_view(s, v));
  return out;
}

json cites(const Context& c, const ComplaintRow& k) {
  const auto& r = c.rules.rule(std::string(cited_rule(k.type)));
  return {{"rule", r.rule}, {"basis", r.basis}};
}

}  // namespace

std::optional<Viewer> viewer_of(const ComplaintRow& k, const http::Principal& who) {
  if (may_read_all(who)) return Viewer::staff;
  if (who.account_id == k.complainant_id) return Viewer::complainant;
  if (who.account_id == k.seller_id) return Viewer::seller;
  return std::nullopt;
}

json complaint_view(store::Db& db, const Context& c, const ComplaintRow& k, Viewer v, TimePoint now,
                    History history) {
  auto product = listing::load_product(db, c.s.keys.master, k.product_id);
  const auto due = parse_rfc3339(k.due_at);
  json j = {
      {"id", k.id},
      {"product_id", k.product_id},
      {"product_title", product ? product->doc.title : ""},
      {"trade_id", opt(k.trade_id)},
      {"type", std::string(to_string(k.type))},
      {"cites", cites(c, k)},
      {"statement", k.statement},
      {"status", std::string(to_string(k.status))},
      {"remedy", k.remedy == Remedy::none ? json(nullptr) : json(std::string(to_string(k.remedy)))},
      {"suspended_product", !k.trade_id && k.held_at},
      {"froze_trade", k.trade_id && k.held_at},
      {"held_at", opt(k.held_at)},
      {"acknowledge_due_at", k.acknowledge_due_at},
      {"decision_due_at", k.decision_due_at},
      {"due_at", k.due_at},
      {"overdue", due && overdue(k.status, *due, now)},
      {"acknowledged_at", opt(k.acknowledged_at)},
      {"decided_at", opt(k.decided_at)},
      {"created_at", k.created_at},
      {"updated_at", k.updated_at}};
  if (v == Viewer::seller)
    j["evidence_files"] = k.evidence_file_ids.size();
  else
    j["evidence_file_ids"] = k.evidence_file_ids;
  if (v == Viewer::staff) {
    j["complainant_id"] = k.complainant_id;
    j["seller_id"] = k.seller_id;
  }
  j["viewer"] = v == Viewer::staff ? "staff" : v == Viewer::seller ? "seller" : "complainant";
  if (history == History::with) j["history"] = history_view(db, k, v);
  return j;
}

}  // namespace dx::complaints
