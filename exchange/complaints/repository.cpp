#include "complaints/repository.hpp"

#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::complaints::repository {

namespace {

using nlohmann::json;

const std::string kSelect =
    "SELECT seq, id, complainant_id, product_id, trade_id, seller_id, type, statement, "
    "evidence_file_ids, status, remedy, held_at, acknowledge_due_at, decision_due_at, due_at, "
    "acknowledged_at, decided_at, created_at, updated_at FROM complaints ";

template <typename T>
T stored(std::optional<T> value, const std::string& text) {
  // The schema's CHECK constraints admit only names these parsers know.
  if (!value) throw std::runtime_error("unknown stored complaint value " + text);
  return *value;
}

std::vector<std::string> id_list(const std::string& text) {
  return json::parse(text).get<std::vector<std::string>>();
}

void read_parties(const store::Stmt& st, ComplaintRow& c) {
  c.seq = st.int64(0);
  c.id = st.text(1);
  c.complainant_id = st.text(2);
  c.product_id = st.text(3);
  c.trade_id = st.opt_text(4);
  c.seller_id = st.text(5);
}

void read_claim(const store::Stmt& st, ComplaintRow& c) {
  c.type = stored(parse_type(st.text(6)), st.text(6));
  c.statement = st.text(7);
  c.evidence_file_ids = id_list(st.text(8));
  c.status = stored(parse_status(st.text(9)), st.text(9));
  c.remedy = st.is_null(10) ? Remedy::none : stored(parse_remedy(st.text(10)), st.text(10));
}

void read_times(const store::Stmt& st, ComplaintRow& c) {
  c.held_at = st.opt_text(11);
  c.acknowledge_due_at = st.text(12);
  c.decision_due_at = st.text(13);
  c.due_at = st.text(14);
  c.acknowledged_at = st.opt_text(15);
  c.decided_at = st.opt_text(16);
  c.created_at = st.text(17);
  c.updated_at = st.text(18);
}

ComplaintRow from_row(const store::Stmt& st) {
  ComplaintRow c;
  read_parties(st, c);
  read_claim(st, c);
  read_times(st, c);
  return c;
}

std::vector<ComplaintRow> all_rows(store::Query& q) {
  std::vector<ComplaintRow> out;
  while (q->step()) out.push_back(from_row(*q));
  return out;
}

std::optional<std::string> remedy_text(Remedy r) {
  if (r == Remedy::none) return std::nullopt;
  return std::string(to_string(r));
}

std::optional<std::string> status_text(std::optional<State> s) {
  if (!s) return std::nullopt;
  return std::string(to_string(*s));
}

// A page boundary by sequence number; 0 means from the newest.
std::int64_t older_than(std::int64_t before_seq) {
  return before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max();
}

bool exists(store::Db& db, const std::string& sql, const std::string& a, const std::string& b) {
  auto q = db.query(sql);
  q->bind(1, a).bind(2, b);
  return q->step();
}

}  // namespace

