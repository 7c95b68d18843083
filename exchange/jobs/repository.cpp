#include "jobs/repository.hpp"

#include <charconv>

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::jobs::repository {

namespace {

constexpr const char* kJobColumns =
    "SELECT j.seq, j.id, j.trade_id, j.buyer_id, t.seller_id, t.product_id, t.product_version, "
    "j.query, "
    "j.query_sha256, j.epsilon, j.status, j.rows_scanned, j.result_rows, j.result_size, "
    "j.result_sha256, "
    "j.result_wrapped_key, j.refusal_code, j.refusal_rule, j.refusal_basis, j.refusal_message, "
    "j.decision_reason, j.created_at, j.started_at, j.finished_at "
    "FROM compute_jobs j JOIN trades t ON t.id = j.trade_id ";

Job job_of(store::Stmt& q) {
  Job j{.seq = q.int64(0),
        .id = q.text(1),
        .trade_id = q.text(2),
        .buyer_id = q.text(3),
        .seller_id = q.text(4),
        .product_id = q.text(5),
        .product_version = q.int64(6),
        .query = q.text(7),
        .query_sha256 = q.text(8),
        .epsilon = q.is_null(9) ? std::nullopt : std::optional(q.real(9)),
        .status = q.text(10),
        .rows_scanned = q.opt_int64(11),
        .result_rows = q.opt_int64(12),
        .result_size = q.opt_int64(13),
        .result_sha256 = q.opt_text(14),
        .result_wrapped_key = q.blob(15),
        .refusal = std::nullopt,
        .decision_reason = q.opt_text(20),
        .created_at = q.text(21),
        .started_at = q.opt_text(22),
        .finished_at = q.opt_text(23)};
  if (!q.is_null(16)) j.refusal = Refusal{q.text(16), q.text(17), q.text(18), q.text(19)};
  return j;
}

// SQLite stores the text of a number in a REAL column as the number; the shortest text that reads
// back as the same double keeps it exact.
std::optional<std::string> real_text(const std::optional<double>& v) {
  if (!v) return std::nullopt;
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, *v);
  return std::string(buf, r.ptr);
}

void bind_refusal(store::Stmt& q, int first, const std::optional<Refusal>& r) {
  if (!r) {
    for (int i = 0; i < 4; ++i) q.bind_null(first + i);
    return;
  }
  q.bind(first, r->code)
      .bind(first + 1, r->rule)
      .bind(first + 2, r->basis)
      .bind(first + 3, r->message);
}

}  // namespace

