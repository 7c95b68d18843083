#include "trades/repository.hpp"

#include <limits>
#include <stdexcept>

#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::trades::repository {

namespace {

using settlement::TimerKind;
using settlement::TradeStatus;

TradeStatus parse_status(const std::string& s) {
  for (auto st :
       {TradeStatus::pending, TradeStatus::awaiting_delivery, TradeStatus::delivered,
        TradeStatus::settled, TradeStatus::disputed, TradeStatus::refunded, TradeStatus::frozen})
    if (settlement::to_string(st) == s) return st;
  throw std::runtime_error("unknown stored trade status " + s);
}

TimerKind parse_timer(const std::string& s) {
  if (s == settlement::to_string(TimerKind::delivery)) return TimerKind::delivery;
  if (s == settlement::to_string(TimerKind::acceptance)) return TimerKind::acceptance;
  throw std::runtime_error("unknown stored timer kind " + s);
}

constexpr const char* kColumns =
    "seq, id, offer_id, product_id, product_version, buy_order_id, sell_order_id, buyer_id, "
    "seller_id, price_fen, quantity, amount_fen, fee_fen, escrow_fen, purpose, delivery_mode, "
    "contract_id, delivered_at, settled_at, created_at, updated_at, status, timer_kind, "
    "timer_due, frozen_from, paused_timer_kind, paused_remaining_ms, dispute_reason, disputed_at";

// Columns c, c+1, c+2: status, timer_kind, timer_due.
settlement::TradeState running_state(const store::Stmt& st, int c) {
  settlement::TradeState s;
  s.status = parse_status(st.text(c));
  s.delivery = delivery_kind(st.text(15));
  if (!st.is_null(c + 1)) {
    auto due = parse_rfc3339(st.text(c + 2));
    if (!due) throw std::runtime_error("unreadable stored timer");
    s.timer = settlement::Timer{parse_timer(st.text(c + 1)), *due};
  }
  return s;
}

// Columns c .. c+5: status, the running timer, then frozen_from, paused_timer_kind,
// paused_remaining_ms.
settlement::TradeState state_from(const store::Stmt& st, int c) {
  settlement::TradeState s = running_state(st, c);
  if (!st.is_null(c + 3)) {
    settlement::Frozen f{parse_status(st.text(c + 3)), std::nullopt};
    if (!st.is_null(c + 4))
      f.timer = settlement::PausedTimer{parse_timer(st.text(c + 4)),
                                        std::chrono::milliseconds(st.int64(c + 5))};
    s.frozen = f;
  }
  return s;
}

void read_names(const store::Stmt& st, TradeRow& t) {
  t.seq = st.int64(0);
  t.id = st.text(1);
  t.offer_id = st.text(2);
  t.product_id = st.text(3);
  t.product_version = st.int64(4);
  t.buy_order_id = st.text(5);
  t.sell_order_id = st.text(6);
  t.buyer_id = st.text(7);
  t.seller_id = st.text(8);
}

void read_terms(const store::Stmt& st, TradeRow& t) {
  t.price_fen = st.int64(9);
  t.quantity = st.int64(10);
  t.amount_fen = st.int64(11);
  t.fee_fen = st.int64(12);
  t.escrow_fen = st.int64(13);
  t.purpose = st.text(14);
  t.delivery_mode = st.text(15);
  t.contract_id = st.text(16);
}

TradeRow trade_from(const store::Stmt& st) {
  TradeRow t;
  read_names(st, t);
  read_terms(st, t);
  t.delivered_at = st.opt_text(17);
  t.settled_at = st.opt_text(18);
  t.created_at = st.text(19);
  t.updated_at = st.text(20);
  t.state = state_from(st, 21);
  t.dispute_reason = st.opt_text(27);
  t.disputed_at = st.opt_text(28);
  return t;
}

std::string timer_text(TimerKind kind) { return std::string(settlement::to_string(kind)); }

// Parameters 4-6 of save_state: what a frozen trade remembers of the state it left.
void bind_frozen(store::Stmt& st, const std::optional<settlement::Frozen>& frozen) {
  if (!frozen) {
    st.bind_null(4).bind_null(5).bind_null(6);
    return;
  }
  st.bind(4, std::string(settlement::to_string(frozen->from)));
  if (!frozen->timer) {
    st.bind_null(5).bind_null(6);
    return;
  }
  st.bind(5, timer_text(frozen->timer->kind));
  st.bind(
      6,
      static_cast<std::int64_t>(
          std::chrono::duration_cast<std::chrono::milliseconds>(frozen->timer->remaining).count()));
}

std::optional<ContractRow> find_contract(store::Db& db, const char* column,
                                         const std::string& value) {
  auto q = db.query(
      std::string("SELECT id, trade_id, document, sha256, created_at FROM contracts WHERE ") +
      column + " = ?");
  q->bind(1, value);
  if (!q->step()) return std::nullopt;
  return ContractRow{q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)};
}