void insert_complaint(store::Tx& tx, const ComplaintRow& c) {
  auto q = tx.db().query(
      "INSERT INTO complaints (id, complainant_id, product_id, trade_id, seller_id, type, "
      "statement, evidence_file_ids, status, remedy, held_at, acknowledge_due_at, "
      "decision_due_at, due_at, acknowledged_at, decided_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, c.id).bind(2, c.complainant_id).bind(3, c.product_id).bind(4, c.trade_id);
  q->bind(5, c.seller_id).bind(6, to_string(c.type)).bind(7, c.statement);
  q->bind(8, json(c.evidence_file_ids).dump()).bind(9, to_string(c.status));
  q->bind(10, remedy_text(c.remedy)).bind(11, c.held_at).bind(12, c.acknowledge_due_at);
  q->bind(13, c.decision_due_at).bind(14, c.due_at).bind(15, c.acknowledged_at);
  q->bind(16, c.decided_at).bind(17, c.created_at).bind(18, c.updated_at).run();
}

std::optional<ComplaintRow> load_complaint(store::Db& db, const std::string& id) {
  auto q = db.query(kSelect + "WHERE id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return from_row(*q);
}

void save_complaint(store::Tx& tx, const ComplaintRow& c) {
  auto q = tx.db().query(
      "UPDATE complaints SET status = ?, remedy = ?, held_at = ?, due_at = ?, acknowledged_at = ?, "
      "decided_at = ?, updated_at = ? WHERE id = ?");
  q->bind(1, to_string(c.status)).bind(2, remedy_text(c.remedy)).bind(3, c.held_at);
  q->bind(4, c.due_at).bind(5, c.acknowledged_at).bind(6, c.decided_at);
  q->bind(7, c.updated_at).bind(8, c.id).run();
}

std::vector<ComplaintRow> complaints_of(store::Db& db, const std::string& account,
                                        std::optional<State> status, std::int64_t before_seq,
                                        int limit) {
  auto q = db.query(kSelect +
                    "WHERE (complainant_id = ?1 OR seller_id = ?1) AND (?2 IS NULL OR "
                    "status = ?2) AND seq < ?3 ORDER BY seq DESC LIMIT ?4");
  q->bind(1, account).bind(2, status_text(status)).bind(3, older_than(before_seq));
  q->bind(4, limit);
  return all_rows(q);
}

std::vector<ComplaintRow> queue(store::Db& db, std::optional<State> status,
                                const QueueCursor& after, int limit) {
  auto q = db.query(kSelect +
                    "WHERE ((?1 IS NULL AND status IN ('received', 'acknowledged', "
                    "'information_requested')) OR status = ?1) AND (due_at > ?2 OR (due_at = ?2 "
                    "AND seq > ?3)) ORDER BY due_at, seq LIMIT ?4");
  q->bind(1, status_text(status)).bind(2, after.due_at).bind(3, after.seq).bind(4, limit);
  return all_rows(q);
}

void add_step(store::Tx& tx, const std::string& complaint_id, const Step& s) {
  auto q = tx.db().query(
      "INSERT INTO complaint_steps (complaint_id, at, actor_id, action, note, file_ids) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  q->bind(1, complaint_id).bind(2, s.at).bind(3, s.actor_id).bind(4, s.action).bind(5, s.note);
  q->bind(6, json(s.file_ids).dump()).run();
}

std::vector<Step> load_steps(store::Db& db, const std::string& complaint_id) {
  auto q = db.query(
      "SELECT at, actor_id, action, note, file_ids FROM complaint_steps WHERE complaint_id = ? "
      "ORDER BY id");
  q->bind(1, complaint_id);
  std::vector<Step> out;
  while (q->step())
    out.push_back({q->text(0), q->text(1), q->text(2), q->opt_text(3), id_list(q->text(4))});
  return out;
}

ComplainantFacts complainant_facts(store::Db& db, const std::string& account_id,
                                   const std::string& since) {
  auto q = db.query(
      "SELECT (SELECT kyc_status = 'verified' AND suspended = 0 FROM accounts WHERE id = ?1), "
      "(SELECT count(*) FROM complaints WHERE complainant_id = ?1 AND status = 'dismissed'), "
      "(SELECT count(*) FROM complaints WHERE complainant_id = ?1 AND created_at > ?2)");
  q->bind(1, account_id).bind(2, since);
  q->step();
  return {q->int64(0) != 0, q->int64(1), q->int64(2)};
}

bool product_held_by_other(store::Db& db, const std::string& product_id,
                           const std::string& except) {
  return exists(db,
                "SELECT 1 FROM complaints WHERE product_id = ? AND id <> ? AND trade_id IS NULL "
                "AND held_at IS NOT NULL AND status NOT IN ('upheld', 'dismissed') LIMIT 1",
                product_id, except);
}

bool trade_held_by_other(store::Db& db, const std::string& trade_id, const std::string& except) {
  return exists(db,
                "SELECT 1 FROM complaints WHERE trade_id = ? AND id <> ? AND held_at IS NOT NULL "
                "AND status NOT IN ('upheld', 'dismissed') LIMIT 1",
                trade_id, except);
}

void insert_notification(store::Tx& tx, const StoredNotice& s) {
  const Notice& n = s.notice;
  auto q = tx.db().query(
      "INSERT INTO notifications (id, account_id, kind, subject, text, rule, basis, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  q->bind(1, s.id).bind(2, n.account_id).bind(3, n.kind).bind(4, n.subject).bind(5, n.text);
  q->bind(6, n.rule).bind(7, n.basis).bind(8, s.created_at).run();
}

std::vector<StoredNotice> notifications_of(store::Db& db, const std::string& account_id,
                                           std::int64_t before_seq, int limit) {
  auto q = db.query(
      "SELECT seq, id, created_at, kind, subject, text, rule, basis FROM notifications "
      "WHERE account_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?");
  q->bind(1, account_id).bind(2, older_than(before_seq)).bind(3, limit);
  std::vector<StoredNotice> out;
  while (q->step())
    out.push_back({q->int64(0), q->text(1), q->text(2),
                   Notice{account_id, q->text(3), q->text(4), q->text(5), q->text(6), q->text(7)}});
  return out;
}

}  // namespace dx::complaints::repository
