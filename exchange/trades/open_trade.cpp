#include "trades/open_trade.hpp"

#include <limits>
#include <stdexcept>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/money.hpp"
#include "settlement/fee.hpp"
#include "settlement/trade_transition.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/repository.hpp"
#include "trades/trade_moves.hpp"

namespace dx::trades {

namespace {

using nlohmann::json;

using repository::OfferFacts;

// A party as the agreement names it: the verified legal name (O2), the exchange's account id.
json party(store::Db& db, const std::string& account_id) {
  json p = {{"account_id", account_id}};
  if (auto f = repository::party_facts(db, account_id)) {
    p["display_name"] = f->display_name;
    p["kind"] = f->kind;
    p["legal_name"] = f->legal_name ? json(*f->legal_name) : json(nullptr);
  }
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
          {"permitted_purposes", json::parse(o.purposes)},
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

json optional_number(const std::optional<std::int64_t>& n) { return n ? json(*n) : json(nullptr); }

// quota × seats (calls or jobs), or null for unlimited; past int64 it is as good as unlimited, and
// says so.
json licence_calls(const std::optional<std::int64_t>& quota, std::int64_t seats) {
  std::int64_t calls = 0;
  if (!quota) return nullptr;
  if (__builtin_mul_overflow(*quota, seats, &calls))
    return std::numeric_limits<std::int64_t>::max();
  return calls;
}

// A gateway licence's limits and routes (O12: the scope of use), where the gateway reads them
// with json_extract: $.quota.calls, $.quota.rate_limit_per_s, $.gateway.routes, $.term.end.
void add_gateway_terms(json& doc, const TradeRow& t, const OfferFacts& o) {
  if (t.delivery_mode != "gateway") return;
  if (!o.gateway_routes)
    throw std::logic_error("the listed gateway offer " + t.offer_id + " has no routes");
  doc["quota"] = {{"calls", licence_calls(o.call_quota, t.quantity)},
                  {"rate_limit_per_s", optional_number(o.rate_limit_per_s)}};
  doc["gateway"] = {{"routes", json::parse(*o.gateway_routes)}};
}

// A compute licence's terms (O12, O15: the scope of use), where the jobs read them with
// json_extract: $.quota.jobs (null: unlimited within the term), $.compute.min_group_size,
// $.compute.approval, $.compute.epsilon_per_licence (the privacy budget; null: exact results).
// A product listed before compute products had terms has none: $.compute is null, and no job
// runs for it (it has no dataset either).
void add_compute_terms(json& doc, const TradeRow& t, const OfferFacts& o) {
  if (t.delivery_mode != "compute") return;
  doc["quota"] = {{"jobs", licence_calls(o.job_quota, t.quantity)}};
  doc["compute"] = o.compute_terms ? json::parse(*o.compute_terms) : json(nullptr);
}

OfferFacts offer_of(store::Db& db, const std::string& offer_id) {
  auto offer = repository::offer_facts(db, offer_id);
  if (!offer) throw std::logic_error("a fill names no offer " + offer_id);
  return std::move(*offer);
}

TradeRow new_trade(const Config& config, const Fill& fill, const OfferFacts& offer, const std::string& now) {
  TradeRow t{.id = new_id("trd"), .offer_id = fill.offer_id, .product_id = offer.product_id,
             .product_version = offer.version, .buy_order_id = fill.buy_order_id,
             .sell_order_id = fill.sell_order_id, .buyer_id = fill.buyer_id, .seller_id = fill.seller_id,
             .price_fen = fill.price_fen, .quantity = fill.quantity,
             .amount_fen = fill.price_fen * fill.quantity,  // ≤ the buy limit × quantity, checked at entry
             .purpose = fill.purpose, .delivery_mode = offer.delivery_mode, .contract_id = new_id("ctr"),
             .created_at = now, .updated_at = now};
  const auto fee = settlement::fee_for(settlement::Fen{t.amount_fen}, config.settlement.fee_bps);
  if (!fee) throw std::logic_error("fee of a trade amount");
  t.fee_fen = fee->value();
  return t;
}

// Escrow first: the money moves in memory and in the journal together, or the command fails.
void fund(store::Tx& tx, market::Market& market, TradeRow& t, const Fill& fill) {
  if (auto st = market::fund_escrow(tx, market, {t.seq, t.id}, t.buyer_id, t.amount_fen); !st)
    throw std::logic_error("the buy order's reservation does not cover its fill: " + st.error().detail);
  const std::int64_t surplus = (fill.buy_limit_fen - fill.price_fen) * fill.quantity;
  if (surplus > 0)
    if (auto st = market::release(tx, market, t.buyer_id, surplus, fill.buy_order_id); !st)
      throw std::logic_error("the reservation above the trade price cannot be released");
  t.escrow_fen = t.amount_fen;
}

// The state machine's first step: a file, gateway or compute product is delivered at the fill
// (O15).
void first_step(store::Tx& tx, const Config& config, TradeRow& t) {
  auto moved = settlement::transition(settlement::new_trade(delivery_kind(t.delivery_mode)),
                                      settlement::TradeEvent::filled, tx.now(), windows(config));
  if (!moved) throw std::logic_error("a new trade refuses its fill");
  t.state = moved->state;
  repository::save_state(tx, t.id, t.state);
  if (t.state.status != settlement::TradeStatus::delivered) return;
  t.delivered_at = t.created_at;
  repository::save_delivered_at(tx, t.id, t.created_at);
}

void record_opening(store::Tx& tx, const TradeRow& t, const std::string& contract_sha256) {
  tx.record("exchange", "trade.opened", t.id,
            {{"offer_id", t.offer_id}, {"product_id", t.product_id}, {"buy_order_id", t.buy_order_id},
             {"sell_order_id", t.sell_order_id}, {"buyer_id", t.buyer_id}, {"seller_id", t.seller_id},
             {"price_fen", t.price_fen}, {"quantity", t.quantity}, {"amount_fen", t.amount_fen},
             {"fee_fen", t.fee_fen}, {"status", status_name(t.state)}, {"contract_id", t.contract_id}});
  tx.record("exchange", "contract.made", t.contract_id, {{"trade_id", t.id}, {"sha256", contract_sha256}});
}

}  // namespace

TradeRow open_trade(store::Tx& tx, market::Market& market, const Config& config, const Fill& fill) {
  const auto offer = offer_of(tx.db(), fill.offer_id);
  TradeRow t = new_trade(config, fill, offer, tx.now_text());
  t.seq = repository::insert_trade(tx, t);
  fund(tx, market, t, fill);
  first_step(tx, config, t);
  json terms = agreement(tx.db(), t, offer, tx.now());
  add_gateway_terms(terms, t, offer);
  add_compute_terms(terms, t, offer);
  const std::string doc = terms.dump();
  const repository::ContractRow contract{t.contract_id, t.id, doc, crypto::hex(crypto::sha256(doc)), t.created_at};
  repository::insert_contract(tx, contract);
  record_opening(tx, t, contract.sha256_hex);
  return t;
}

}  // namespace dx::trades