// Ids and seqs of a page of trades, in the page's order.
std::vector<std::string> page_ids(store::Db& db, const TradeFilter& f) {
  const std::int64_t bound =
      f.cursor > 0 ? f.cursor : (f.oldest_first ? 0 : std::numeric_limits<std::int64_t>::max());
  auto q = db.query(f.oldest_first ? "SELECT id, seq FROM trades WHERE (?1 IS NULL OR buyer_id = "
                                     "?1 OR seller_id = ?1) AND (?2 IS NULL OR status = ?2) AND "
                                     "seq > ?3 ORDER BY seq LIMIT ?4"
                                   : "SELECT id, seq FROM trades WHERE (?1 IS NULL OR buyer_id = "
                                     "?1 OR seller_id = ?1) AND (?2 IS NULL OR status = ?2) AND "
                                     "seq < ?3 ORDER BY seq DESC LIMIT ?4");
  q->bind(1, f.party).bind(2, f.status).bind(3, bound).bind(4, f.limit);
  std::vector<std::string> ids;
  while (q->step()) ids.push_back(q->text(0));
  return ids;
}

OfferFacts offer_from(const store::Stmt& st) {
  OfferFacts o;
  o.product_id = st.text(0);
  o.version = st.int64(1);
  o.name = st.text(2);
  o.purposes = st.text(3);
  o.scenario = st.text(4);
  o.term_days = st.int64(5);
  o.security_measures = st.text(6);
  o.disposal = st.text(7);
  o.title = st.text(8);
  o.data_sha256 = st.text(9);
  o.data_rows = st.opt_int64(10);
  o.document_sha256 = st.text(11);
  o.delivery_mode = st.text(12);
  o.call_quota = st.opt_int64(13);
  o.rate_limit_per_s = st.opt_int64(14);
  o.gateway_routes = st.opt_text(15);
  o.job_quota = st.opt_int64(16);
  o.compute_terms = st.opt_text(17);
  return o;
}

DataFile data_file_from(const store::Stmt& st, const TradeRow& t) {
  DataFile d;
  d.sha256 = st.text(0);
  d.wrapped_key = st.blob(1);
  d.size = st.int64(2);
  if (!st.is_null(3)) d.content_type = st.text(3);
  d.file_name = st.is_null(4) ? t.id + ".data" : st.text(4);
  return d;
}

const char* trade_statuses(TradeSet set) {
  switch (set) {
    case TradeSet::open:
      return "('awaiting_delivery', 'delivered', 'disputed')";
    case TradeSet::frozen:
      return "('frozen')";
    case TradeSet::unsettled:
      return "('awaiting_delivery', 'delivered', 'disputed', 'frozen')";
  }
  throw std::logic_error("unknown trade set");
}
}  // namespace

std::optional<TradeRow> load_trade(store::Db& db, const std::string& id) {
  auto q = db.query(std::string("SELECT ") + kColumns + " FROM trades WHERE id = ?");
  q->bind(1, id);
  if (!q->step()) return std::nullopt;
  return trade_from(*q);
}

