#include "trades/open_trade.hpp"

#include <stdexcept>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/money.hpp"
#include "settlement/fee.hpp"
#include "settlement/trade_transition.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;

struct OfferFacts {
  std::string product_id, name, scenario, security_measures, disposal, delivery_mode;
  std::int64_t version = 0, term_days = 0;
  json purposes;
  std::string title, data_sha256, document_sha256;
  std::optional<std::int64_t> data_rows;
};

OfferFacts offer_facts(store::Db& db, const std::string& offer_id) {
  auto& st = db.cached(
      "SELECT f.product_id, f.version, f.name, f.purposes, f.scenario, f.term_days, f.security_measures, f.disposal, "
      "v.title, v.data_sha256, v.data_rows, v.document_hash, v.delivery_mode "
      "FROM offers f JOIN product_versions v ON v.product_id = f.product_id AND v.version = f.version WHERE f.id = ?");
  st.bind(1, offer_id);
  if (!st.step()) throw std::logic_error("a fill names no offer " + offer_id);
  OfferFacts o;
  o.product_id = st.text(0);
  o.version = st.int64(1);
  o.name = st.text(2);
  o.purposes = json::parse(st.text(3));
  o.scenario = st.text(4);
  o.term_days = st.int64(5);
  o.security_measures = st.text(6);
  o.disposal = st.text(7);
  o.title = st.text(8);
  o.data_sha256 = st.text(9);
  o.data_rows = st.opt_int64(10);
  o.document_sha256 = st.text(11);
  o.delivery_mode = st.text(12);
  st.reset();
  return o;
}

// A party as the agreement names it: the verified legal name (O2), the exchange's account id.
// `+k.status`: the account's few submissions are found by account; by status SQLite would read
// every verified submission of the exchange for each party of each trade.
json party(store::Db& db, const std::string& account_id) {
  auto& st = db.cached(
      "SELECT a.display_name, a.kind, (SELECT k.legal_name FROM kyc_submissions k WHERE k.account_id = a.id "
      "AND +k.status = 'verified' ORDER BY k.rowid DESC LIMIT 1) FROM accounts a WHERE a.id = ?");
  st.bind(1, account_id);
  json p = {{"account_id", account_id}};
  if (st.step()) {
    p["display_name"] = st.text(0);
    p["kind"] = st.text(1);
    p["legal_name"] = st.opt_text(2) ? json(st.text(2)) : json(nullptr);
  }
  st.reset();
  return p;
}

// The data-use agreement with every item O12 lists (CQ-29, CQO-25, CQ-30).
json agreement(store::Db& db, const TradeRow& t, const OfferFacts& o, TimePoint now) {
  const auto end = now + std::chrono::days(o.term_days);
  return {{"contract_id", t.contract_id},
          {"trade_id", t.id},
          {"made_at", to_rfc3339(now)},
          {"parties", {{"seller", party(db, t.seller_id)}, {"buyer", party(db, t.buyer_id)}}},
          {"data_list",
           {{{"product_id", o.product_id}, {"title", o.title}, {"version", o.version},
             {"sha256", o.data_sha256.empty() ? json(nullptr) : json(o.data_sha256)},
             {"rows", o.data_rows ? json(*o.data_rows) : json(nullptr)}, {"description_sha256", o.document_sha256}}}},
          {"licence", {{"offer_id", t.offer_id}, {"name", o.name}, {"seats", t.quantity}}},
          {"purpose", t.purpose},
          {"permitted_purposes", o.purposes},
          {"application_scenario", o.scenario},
          {"security_measures", o.security_measures},
          {"term", {{"days", o.term_days}, {"start", to_rfc3339(now)}, {"end", to_rfc3339(end)}}},
          {"disposal_after_term", o.disposal},
          {"delivery_mode", o.delivery_mode},
          {"usage_feedback", "The buyer reports its use of the data to the seller through the exchange at the "
                             "seller's request and at the end of the term, and uses it only within the purpose and "
                             "scenario above; use beyond the agreed scope is forbidden (O12, CQ-29)."},
          {"attribution", "Results made with the data credit its source: the product title and the seller (CQ-30)."},
          {"price", {{"price_fen", t.price_fen}, {"quantity", t.quantity}, {"amount_fen", t.amount_fen},
                     {"fee_fen", t.fee_fen}, {"currency", "CNY"}}},
          {"governing_rules", "LEGAL.md O12; disputes follow the exchange's dispute mechanism (O6)."}};
}

