#include "orders/repository.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "store/account_index.hpp"
#include "store/db.hpp"

namespace dx::orders::repository {

namespace {

// The statements of the orders path are std::strings made once, so that a call looks its
// prepared statement up without building its text again.
constexpr const char* kOrderColumns =
    "SELECT seq, id, offer_id, product_id, account_id, side, price_fen, quantity, filled_quantity, "
    "time_in_force, "
    "purpose, standing, status, reason, reserved_fen, created_at, updated_at FROM orders ";
const std::string kOrderBySeq = std::string(kOrderColumns) + "WHERE seq = ?";
const std::string kOrderById = std::string(kOrderColumns) + "WHERE id = ?";

const std::string kInsertOrder =
    "INSERT INTO orders (id, offer_id, product_id, account_id, side, price_fen, quantity, "
    "filled_quantity, "
    "time_in_force, purpose, standing, status, reason, reserved_fen, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const std::string kSaveOrder =
    "UPDATE orders SET filled_quantity = ?, status = ?, reason = ?, reserved_fen = ?, updated_at = "
    "? WHERE seq = ?";
const std::string kOffer =
    "SELECT f.rowid, f.product_id, f.price_fen, f.seats, f.purposes, f.cross_border, f.version = "
    "p.version, "
    "p.status, p.seller_id, v.classification, v.personal_information, a.suspended "
    "FROM offers f JOIN products p ON p.id = f.product_id "
    "JOIN product_versions v ON v.product_id = f.product_id AND v.version = f.version "
    "JOIN accounts a ON a.id = p.seller_id WHERE f.id = ?";
// The product's trades (indexed), not every trade of the exchange.
const std::string kSeatsSold =
    "SELECT COALESCE(SUM(quantity), 0) FROM trades WHERE product_id = ? AND offer_id = ?";
const std::string kSeatsAsked =
    "SELECT COALESCE(SUM(quantity - filled_quantity), 0) FROM orders WHERE offer_id = ? "
    "AND side = 'sell' AND status IN ('open', 'partially_filled')";
constexpr const char* kResting = "t.status IN ('open', 'partially_filled')";

// A stored name that does not parse is a broken invariant, never user input.
template <typename T>
T stored(std::optional<T> value, const char* column) {
  if (!value) throw std::logic_error(std::string("an order has an unknown ") + column);
  return *value;
}

OrderRow from(const store::Stmt& st) {
  OrderRow o;
  o.seq = st.int64(0);
  o.id = st.text(1);
  o.offer_id = st.text(2);
  o.product_id = st.text(3);
  o.account_id = st.text(4);
  o.side = stored(parse_side(st.text(5)), "side");
  o.price_fen = st.int64(6);
  o.quantity = st.opt_int64(7);
  o.filled_quantity = st.int64(8);
  o.time_in_force = stored(parse_time_in_force(st.text(9)), "time_in_force");
  o.purpose = st.text(10);
  o.standing = st.int64(11) != 0;
  o.status = stored(parse_status(st.text(12)), "status");
  o.reason = st.opt_text(13);
  o.reserved_fen = st.int64(14);
  o.created_at = st.text(15);
  o.updated_at = st.text(16);
  return o;
}

template <typename Key>
std::optional<OrderRow> order_where(store::Db& db, const std::string& sql, const Key& key) {
  auto q = db.query(sql);
  q->bind(1, key);
  if (!q->step()) return std::nullopt;
  return from(*q);
}

OfferFacts offer_facts(const store::Stmt& st) {
  OfferFacts facts;
  for (const auto& p : nlohmann::json::parse(st.text(4)))
    facts.purposes.push_back(p.get<std::string>());
  facts.cross_border = st.int64(5) != 0;
  facts.current_version = st.int64(6) != 0;
  facts.product_status = st.text(7);
  facts.seller_id = st.text(8);
  facts.important = st.text(9) != "general";
  facts.personal_information = st.text(10) != "none";
  facts.seller_suspended = st.int64(11) != 0;
  return facts;
}

template <typename Key>
std::vector<Key> column(store::Query q) {
  std::vector<Key> out;
  while (q->step()) {
    if constexpr (std::is_same_v<Key, std::string>)
      out.push_back(q->text(0));
    else
      out.push_back(q->int64(0));
  }
  return out;
}

}  // namespace

std::optional<OrderRow> order_by_seq(store::Db& db, std::int64_t seq) {
  return order_where(db, kOrderBySeq, seq);
}

std::optional<OrderRow> order_by_id(store::Db& db, const std::string& id) {
  return order_where(db, kOrderById, id);
}

void insert_order(store::Db& db, OrderRow& o) {
  auto q = db.query(kInsertOrder);
  q->bind(1, o.id)
      .bind(2, o.offer_id)
      .bind(3, o.product_id)
      .bind(4, o.account_id)
      .bind(5, to_string(o.side));
  q->bind(6, o.price_fen)
      .bind(7, o.quantity)
      .bind(8, o.filled_quantity)
      .bind(9, to_string(o.time_in_force));
  q->bind(10, o.purpose)
      .bind(11, o.standing ? 1 : 0)
      .bind(12, to_string(o.status))
      .bind(13, o.reason);
  q->bind(14, o.reserved_fen).bind(15, o.created_at).bind(16, o.updated_at).run();
  o.seq = db.last_insert_rowid();
}

void save_order(store::Db& db, const OrderRow& o) {
  auto q = db.query(kSaveOrder);
  q->bind(1, o.filled_quantity)
      .bind(2, to_string(o.status))
      .bind(3, o.reason)
      .bind(4, o.reserved_fen);
  q->bind(5, o.updated_at).bind(6, o.seq).run();
}

std::optional<OfferRow> offer(store::Db& db, const std::string& offer_id) {
  auto q = db.query(kOffer);
  q->bind(1, offer_id);
  if (!q->step()) return std::nullopt;
  return OfferRow{q->int64(0), offer_id, q->text(1), q->int64(2), q->opt_int64(3), offer_facts(*q)};
}

bool offer_exists(store::Db& db, const std::string& offer_id) {
  auto q = db.query("SELECT 1 FROM offers WHERE id = ?");
  q->bind(1, offer_id);
  return q->step();
}

std::int64_t seats_sold(store::Db& db, const OfferRow& offer) {
  auto q = db.query(kSeatsSold);
  q->bind(1, offer.product_id).bind(2, offer.id);
  return q->step() ? q->int64(0) : 0;
}

std::int64_t seats_asked(store::Db& db, const std::string& offer_id) {
  auto q = db.query(kSeatsAsked);
  q->bind(1, offer_id);
  return q->step() ? q->int64(0) : 0;
}

std::vector<std::string> listed_offer_ids(store::Db& db, const std::string& product_id) {
  auto q = db.query(
      "SELECT f.id FROM offers f JOIN products p ON p.id = f.product_id AND p.version = f.version "
      "WHERE p.id = ? ORDER BY f.position");
  q->bind(1, product_id);
  return column<std::string>(std::move(q));
}

std::vector<std::int64_t> order_seqs(store::Db& db, const OrdersPage& page) {
  store::OwnedQuery owned;
  owned.owner = page.account_id;
  owned.after = page.after;
  owned.limit = page.limit;
  if (page.status == OrderStatus::open) {
    owned.where = kResting;
  } else if (page.status) {
    owned.where = "t.status = ?6";
    owned.bind = [status = to_string(*page.status)](store::Stmt& st) { st.bind(6, status); };
  }
  return store::owned_rows(db, store::Owned::orders, owned);
}

std::vector<std::int64_t> resting_order_seqs_of_product(store::Db& db,
                                                        const std::string& product_id) {
  // By the product's offers: the resting orders' partial index is keyed by offer, and a filter on
  // orders.product_id would read every order the exchange ever took.
  auto q = db.query(
      "SELECT seq FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE product_id = ?) "
      "AND status IN ('open', 'partially_filled') ORDER BY seq");
  q->bind(1, product_id);
  return column<std::int64_t>(std::move(q));
}

std::vector<RestingBuy> resting_buys(store::Db& db, const std::string& product_id) {
  // By the resting orders' index.
  auto q = db.query(
      "SELECT id, account_id FROM orders WHERE offer_id IN (SELECT id FROM offers WHERE "
      "product_id = ?) AND side = 'buy' AND status IN ('open', 'partially_filled') ORDER BY seq");
  q->bind(1, product_id);
  std::vector<RestingBuy> out;
  while (q->step()) out.push_back({q->text(0), q->text(1)});
  return out;
}

std::vector<std::string> products_without_standing_asks(store::Db& db,
                                                        const std::string& account_id) {
  auto q = db.query(
      "SELECT p.id FROM products p WHERE p.seller_id = ? AND p.status = 'listed' AND NOT EXISTS "
      "(SELECT 1 FROM offers f JOIN orders o ON o.offer_id = f.id WHERE f.product_id = p.id AND "
      "o.account_id = p.seller_id AND o.status IN ('open', 'partially_filled')) ORDER BY p.rowid");
  q->bind(1, account_id);
  return column<std::string>(std::move(q));
}

std::vector<BookLevel> book_levels(store::Db& db, const std::string& offer_id) {
  auto q = db.query(
      "SELECT side, price_fen, SUM(quantity - filled_quantity), MAX(quantity IS NULL) FROM orders "
      "WHERE offer_id = ? AND status IN ('open', 'partially_filled') GROUP BY side, price_fen "
      "ORDER BY side, CASE side WHEN 'buy' THEN -price_fen ELSE price_fen END");
  q->bind(1, offer_id);
  std::vector<BookLevel> levels;
  while (q->step())
    levels.push_back(
        {stored(parse_side(q->text(0)), "side"), q->int64(1), q->int64(2), q->int64(3) != 0});
  return levels;
}

}  // namespace dx::orders::repository
