#include "orders/order_service.hpp"

#include <stdexcept>

#include "config/config.hpp"
#include "core/json_text.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/market.hpp"
#include "market/money.hpp"
#include "orders/order_row.hpp"
#include "store/account_index.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/open_trade.hpp"

namespace dx::orders {

namespace {

using nlohmann::json;

struct Offer {
  std::int64_t rowid = 0;
  std::string id, product_id;
  std::int64_t price_fen = 0;
  std::optional<std::int64_t> seats;
  OfferFacts facts;
};

std::optional<Offer> load_offer(store::Db& db, const std::string& offer_id) {
  auto& st = db.cached(
      "SELECT f.rowid, f.product_id, f.price_fen, f.seats, f.purposes, f.cross_border, f.version = p.version, "
      "p.status, p.seller_id, v.classification, v.personal_information, a.suspended "
      "FROM offers f JOIN products p ON p.id = f.product_id "
      "JOIN product_versions v ON v.product_id = f.product_id AND v.version = f.version "
      "JOIN accounts a ON a.id = p.seller_id WHERE f.id = ?");
  st.bind(1, offer_id);
  std::optional<Offer> o;
  if (st.step()) {
    o = Offer{st.int64(0), offer_id, st.text(1), st.int64(2), st.opt_int64(3), {}};
    for (const auto& p : json::parse(st.text(4))) o->facts.purposes.push_back(p.get<std::string>());
    o->facts.cross_border = st.int64(5) != 0;
    o->facts.current_version = st.int64(6) != 0;
    o->facts.product_status = st.text(7);
    o->facts.seller_id = st.text(8);
    o->facts.important = st.text(9) != "general";
    o->facts.personal_information = st.text(10) != "none";
    o->facts.seller_suspended = st.int64(11) != 0;
  }
  st.reset();
  return o;
}

std::int64_t scalar(store::Db& db, const char* sql, const std::string& key) {
  auto& st = db.cached(sql);
  st.bind(1, key);
  const std::int64_t v = st.step() ? st.int64(0) : 0;
  st.reset();
  return v;
}

// Seats the seller may still offer: the offer's seats less those sold and those already asked.
std::int64_t seats_left(store::Db& db, const Offer& offer) {
  // The product's trades (indexed), not every trade of the exchange.
  auto& st = db.cached("SELECT COALESCE(SUM(quantity), 0) FROM trades WHERE product_id = ? AND offer_id = ?");
  st.bind(1, offer.product_id).bind(2, offer.id);
  const std::int64_t sold = st.step() ? st.int64(0) : 0;
  st.reset();
  const auto asked = scalar(db,
                            "SELECT COALESCE(SUM(quantity - filled_quantity), 0) FROM orders WHERE offer_id = ? "
                            "AND side = 'sell' AND status IN ('open', 'partially_filled')",
                            offer.id);
  return *offer.seats - sold - asked;
}

const char* tif_name(TimeInForce t) { return t == TimeInForce::gtc ? "GTC" : t == TimeInForce::ioc ? "IOC" : "FOK"; }

matching::TimeInForce book_tif(const std::string& t) {
  return t == "GTC" ? matching::TimeInForce::gtc : t == "IOC" ? matching::TimeInForce::ioc : matching::TimeInForce::fok;
}

// The data of an order.accepted record, as its dump (keys sorted): written for every order.
std::string order_record(const OrderRow& o) {
  JsonText t;
  t.begin_object().key("offer_id").value(o.offer_id).key("price_fen").value(o.price_fen);
  t.key("product_id").value(o.product_id).key("purpose").value(o.purpose);
  if (o.quantity) t.key("quantity").value(*o.quantity);
  else t.key("quantity").null();
  t.key("side").value(o.side).key("standing").value(o.standing).key("time_in_force").value(o.time_in_force);
  return t.end_object().take();
}

Answer refused(store::Tx& tx, const Caller& caller, const OrderRequest& r, Error refusal) {
  tx.record(caller.account_id, "order.refused", r.offer_id,
            {{"side", r.side == Side::buy ? "buy" : "sell"}, {"price_fen", r.price_fen}, {"quantity", r.quantity},
             {"time_in_force", tif_name(r.time_in_force)}, {"purpose", r.purpose}, {"code", code_name(refusal.code)},
             {"rule", refusal.rule}, {"basis", refusal.basis}, {"detail", refusal.detail}});
  return Answer{http_status(refusal.code), nullptr, std::move(refusal), {}};
}

void settle_fill(store::Tx& tx, Services& s, OrderRow& taker, const matching::Filled& f, json& trades) {
  auto maker = load_order_by_seq(tx.db(), static_cast<std::int64_t>(f.maker));
  if (!maker) throw std::logic_error("a fill names an order that is not stored");
  OrderRow& buy = taker.side == "buy" ? taker : *maker;
  OrderRow& sell = taker.side == "buy" ? *maker : taker;
  const auto trade = trades::open_trade(
      tx, s.market, s.config,
      {taker.offer_id, buy.id, sell.id, buy.account_id, sell.account_id, f.price, f.quantity, buy.price_fen, buy.purpose});
  buy.reserved_fen -= buy.price_fen * f.quantity;  // price × quantity into escrow, the rest released
  for (OrderRow* o : {&buy, &sell}) {
    o->filled_quantity += f.quantity;
    o->updated_at = tx.now_text();
    tx.record(o->account_id, "order.filled", o->id,
              {{"trade_id", trade.id}, {"price_fen", f.price}, {"quantity", f.quantity},
               {"filled_quantity", o->filled_quantity}});
  }
  maker->status = maker->quantity && maker->remaining() == 0 ? "filled" : "partially_filled";
  save_order(tx.db(), *maker);
  trades.push_back({{"id", trade.id}, {"price_fen", f.price}, {"quantity", f.quantity}});
}

void cancel_rest(store::Tx& tx, Services& s, OrderRow& o, const std::string& reason) {
  o.status = "cancelled";
  o.reason = reason;
  o.updated_at = tx.now_text();
  if (o.reserved_fen > 0) {
    if (auto st = market::release(tx, s.market, o.account_id, o.reserved_fen, o.id); !st)
      throw std::logic_error("an order's reservation cannot be released: " + st.error().detail);
    o.reserved_fen = 0;
  }
  tx.record(o.account_id, "order.cancelled", o.id, {{"reason", reason}, {"filled_quantity", o.filled_quantity}});
}

// Applies what the book reported for `taker`: a trade per fill, a cancelled remainder, its status.
json apply_events(store::Tx& tx, Services& s, OrderRow& taker, const matching::Events& events) {
  json trades = json::array();
  bool changed = false;  // beyond its insert
  for (const auto& e : events) {
    if (const auto* f = std::get_if<matching::Filled>(&e)) {
      settle_fill(tx, s, taker, *f, trades);
      changed = true;
    } else if (const auto* c = std::get_if<matching::Cancelled>(&e)) {
      cancel_rest(tx, s, taker, std::string(matching::to_string(c->reason)));
      changed = true;
    } else if (const auto* r = std::get_if<matching::Rejected>(&e)) {
      throw std::logic_error("the book rejected a checked order: " + std::string(matching::to_string(r->reason)));
    }
  }
  const std::string status = taker.status == "cancelled"                     ? taker.status
                             : taker.quantity && taker.remaining() == 0 ? "filled"
                             : taker.filled_quantity > 0                ? "partially_filled"
                                                                        : "open";
  // An order that only came to rest is stored as it was inserted.
  if (!changed && status == taker.status) return trades;
  taker.status = status;
  save_order(tx.db(), taker);
  return trades;
}

matching::Events submit(Services& s, const Offer& offer, const OrderRow& o, std::int64_t owner) {
  matching::Events events;
  auto& book = s.market.books().open(matching::OfferId{offer.rowid});
  const matching::OrderId id{static_cast<std::uint64_t>(o.seq)};
  if (!o.quantity)
    book.submit(matching::UnlimitedAsk{id, matching::OwnerId{owner}, o.price_fen}, events);
  else
    book.submit(matching::LimitOrder{id, matching::OwnerId{owner}, o.side == "buy" ? matching::Side::buy : matching::Side::sell,
                                     o.price_fen, *o.quantity, book_tif(o.time_in_force)},
                events);
  return events;
}

OrderRow new_order(store::Tx& tx, const Offer& offer, const std::string& account, const std::string& side) {
  OrderRow o;
  o.id = new_id("ord");
  o.offer_id = offer.id;
  o.product_id = offer.product_id;
  o.account_id = account;
  o.side = side;
  o.status = "open";
  o.created_at = o.updated_at = tx.now_text();
  return o;
}

}  // namespace

Result<Answer> place_order(store::Tx& tx, Services& s, const Caller& caller, const OrderRequest& r) {
  auto& db = tx.db();
  const auto offer = load_offer(db, r.offer_id);
  if (!offer) {
    if (auto refusal = caller_refusal(caller)) return refused(tx, caller, r, std::move(*refusal));
    return make_error(Errc::not_found, "No such offer.");
  }
  if (auto refusal = pre_trade_refusal(caller, offer->facts, r.side, r.purpose))
    return refused(tx, caller, r, std::move(*refusal));
  if (r.side == Side::sell && offer->seats && r.quantity > seats_left(db, *offer))
    return refused(tx, caller, r,
                   make_error(Errc::invalid_state, "Only " + std::to_string(std::max<std::int64_t>(0, seats_left(db, *offer))) +
                                                       " of this offer's seats are left to sell."));
  const std::int64_t amount = r.side == Side::buy ? r.price_fen * r.quantity : 0;  // checked at the edge
  const auto party = s.market.party(db, caller.account_id);
  if (r.side == Side::buy) {
    const auto available = s.market.ledger().balance(settlement::AccountKey::available(party));
    if (!available || available->value() < amount)
      return refused(tx, caller, r,
                     make_error(Errc::insufficient_funds, "Your available balance does not cover price × quantity (" +
                                                              std::to_string(amount) + " fen)."));
  }
  OrderRow o = new_order(tx, *offer, caller.account_id, r.side == Side::buy ? "buy" : "sell");
  o.price_fen = r.price_fen;
  o.quantity = r.quantity;
  o.time_in_force = tif_name(r.time_in_force);
  o.purpose = r.purpose;
  o.reserved_fen = amount;
  insert_order(db, o);
  tx.record_text(caller.account_id, "order.accepted", o.id, order_record(o));
  // From here on nothing refuses: the market changes with the database, or the command throws.
  if (amount > 0)
    if (auto st = market::reserve(tx, s.market, caller.account_id, amount, o.id); !st)
      throw std::logic_error("a checked reservation failed: " + st.error().detail);
  const auto trades = apply_events(tx, s, o, submit(s, *offer, o, static_cast<std::int64_t>(party)));
  return Answer{201, nullptr, std::nullopt, order_json_text(o, trades.dump())};
}

// Takes a resting order out of its book and cancels it with `reason`.
void cancel_resting(store::Tx& tx, Services& s, OrderRow& o, const std::string& reason) {
  const auto offer = load_offer(tx.db(), o.offer_id);
  auto* book = offer ? s.market.books().find(matching::OfferId{offer->rowid}) : nullptr;
  if (book == nullptr) throw std::logic_error("a resting order has no book");
  matching::Events events;
  book->cancel(matching::OrderId{static_cast<std::uint64_t>(o.seq)}, events);
  if (events.size() != 1 || !std::holds_alternative<matching::Cancelled>(events[0]))
    throw std::logic_error("a resting order is not in its book");
  cancel_rest(tx, s, o, reason);
  save_order(tx.db(), o);
}

Result<json> cancel_order(store::Tx& tx, Services& s, const std::string& account, const std::string& order_id) {
  auto o = load_order(tx.db(), order_id);
  if (!o || o->account_id != account) return make_error(Errc::not_found, "No such order.");
  if (!o->resting()) return make_error(Errc::invalid_state, "Only an order resting in the book can be cancelled; this one is " + o->status + ".");
  cancel_resting(tx, s, *o, "requested");
  return order_json(*o);
}

void open_standing_asks(store::Tx& tx, Services& s, const std::string& product_id) {
  std::vector<std::string> offer_ids;
  {
    auto& st = tx.db().cached(
        "SELECT f.id FROM offers f JOIN products p ON p.id = f.product_id AND p.version = f.version "
        "WHERE p.id = ? ORDER BY f.position");
    st.bind(1, product_id);
    while (st.step()) offer_ids.push_back(st.text(0));
    st.reset();
  }
  for (const auto& id : offer_ids) {
    const auto offer = load_offer(tx.db(), id);
    // A product listed again (a dismissed complaint) offers only the seats not yet sold.
    std::optional<std::int64_t> seats = offer->seats;
    if (seats) seats = seats_left(tx.db(), *offer);
    if (seats && *seats <= 0) continue;
    OrderRow o = new_order(tx, *offer, offer->facts.seller_id, "sell");
    o.price_fen = offer->price_fen;
    o.quantity = seats;
    o.time_in_force = "GTC";
    o.standing = true;
    insert_order(tx.db(), o);
    tx.record_text(o.account_id, "order.accepted", o.id, order_record(o));
    const auto owner = static_cast<std::int64_t>(s.market.party(tx.db(), o.account_id));
    apply_events(tx, s, o, submit(s, *offer, o, owner));
  }
}

void cancel_product_orders(store::Tx& tx, Services& s, const std::string& product_id, const std::string& reason) {
  std::vector<std::int64_t> seqs;
  {
    // By the product's offers: the resting orders' partial index is keyed by offer, and a filter on
    // orders.product_id would read every order the exchange ever took.
    auto& st = tx.db().cached(
        "SELECT seq FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE product_id = ?) "
        "AND status IN ('open', 'partially_filled') ORDER BY seq");
    st.bind(1, product_id);
    while (st.step()) seqs.push_back(st.int64(0));
    st.reset();
  }
  for (const auto seq : seqs) {
    auto o = load_order_by_seq(tx.db(), seq);
    cancel_rest(tx, s, *o, reason);
    save_order(tx.db(), *o);
    if (const auto offer = load_offer(tx.db(), o->offer_id)) s.market.books().close(matching::OfferId{offer->rowid});
  }
}

void cancel_account_orders(store::Tx& tx, Services& s, const std::string& account_id, const std::string& reason) {
  store::OwnedQuery q;
  q.owner = account_id;
  q.where = "t.status IN ('open', 'partially_filled')";
  for (;;) {
    const auto seqs = store::owned_rows(tx.db(), store::Owned::orders, q);
    for (const auto seq : seqs) {
      auto o = load_order_by_seq(tx.db(), seq);
      cancel_resting(tx, s, *o, reason);
    }
    if (static_cast<int>(seqs.size()) < q.limit) return;
    q.after = seqs.back();
  }
}

void restore_standing_asks(store::Tx& tx, Services& s, const std::string& account_id) {
  std::vector<std::string> products;
  {
    // Listed products of the seller none of whose offers has a resting order of the seller's.
    auto& st = tx.db().cached(
        "SELECT p.id FROM products p WHERE p.seller_id = ? AND p.status = 'listed' AND NOT EXISTS "
        "(SELECT 1 FROM offers f JOIN orders o ON o.offer_id = f.id WHERE f.product_id = p.id AND "
        "o.account_id = p.seller_id AND o.status IN ('open', 'partially_filled')) ORDER BY p.rowid");
    st.bind(1, account_id);
    while (st.step()) products.push_back(st.text(0));
    st.reset();
  }
  for (const auto& id : products) open_standing_asks(tx, s, id);
}

}  // namespace dx::orders
