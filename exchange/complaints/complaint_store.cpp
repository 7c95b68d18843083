#include "complaints/complaint_store.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "store/db.hpp"

namespace dx::complaints {

namespace {

using nlohmann::json;

constexpr const char* kColumns =
    "seq, id, complainant_id, product_id, trade_id, seller_id, type, statement, evidence_file_ids, "
    "status, remedy, "
    "held_at, acknowledge_due_at, decision_due_at, due_at, acknowledged_at, decided_at, "
    "created_at, updated_at";

template <typename T>
T stored(std::optional<T> value, const std::string& text) {
  // The schema's CHECK constraints admit only names these parsers know.
  if (!value) throw std::runtime_error("unknown stored complaint value " + text);
  return *value;
}

std::vector<std::string> id_list(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

ComplaintRow from_row(const store::Stmt& st) {
  ComplaintRow c;
  c.seq = st.int64(0);
  c.id = st.text(1);
  c.complainant_id = st.text(2);
  c.product_id = st.text(3);
  c.trade_id = st.opt_text(4);
  c.seller_id = st.text(5);
  c.type = stored(parse_type(st.text(6)), st.text(6));
  c.statement = st.text(7);
  c.evidence_file_ids = id_list(st.text(8));
  c.status = stored(parse_status(st.text(9)), st.text(9));
  c.remedy = st.is_null(10) ? Remedy::none : stored(parse_remedy(st.text(10)), st.text(10));
  c.held_at = st.opt_text(11);
  c.acknowledge_due_at = st.text(12);
  c.decision_due_at = st.text(13);
  c.due_at = st.text(14);
  c.acknowledged_at = st.opt_text(15);
  c.decided_at = st.opt_text(16);
  c.created_at = st.text(17);
  c.updated_at = st.text(18);
  return c;
}

std::optional<ComplaintRow> load_where(store::Db& db, const std::string& where, auto bind) {
  auto& st = db.cached(std::string("SELECT ") + kColumns + " FROM complaints WHERE " + where);
  bind(st);
  std::optional<ComplaintRow> out;
  if (st.step()) out = from_row(st);
  st.reset();
  return out;
}

std::optional<std::string> remedy_text(Remedy r) {
  if (r == Remedy::none) return std::nullopt;
  return std::string(to_string(r));
}

bool exists(store::Db& db, const std::string& sql, const std::string& a, const std::string& b) {
  auto& st = db.cached(sql);
  st.bind(1, a).bind(2, b);
  const bool found = st.step();
  st.reset();
  return found;
}

}  // namespace

void insert_complaint(store::Db& db, const ComplaintRow& c) {
  auto& st = db.cached(
      "INSERT INTO complaints (id, complainant_id, product_id, trade_id, seller_id, type, "
      "statement, evidence_file_ids, "
      "status, remedy, held_at, acknowledge_due_at, decision_due_at, due_at, acknowledged_at, "
      "decided_at, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, c.id)
      .bind(2, c.complainant_id)
      .bind(3, c.product_id)
      .bind(4, c.trade_id)
      .bind(5, c.seller_id);
  st.bind(6, to_string(c.type)).bind(7, c.statement).bind(8, json(c.evidence_file_ids).dump());
  st.bind(9, to_string(c.status)).bind(10, remedy_text(c.remedy)).bind(11, c.held_at);
  st.bind(12, c.acknowledge_due_at)
      .bind(13, c.decision_due_at)
      .bind(14, c.due_at)
      .bind(15, c.acknowledged_at);
  st.bind(16, c.decided_at).bind(17, c.created_at).bind(18, c.updated_at).run();
  st.reset();
}

std::optional<ComplaintRow> load_complaint(store::Db& db, const std::string& id) {
  return load_where(db, "id = ?", [&](store::Stmt& st) { st.bind(1, id); });
}

std::optional<ComplaintRow> load_complaint_by_seq(store::Db& db, std::int64_t seq) {
  return load_where(db, "seq = ?", [&](store::Stmt& st) { st.bind(1, seq); });
}

void save_complaint(store::Db& db, const ComplaintRow& c) {
  auto& st = db.cached(
      "UPDATE complaints SET status = ?, remedy = ?, held_at = ?, due_at = ?, acknowledged_at = ?, "
      "decided_at = ?, "
      "updated_at = ? WHERE id = ?");
  st.bind(1, to_string(c.status))
      .bind(2, remedy_text(c.remedy))
      .bind(3, c.held_at)
      .bind(4, c.due_at);
  st.bind(5, c.acknowledged_at).bind(6, c.decided_at).bind(7, c.updated_at).bind(8, c.id).run();
  st.reset();
}

void add_step(store::Db& db, const std::string& complaint_id, const Step& s) {
  auto& st = db.cached(
      "INSERT INTO complaint_steps (complaint_id, at, actor_id, action, note, file_ids) VALUES (?, "
      "?, ?, ?, ?, ?)");
  st.bind(1, complaint_id).bind(2, s.at).bind(3, s.actor_id).bind(4, s.action).bind(5, s.note);
  st.bind(6, json(s.file_ids).dump()).run();
  st.reset();
}

std::vector<Step> load_steps(store::Db& db, const std::string& complaint_id) {
  auto& st = db.cached(
      "SELECT at, actor_id, action, note, file_ids FROM complaint_steps WHERE complaint_id = ? "
      "ORDER BY id");
  st.bind(1, complaint_id);
  std::vector<Step> out;
  while (st.step())
    out.push_back({st.text(0), st.text(1), st.text(2), st.opt_text(3), id_list(st.text(4))});
  st.reset();
  return out;
}

bool product_held_by_other(store::Db& db, const std::string& product_id,
                           const std::string& except) {
  return exists(db,
                "SELECT 1 FROM complaints WHERE product_id = ? AND id <> ? AND trade_id IS NULL "
                "AND held_at IS NOT NULL "
                "AND status NOT IN ('upheld', 'dismissed') LIMIT 1",
                product_id, except);
}

bool trade_held_by_other(store::Db& db, const std::string& trade_id, const std::string& except) {
  return exists(db,
                "SELECT 1 FROM complaints WHERE trade_id = ? AND id <> ? AND held_at IS NOT NULL "
                "AND status NOT IN ('upheld', 'dismissed') LIMIT 1",
                trade_id, except);
}

ComplainantFacts complainant_facts(store::Db& db, const std::string& account_id, const std::string& since) {
  auto& st = db.cached(
      "SELECT (SELECT kyc_status = 'verified' AND suspended = 0 FROM accounts WHERE id = ?1), "
      "(SELECT count(*) FROM complaints WHERE complainant_id = ?1 AND status = 'dismissed'), "
      "(SELECT count(*) FROM complaints WHERE complainant_id = ?1 AND created_at > ?2)");
  st.bind(1, account_id).bind(2, since);
  st.step();
  const ComplainantFacts f{st.int64(0) != 0, st.int64(1), st.int64(2)};
  st.reset();
  return f;
}

}  // namespace dx::complaints
