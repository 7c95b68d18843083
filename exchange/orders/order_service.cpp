#include "orders/order_service.hpp"

#include <stdexcept>

#include "config/config.hpp"
#include "core/json_text.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/market.hpp"
#include "market/money.hpp"
#include "orders/repository.hpp"
#include "store/sequencer.hpp"
#include "trades/open_trade.hpp"

namespace dx::orders {

namespace {

using repository::OfferRow;

// Seats the seller may still offer: the offer's seats less those sold and those already asked.
std::int64_t seats_left(store::Db& db, const OfferRow& offer) {
  return *offer.seats - repository::seats_sold(db, offer) - repository::seats_asked(db, offer.id);
}

// The data of an order.accepted record, as its dump (keys sorted): written for every order.
std::string order_record(const OrderRow& o) {
  JsonText t;
  t.begin_object().key("offer_id").value(o.offer_id).key("price_fen").value(o.price_fen);
  t.key("product_id").value(o.product_id).key("purpose").value(o.purpose);
  if (o.quantity)
    t.key("quantity").value(*o.quantity);
  else
    t.key("quantity").null();
  t.key("side").value(to_string(o.side)).key("standing").value(o.standing);
  t.key("time_in_force").value(to_string(o.time_in_force));
  return t.end_object().take();
}

Placed refused(store::Tx& tx, const Caller& caller, const OrderRequest& r, Error refusal) {
  tx.record(caller.account_id, "order.refused", r.offer_id,
            {{"side", to_string(r.side)},
             {"price_fen", r.price_fen},
             {"quantity", r.quantity},
             {"time_in_force", to_string(r.time_in_force)},
             {"purpose", r.purpose},
             {"code", code_name(refusal.code)},
             {"rule", refusal.rule},
             {"basis", refusal.basis},
             {"detail", refusal.detail}});
  return Placed{{}, {}, std::move(refusal)};
}

void settle_fill(store::Tx& tx, Services& s, OrderRow& taker, const matching::Filled& f,
                 std::vector<Fill>& fills) {
  auto maker = repository::order_by_seq(tx.db(), static_cast<std::int64_t>(f.maker));
  if (!maker) throw std::logic_error("a fill names an order that is not stored");
  OrderRow& buy = taker.side == Side::buy ? taker : *maker;
  OrderRow& sell = taker.side == Side::buy ? *maker : taker;
  const auto trade =
      trades::open_trade(tx, s.market, s.config,
                         {taker.offer_id, buy.id, sell.id, buy.account_id, sell.account_id, f.price,
                          f.quantity, buy.price_fen, buy.purpose});
  buy.reserved_fen -=
      buy.price_fen * f.quantity;  // price × quantity into escrow, the rest released
  for (OrderRow* o : {&buy, &sell}) {
    o->filled_quantity += f.quantity;
    o->updated_at = tx.now_text();
    tx.record(o->account_id, "order.filled", o->id,
              {{"trade_id", trade.id},
               {"price_fen", f.price},
               {"quantity", f.quantity},
               {"filled_quantity", o->filled_quantity}});
  }
  maker->status = maker->quantity && maker->remaining() == 0 ? OrderStatus::filled
                                                             : OrderStatus::partially_filled;
  repository::save_order(tx.db(), *maker);
  fills.push_back({trade.id, f.price, f.quantity});
}

void cancel_rest(store::Tx& tx, Services& s, OrderRow& o, const std::string& reason) {
  o.status = OrderStatus::cancelled;
  o.reason = reason;
  o.updated_at = tx.now_text();
  if (o.reserved_fen > 0) {
    if (auto st = market::release(tx, s.market, o.account_id, o.reserved_fen, o.id); !st)
      throw std::logic_error("an order's reservation cannot be released: " + st.error().detail);
    o.reserved_fen = 0;
  }
  tx.record(o.account_id, "order.cancelled", o.id,
            {{"reason", reason}, {"filled_quantity", o.filled_quantity}});
}

OrderStatus status_after_events(const OrderRow& o) {
  if (o.status == OrderStatus::cancelled) return o.status;
  if (o.quantity && o.remaining() == 0) return OrderStatus::filled;
  return o.filled_quantity > 0 ? OrderStatus::partially_filled : OrderStatus::open;
}

// Applies what the book reported for `taker`: a trade per fill, a cancelled remainder, its status.
std::vector<Fill> apply_events(store::Tx& tx, Services& s, OrderRow& taker,
                               const matching::Events& events) {
  std::vector<Fill> fills;
  bool changed = false;  // beyond its insert
  for (const auto& e : events) {
    if (const auto* f = std::get_if<matching::Filled>(&e)) {
      settle_fill(tx, s, taker, *f, fills);
      changed = true;
    } else if (const auto* c = std::get_if<matching::Cancelled>(&e)) {
      cancel_rest(tx, s, taker, std::string(matching::to_string(c->reason)));
      changed = true;
    } else if (const auto* r = std::get_if<matching::Rejected>(&e)) {
      throw std::logic_error("the book rejected a checked order: " +
                             std::string(matching::to_string(r->reason)));
    }
  }
  const OrderStatus status = status_after_events(taker);
  // An order that only came to rest is stored as it was inserted.
  if (!changed && status == taker.status) return fills;
  taker.status = status;
  repository::save_order(tx.db(), taker);
  return fills;
}

matching::Events submit(Services& s, const OfferRow& offer, const OrderRow& o, std::int64_t owner) {
  matching::Events events;
  auto& book = s.market.books().open(matching::OfferId{offer.rowid});
  const matching::OrderId id{static_cast<std::uint64_t>(o.seq)};
  if (!o.quantity)
    book.submit(matching::UnlimitedAsk{id, matching::OwnerId{owner}, o.price_fen}, events);
  else
    book.submit(matching::LimitOrder{id, matching::OwnerId{owner}, o.side, o.price_fen, *o.quantity,
                                     o.time_in_force},
                events);
  return events;
}

OrderRow new_order(store::Tx& tx, const OfferRow& offer, const std::string& account, Side side) {
  OrderRow o;
  o.id = new_id("ord");
  o.offer_id = offer.id;
  o.product_id = offer.product_id;
  o.account_id = account;
  o.side = side;
  o.status = OrderStatus::open;
  o.created_at = o.updated_at = tx.now_text();
  return o;
}

// Seats are checked for a sell against those sold and asked.
std::optional<Error> seats_refusal(store::Db& db, const OrderRequest& r, const OfferRow& offer) {
  if (r.side != Side::sell || !offer.seats) return std::nullopt;
  const std::int64_t left = seats_left(db, offer);
  if (r.quantity <= left) return std::nullopt;
  return make_error(Errc::invalid_state, "Only " + std::to_string(std::max<std::int64_t>(0, left)) +
                                             " of this offer's seats are left to sell.");
}

// Funds are checked for a buy against the live ledger: price × quantity must be available.
std::optional<Error> funds_refusal(Services& s, const OrderRequest& r, settlement::PartyId party,
                                   std::int64_t amount) {
  if (r.side != Side::buy) return std::nullopt;
  const auto available = s.market.ledger().balance(settlement::AccountKey::available(party));
  if (available && available->value() >= amount) return std::nullopt;
  return make_error(Errc::insufficient_funds,
                    "Your available balance does not cover price × quantity (" +
                        std::to_string(amount) + " fen).");
}

// A checked order: stored, recorded, its price × quantity reserved for a buy, and matched.
Placed accept(store::Tx& tx, Services& s, const Caller& caller, const OrderRequest& r,
              const OfferRow& offer, settlement::PartyId party, std::int64_t amount) {
  OrderRow o = new_order(tx, offer, caller.account_id, r.side);
  o.price_fen = r.price_fen;
  o.quantity = r.quantity;
  o.time_in_force = r.time_in_force;
  o.purpose = r.purpose;
  o.reserved_fen = amount;
  repository::insert_order(tx.db(), o);
  tx.record_text(caller.account_id, "order.accepted", o.id, order_record(o));
  // From here on nothing refuses: the market changes with the database, or the command throws.
  if (amount > 0)
    if (auto st = market::reserve(tx, s.market, caller.account_id, amount, o.id); !st)
      throw std::logic_error("a checked reservation failed: " + st.error().detail);
  auto fills = apply_events(tx, s, o, submit(s, offer, o, static_cast<std::int64_t>(party)));
  return Placed{std::move(o), std::move(fills), std::nullopt};
}

}  // namespace

Result<Placed> place_order(store::Tx& tx, Services& s, const Caller& caller,
                           const OrderRequest& r) {
  auto& db = tx.db();
  const auto offer = repository::offer(db, r.offer_id);
  if (!offer) {
    if (auto refusal = caller_refusal(caller)) return refused(tx, caller, r, std::move(*refusal));
    return make_error(Errc::not_found, "No such offer.");
  }
  auto refusal = pre_trade_refusal(caller, offer->facts, r.side, r.purpose);
  if (!refusal) refusal = seats_refusal(db, r, *offer);
  if (refusal) return refused(tx, caller, r, std::move(*refusal));
  const std::int64_t amount =
      r.side == Side::buy ? r.price_fen * r.quantity : 0;  // checked at the edge
  const auto party = s.market.party(db, caller.account_id);
  if (auto short_of_funds = funds_refusal(s, r, party, amount))
    return refused(tx, caller, r, std::move(*short_of_funds));
  return accept(tx, s, caller, r, *offer, party, amount);
}

// Takes a resting order out of its book and cancels it with `reason`.
void cancel_resting(store::Tx& tx, Services& s, OrderRow& o, const std::string& reason) {
  const auto offer = repository::offer(tx.db(), o.offer_id);
  auto* book = offer ? s.market.books().find(matching::OfferId{offer->rowid}) : nullptr;
  if (book == nullptr) throw std::logic_error("a resting order has no book");
  matching::Events events;
  book->cancel(matching::OrderId{static_cast<std::uint64_t>(o.seq)}, events);
  if (events.size() != 1 || !std::holds_alternative<matching::Cancelled>(events[0]))
    throw std::logic_error("a resting order is not in its book");
  cancel_rest(tx, s, o, reason);
  repository::save_order(tx.db(), o);
}

Result<OrderRow> cancel_order(store::Tx& tx, Services& s, const std::string& account,
                              const std::string& order_id) {
  auto o = repository::order_by_id(tx.db(), order_id);
  if (!o || o->account_id != account) return make_error(Errc::not_found, "No such order.");
  if (!o->resting())
    return make_error(
        Errc::invalid_state,
        std::string("Only an order resting in the book can be cancelled; this one is ") +
            to_string(o->status) + ".");
  cancel_resting(tx, s, *o, "requested");
  return std::move(*o);
}

void open_standing_asks(store::Tx& tx, Services& s, const std::string& product_id) {
  for (const auto& id : repository::listed_offer_ids(tx.db(), product_id)) {
    const auto offer = repository::offer(tx.db(), id);
    // A product listed again (a dismissed complaint) offers only the seats not yet sold.
    std::optional<std::int64_t> seats = offer->seats;
    if (seats) seats = seats_left(tx.db(), *offer);
    if (seats && *seats <= 0) continue;
    OrderRow o = new_order(tx, *offer, offer->facts.seller_id, Side::sell);
    o.price_fen = offer->price_fen;
    o.quantity = seats;
    o.time_in_force = TimeInForce::gtc;
    o.standing = true;
    repository::insert_order(tx.db(), o);
    tx.record_text(o.account_id, "order.accepted", o.id, order_record(o));
    const auto owner = static_cast<std::int64_t>(s.market.party(tx.db(), o.account_id));
    apply_events(tx, s, o, submit(s, *offer, o, owner));
  }
}

void cancel_product_orders(store::Tx& tx, Services& s, const std::string& product_id,
                           const std::string& reason) {
  for (const auto seq : repository::resting_order_seqs_of_product(tx.db(), product_id)) {
    auto o = repository::order_by_seq(tx.db(), seq);
    cancel_rest(tx, s, *o, reason);
    repository::save_order(tx.db(), *o);
    if (const auto offer = repository::offer(tx.db(), o->offer_id))
      s.market.books().close(matching::OfferId{offer->rowid});
  }
}

void cancel_account_orders(store::Tx& tx, Services& s, const std::string& account_id,
                           const std::string& reason) {
  repository::OrdersPage page{account_id, OrderStatus::open};
  for (;;) {
    const auto seqs = repository::order_seqs(tx.db(), page);
    for (const auto seq : seqs) {
      auto o = repository::order_by_seq(tx.db(), seq);
      cancel_resting(tx, s, *o, reason);
    }
    if (static_cast<int>(seqs.size()) < page.limit) return;
    page.after = seqs.back();
  }
}

void restore_standing_asks(store::Tx& tx, Services& s, const std::string& account_id) {
  for (const auto& id : repository::products_without_standing_asks(tx.db(), account_id))
    open_standing_asks(tx, s, id);
}

}  // namespace dx::orders
