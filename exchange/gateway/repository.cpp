#include "gateway/repository.hpp"

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::gateway::repository {

std::optional<LicenceRow> licence(store::Db& db, const std::string& trade_id) {
  auto q = db.query(
      "SELECT t.id, t.buyer_id, t.seller_id, t.product_id, t.delivery_mode, t.status, "
      "json_extract(c.document, '$.term.end'), json_extract(c.document, '$.quota.calls'), "
      "json_extract(c.document, '$.quota.rate_limit_per_s'), p.status, b.suspended, s.suspended "
      "FROM trades t JOIN contracts c ON c.id = t.contract_id JOIN products p ON p.id = t.product_id "
      "JOIN accounts b ON b.id = t.buyer_id JOIN accounts s ON s.id = t.seller_id WHERE t.id = ?");
  q->bind(1, trade_id);
  if (!q->step()) return std::nullopt;
  return LicenceRow{.trade_id = q->text(0),
                    .buyer_id = q->text(1),
                    .seller_id = q->text(2),
                    .product_id = q->text(3),
                    .delivery_mode = q->text(4),
                    .trade_status = q->text(5),
                    .term_end = q->opt_text(6),
                    .call_quota = q->opt_int64(7),
                    .rate_limit_per_s = q->opt_int64(8),
                    .product_status = q->text(9),
                    .buyer_suspended = q->int64(10) != 0,
                    .seller_suspended = q->int64(11) != 0};
}

Totals totals(store::Db& db, const std::string& trade_id) {
  auto q = db.query("SELECT coalesce(sum(calls), 0), coalesce(sum(bytes_out), 0) FROM gateway_usage WHERE trade_id = ?");
  q->bind(1, trade_id);
  q->step();
  return {q->int64(0), q->int64(1)};
}

JobTotals job_totals(store::Db& db, const std::string& trade_id) {
  auto q = db.query("SELECT count(*), coalesce(sum(epsilon), 0) FROM compute_jobs WHERE trade_id = ?");
  q->bind(1, trade_id);
  q->step();
  return {q->int64(0), q->real(1)};
}

std::vector<Day> by_day(store::Db& db, const std::string& trade_id) {
  auto q = db.query("SELECT day, calls, bytes_out FROM gateway_usage WHERE trade_id = ? ORDER BY day");
  q->bind(1, trade_id);
  std::vector<Day> out;
  while (q->step()) out.push_back({q->text(0), q->int64(1), q->int64(2)});
  return out;
}

void insert_batch(store::Tx& tx, const Batch& b) {
  {
    auto q = tx.db().query(
        "INSERT INTO gateway_batches (id, node, at, calls, bytes_out, log_file, log_offset, log_length, "
        "log_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q->bind(1, b.id).bind(2, b.node).bind(3, tx.now_text()).bind(4, b.calls).bind(5, b.bytes_out);
    q->bind(6, b.log_file).bind(7, b.log_offset).bind(8, b.log_length).bind(9, b.log_sha256).run();
  }
  for (const auto& i : b.items) {
    {
      auto q = tx.db().query(
          "INSERT INTO gateway_batch_items (batch_id, trade_id, day, calls, bytes_out) VALUES (?, ?, ?, ?, ?)");
      q->bind(1, b.id).bind(2, i.trade_id).bind(3, i.date).bind(4, i.calls).bind(5, i.bytes_out).run();
    }
    auto q = tx.db().query(
        "INSERT INTO gateway_usage (trade_id, day, calls, bytes_out) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (trade_id, day) DO UPDATE SET calls = calls + excluded.calls, "
        "bytes_out = bytes_out + excluded.bytes_out");
    q->bind(1, i.trade_id).bind(2, i.date).bind(3, i.calls).bind(4, i.bytes_out).run();
  }
}

bool batch_exists(store::Db& db, const std::string& id) {
  auto q = db.query("SELECT 1 FROM gateway_batches WHERE id = ?");
  q->bind(1, id);
  return q->step();
}

}  // namespace dx::gateway::repository