void insert_trade(store::Db& db, const TradeRow& t, const OfferFacts& o) {
  auto& st = db.cached(
      "INSERT INTO trades (id, offer_id, product_id, product_version, buy_order_id, sell_order_id, buyer_id, "
      "seller_id, price_fen, quantity, amount_fen, fee_fen, escrow_fen, purpose, delivery_mode, status, contract_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?, ?)");
  st.bind(1, t.id).bind(2, t.offer_id).bind(3, o.product_id).bind(4, o.version).bind(5, t.buy_order_id);
  st.bind(6, t.sell_order_id).bind(7, t.buyer_id).bind(8, t.seller_id).bind(9, t.price_fen).bind(10, t.quantity);
  st.bind(11, t.amount_fen).bind(12, t.fee_fen).bind(13, t.purpose).bind(14, o.delivery_mode).bind(15, t.contract_id);
  st.bind(16, t.created_at).bind(17, t.created_at).run();
  st.reset();
}

void insert_contract(store::Tx& tx, const TradeRow& t, const json& doc) {
  const std::string text = doc.dump();
  auto& st = tx.db().cached("INSERT INTO contracts (id, trade_id, document, sha256, created_at) VALUES (?, ?, ?, ?, ?)");
  st.bind(1, t.contract_id).bind(2, t.id).bind(3, text).bind(4, crypto::hex(crypto::sha256(text)));
  st.bind(5, t.created_at).run();
  st.reset();
}

}  // namespace

TradeRow open_trade(store::Tx& tx, market::Market& market, const Config& config, const Fill& fill) {
  auto& db = tx.db();
  const auto offer = offer_facts(db, fill.offer_id);
  TradeRow t;
  t.id = new_id("trd");
  t.contract_id = new_id("ctr");
  t.offer_id = fill.offer_id;
  t.product_id = offer.product_id;
  t.product_version = offer.version;
  t.buy_order_id = fill.buy_order_id;
  t.sell_order_id = fill.sell_order_id;
  t.buyer_id = fill.buyer_id;
  t.seller_id = fill.seller_id;
  t.price_fen = fill.price_fen;
  t.quantity = fill.quantity;
  t.amount_fen = fill.price_fen * fill.quantity;  // ≤ the buy limit × quantity, checked at entry
  const auto fee = settlement::fee_for(settlement::Fen{t.amount_fen}, config.settlement.fee_bps);
  if (!fee) throw std::logic_error("fee of a trade amount");
  t.fee_fen = fee->value();
  t.purpose = fill.purpose;
  t.delivery_mode = offer.delivery_mode;
  t.created_at = t.updated_at = tx.now_text();
  insert_trade(db, t, offer);
  t.seq = db.last_insert_rowid();
  // Escrow first: the money moves in memory and in the journal together, or the command fails.
  if (auto st = market::fund_escrow(tx, market, {t.seq, t.id}, t.buyer_id, t.amount_fen); !st)
    throw std::logic_error("the buy order's reservation does not cover its fill: " + st.error().detail);
  const std::int64_t surplus = (fill.buy_limit_fen - fill.price_fen) * fill.quantity;
  if (surplus > 0)
    if (auto st = market::release(tx, market, t.buyer_id, surplus, fill.buy_order_id); !st)
      throw std::logic_error("the reservation above the trade price cannot be released");
  t.escrow_fen = t.amount_fen;
  const settlement::TradeConfig windows{std::chrono::seconds(config.settlement.delivery_window_s),
                                        std::chrono::seconds(config.settlement.acceptance_window_s)};
  const auto kind = offer.delivery_mode == "file" ? settlement::DeliveryKind::file : settlement::DeliveryKind::api;
  auto moved = settlement::transition(settlement::new_trade(kind), settlement::TradeEvent::filled, tx.now(), windows);
  if (!moved) throw std::logic_error("a new trade refuses its fill");
  t.state = moved->state;
  save_state(db, t.id, t.state, tx.now());
  if (t.state.status == settlement::TradeStatus::delivered) {
    t.delivered_at = t.created_at;
    auto& st = db.cached("UPDATE trades SET delivered_at = ? WHERE id = ?");
    st.bind(1, t.created_at).bind(2, t.id).run();
    st.reset();
  }
  const json doc = agreement(db, t, offer, tx.now());
  insert_contract(tx, t, doc);
  tx.record("exchange", "trade.opened", t.id,
            {{"offer_id", t.offer_id}, {"product_id", t.product_id}, {"buy_order_id", t.buy_order_id},
             {"sell_order_id", t.sell_order_id}, {"buyer_id", t.buyer_id}, {"seller_id", t.seller_id},
             {"price_fen", t.price_fen}, {"quantity", t.quantity}, {"amount_fen", t.amount_fen},
             {"fee_fen", t.fee_fen}, {"status", status_name(t.state)}, {"contract_id", t.contract_id}});
  tx.record("exchange", "contract.made", t.contract_id,
            {{"trade_id", t.id}, {"sha256", crypto::hex(crypto::sha256(doc.dump()))}});
  return t;
}

}  // namespace dx::trades