// The ids first, then each row: a trade is never deleted, so every id found is loaded.
std::vector<TradeRow> trade_page(store::Db& db, const TradeFilter& filter) {
  std::vector<TradeRow> rows;
  for (const auto& id : page_ids(db, filter))
    if (auto t = load_trade(db, id)) rows.push_back(std::move(*t));
  return rows;
}

std::vector<std::string> due_trade_ids(store::Db& db, TimePoint now, std::size_t max) {
  // timer_due is RFC 3339 with fixed-width fields in UTC, so text order is time order and the
  // partial index trades_timer answers this.
  auto q = db.query(
      "SELECT id FROM trades WHERE timer_due IS NOT NULL AND timer_due <= ? ORDER BY timer_due "
      "LIMIT ?");
  q->bind(1, to_rfc3339(now)).bind(2, static_cast<std::int64_t>(max));
  std::vector<std::string> ids;
  while (q->step()) ids.push_back(q->text(0));
  return ids;
}

// A gateway's routes and a compute product's terms are public (the catalogue shows them) while
// its document is sealed: they are read from the listed version's catalogue view. An offer trades
// only while its product is listed, so a fill always finds the entry.
std::optional<OfferFacts> offer_facts(store::Db& db, const std::string& offer_id) {
  auto q = db.query(
      "SELECT f.product_id, f.version, f.name, f.purposes, f.scenario, f.term_days, "
      "f.security_measures, f.disposal, v.title, v.data_sha256, v.data_rows, v.document_hash, "
      "v.delivery_mode, f.call_quota, f.rate_limit_per_s, "
      "json_extract(c.view, '$.gateway.routes'), f.job_quota, json_extract(c.view, '$.compute') "
      "FROM offers f JOIN product_versions v ON v.product_id = f.product_id AND "
      "v.version = f.version LEFT JOIN catalog c ON c.product_id = f.product_id WHERE f.id = ?");
  q->bind(1, offer_id);
  if (!q->step()) return std::nullopt;
  return offer_from(*q);
}

// `+k.status`: the account's few submissions are found by account; by status SQLite would read
// every verified submission of the exchange for each party of each trade.
std::optional<PartyFacts> party_facts(store::Db& db, const std::string& account_id) {
  auto q = db.query(
      "SELECT a.display_name, a.kind, (SELECT k.legal_name FROM kyc_submissions k WHERE "
      "k.account_id = a.id AND +k.status = 'verified' ORDER BY k.rowid DESC LIMIT 1) FROM "
      "accounts a WHERE a.id = ?");
  q->bind(1, account_id);
  if (!q->step()) return std::nullopt;
  return PartyFacts{q->text(0), q->text(1), q->opt_text(2)};
}

std::optional<ContractRow> contract_by_id(store::Db& db, const std::string& id) {
  return find_contract(db, "id", id);
}

std::optional<ContractRow> contract_of_trade(store::Db& db, const std::string& trade_id) {
  return find_contract(db, "trade_id", trade_id);
}

std::optional<DataFile> data_file(store::Db& db, const TradeRow& t) {
  auto q = db.query(
      "SELECT v.data_sha256, b.wrapped_key, b.size_bytes, f.content_type, f.file_name FROM "
      "product_versions v JOIN blobs b ON b.sha256 = v.data_sha256 LEFT JOIN files f ON f.sha256 "
      "= v.data_sha256 AND f.owner_id = ? WHERE v.product_id = ? AND v.version = ? ORDER BY "
      "f.created_at LIMIT 1");
  q->bind(1, t.seller_id).bind(2, t.product_id).bind(3, t.product_version);
  if (!q->step()) return std::nullopt;
  return data_file_from(*q, t);
}