std::optional<Job> find_job(store::Db& db, const std::string& id) {
  auto q = db.query(std::string(kJobColumns) + "WHERE j.id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return job_of(*q);
}

std::vector<Job> job_page(store::Db& db, const JobFilter& f) {
  auto q = db.query(
      std::string(kJobColumns) +
      "WHERE (?1 IS NULL OR j.trade_id = ?1) AND (?2 IS NULL OR t.seller_id = ?2) "
      "AND (?3 IS NULL OR j.status = ?3) AND (?4 = 0 OR j.seq < ?4) ORDER BY j.seq DESC LIMIT ?5");
  q->bind(1, f.trade_id).bind(2, f.seller_id).bind(3, f.status).bind(4, f.cursor).bind(5, f.limit);
  std::vector<Job> out;
  while (q->step()) out.push_back(job_of(*q));
  return out;
}

std::optional<std::int64_t> job_quota(store::Db& db, const std::string& trade_id) {
  auto q = db.query(
      "SELECT o.job_quota, t.quantity FROM trades t JOIN offers o ON o.id = t.offer_id WHERE t.id "
      "= ?");
  q->bind(1, trade_id);
  if (!q->step() || q->is_null(0)) return std::nullopt;
  std::int64_t jobs = 0;
  if (__builtin_mul_overflow(q->int64(0), q->int64(1), &jobs))
    return std::nullopt;  // as good as unlimited
  return jobs;
}

std::optional<DatasetRow> dataset(store::Db& db, const std::string& product_id,
                                  std::int64_t version) {
  auto q = db.query(
      "SELECT blob_sha256, wrapped_key FROM compute_datasets WHERE product_id = ? AND version = ?");
  q->bind(1, product_id).bind(2, version);
  if (!q->step()) return std::nullopt;
  return DatasetRow{q->text(0), q->blob(1)};
}

std::optional<std::string> blob_key(store::Db& db, const std::string& sha256_hex) {
  auto q = db.query("SELECT wrapped_key FROM blobs WHERE sha256 = ?");
  q->bind(1, sha256_hex);
  if (!q->step()) return std::nullopt;
  return q->blob(0);
}

bool any_queued(store::Db& db) {
  auto q = db.query("SELECT 1 FROM compute_jobs WHERE status = 'queued' LIMIT 1");
  return q->step();
}

void insert_job(store::Tx& tx, const Job& j) {
  auto q = tx.db().query(
      "INSERT INTO compute_jobs (id, trade_id, buyer_id, query, query_sha256, epsilon, status, "
      "created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)");
  q->bind(1, j.id).bind(2, j.trade_id).bind(3, j.buyer_id).bind(4, j.query).bind(5, j.query_sha256);
  q->bind(6, real_text(j.epsilon)).bind(7, tx.now_text()).run();
}

std::optional<Job> claim_next(store::Tx& tx) {
  std::string id;
  {
    auto q =
        tx.db().query("SELECT id FROM compute_jobs WHERE status = 'queued' ORDER BY seq LIMIT 1");
    if (!q->step()) return std::nullopt;
    id = q->text(0);
  }
  auto q = tx.db().query("UPDATE compute_jobs SET status = 'running', started_at = ? WHERE id = ?");
  q->bind(1, tx.now_text()).bind(2, id).run();
  return find_job(tx.db(), id);
}

std::vector<std::string> requeue_running(store::Tx& tx) {
  std::vector<std::string> ids;
  {
    auto q = tx.db().query("SELECT id FROM compute_jobs WHERE status = 'running' ORDER BY seq");
    while (q->step()) ids.push_back(q->text(0));
  }
  auto q = tx.db().query(
      "UPDATE compute_jobs SET status = 'queued', started_at = NULL WHERE status = 'running'");
  q->run();
  return ids;
}

bool finish(store::Tx& tx, const std::string& id, const Outcome& o) {
  const bool has_result = o.result_sha256.has_value();
  auto q = tx.db().query(
      "UPDATE compute_jobs SET status = ?, rows_scanned = ?, result_rows = ?, result_size = ?, "
      "result_sha256 = ?, "
      "result_wrapped_key = ?, refusal_code = ?, refusal_rule = ?, refusal_basis = ?, "
      "refusal_message = ?, "
      "finished_at = ? WHERE id = ? AND status = 'running'");
  q->bind(1, o.status).bind(2, o.rows_scanned);
  if (has_result) {
    q->bind(3, o.result_rows)
        .bind(4, o.result_size)
        .bind(5, *o.result_sha256)
        .bind_blob(6, o.result_wrapped_key);
  } else {
    q->bind_null(3).bind_null(4).bind_null(5).bind_null(6);
  }
  bind_refusal(*q, 7, o.refusal);
  q->bind(11, o.status == "awaiting_approval" ? std::optional<std::string>()
                                              : std::optional(tx.now_text()));
  q->bind(12, id).run();
  return tx.db().changes() == 1;
}

bool decide(store::Tx& tx, const std::string& id, const std::optional<Refusal>& refusal,
            const std::optional<std::string>& reason) {
  auto q = tx.db().query(
      "UPDATE compute_jobs SET status = ?, refusal_code = ?, refusal_rule = ?, refusal_basis = ?, "
      "refusal_message = ?, decision_reason = ?, finished_at = ? WHERE id = ? AND status = "
      "'awaiting_approval'");
  q->bind(1, refusal ? "refused" : "succeeded");
  bind_refusal(*q, 2, refusal);
  q->bind(6, reason).bind(7, tx.now_text()).bind(8, id).run();
  return tx.db().changes() == 1;
}

}  // namespace dx::jobs::repository