std::optional<std::string> sealed_delivery(store::Db& db, const std::string& trade_id) {
  auto q = db.query("SELECT delivery_sealed FROM trades WHERE id = ?");
  q->bind(1, trade_id);
  if (!q->step() || q->is_null(0)) return std::nullopt;
  return q->blob(0);
}

std::int64_t insert_trade(store::Tx& tx, const TradeRow& t) {
  auto q = tx.db().query(
      "INSERT INTO trades (id, offer_id, product_id, product_version, buy_order_id, "
      "sell_order_id, buyer_id, seller_id, price_fen, quantity, amount_fen, fee_fen, escrow_fen, "
      "purpose, delivery_mode, status, contract_id, created_at, updated_at) VALUES (?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?, ?)");
  q->bind(1, t.id)
      .bind(2, t.offer_id)
      .bind(3, t.product_id)
      .bind(4, t.product_version)
      .bind(5, t.buy_order_id);
  q->bind(6, t.sell_order_id)
      .bind(7, t.buyer_id)
      .bind(8, t.seller_id)
      .bind(9, t.price_fen)
      .bind(10, t.quantity);
  q->bind(11, t.amount_fen)
      .bind(12, t.fee_fen)
      .bind(13, t.purpose)
      .bind(14, t.delivery_mode)
      .bind(15, t.contract_id);
  q->bind(16, t.created_at).bind(17, t.created_at).run();
  return tx.db().last_insert_rowid();
}

void save_state(store::Tx& tx, const std::string& id, const settlement::TradeState& s) {
  auto q = tx.db().query(
      "UPDATE trades SET status = ?, timer_kind = ?, timer_due = ?, frozen_from = ?, "
      "paused_timer_kind = ?, paused_remaining_ms = ?, updated_at = ? WHERE id = ?");
  q->bind(1, std::string(settlement::to_string(s.status)));
  if (s.timer)
    q->bind(2, timer_text(s.timer->kind)).bind(3, to_rfc3339(s.timer->due));
  else
    q->bind_null(2).bind_null(3);
  bind_frozen(*q, s.frozen);
  q->bind(7, tx.now_text()).bind(8, id).run();
}

void save_times(store::Tx& tx, const TradeRow& t) {
  auto q = tx.db().query(
      "UPDATE trades SET fee_fen = ?, delivered_at = ?, settled_at = ?, dispute_reason = ?, "
      "disputed_at = ? WHERE id = ?");
  q->bind(1, t.fee_fen)
      .bind(2, t.delivered_at)
      .bind(3, t.settled_at)
      .bind(4, t.dispute_reason)
      .bind(5, t.disputed_at);
  q->bind(6, t.id).run();
}

void save_delivered_at(store::Tx& tx, const std::string& id, const std::string& at) {
  auto q = tx.db().query("UPDATE trades SET delivered_at = ? WHERE id = ?");
  q->bind(1, at).bind(2, id).run();
}

void save_delivery(store::Tx& tx, const std::string& id, const std::string& sealed) {
  auto q = tx.db().query("UPDATE trades SET delivery_sealed = ? WHERE id = ?");
  q->bind_blob(1, sealed).bind(2, id).run();
}

void insert_contract(store::Tx& tx, const ContractRow& c) {
  auto q = tx.db().query(
      "INSERT INTO contracts (id, trade_id, document, sha256, created_at) VALUES (?, ?, ?, ?, ?)");
  q->bind(1, c.id)
      .bind(2, c.trade_id)
      .bind(3, c.document)
      .bind(4, c.sha256_hex)
      .bind(5, c.created_at)
      .run();
}

std::vector<std::string> trade_ids_of(store::Db& db, const std::string& product_id, TradeSet set) {
  auto q = db.query(std::string("SELECT id FROM trades WHERE product_id = ? AND status IN ") +
                    trade_statuses(set) + " ORDER BY seq");
  q->bind(1, product_id);
  std::vector<std::string> out;
  while (q->step()) out.push_back(q->text(0));
  return out;
}

}  // namespace dx::trades::repository
