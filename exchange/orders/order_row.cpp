#include "orders/order_row.hpp"

#include "core/json_text.hpp"
#include "store/db.hpp"

namespace dx::orders {

namespace {

constexpr const char* kColumns =
    "SELECT seq, id, offer_id, product_id, account_id, side, price_fen, quantity, filled_quantity, time_in_force, "
    "purpose, standing, status, reason, reserved_fen, created_at, updated_at FROM orders ";

OrderRow from(store::Stmt& st) {
  OrderRow o;
  o.seq = st.int64(0);
  o.id = st.text(1);
  o.offer_id = st.text(2);
  o.product_id = st.text(3);
  o.account_id = st.text(4);
  o.side = st.text(5);
  o.price_fen = st.int64(6);
  o.quantity = st.opt_int64(7);
  o.filled_quantity = st.int64(8);
  o.time_in_force = st.text(9);
  o.purpose = st.text(10);
  o.standing = st.int64(11) != 0;
  o.status = st.text(12);
  o.reason = st.opt_text(13);
  o.reserved_fen = st.int64(14);
  o.created_at = st.text(15);
  o.updated_at = st.text(16);
  return o;
}

template <typename Key>
std::optional<OrderRow> load_where(store::Db& db, const char* where, const Key& key) {
  auto& st = db.cached(std::string(kColumns) + where);
  st.bind(1, key);
  std::optional<OrderRow> o;
  if (st.step()) o = from(st);
  st.reset();
  return o;
}

}  // namespace

std::optional<OrderRow> load_order_by_seq(store::Db& db, std::int64_t seq) { return load_where(db, "WHERE seq = ?", seq); }

std::optional<OrderRow> load_order(store::Db& db, const std::string& id) { return load_where(db, "WHERE id = ?", id); }

void insert_order(store::Db& db, OrderRow& o) {
  auto& st = db.cached(
      "INSERT INTO orders (id, offer_id, product_id, account_id, side, price_fen, quantity, filled_quantity, "
      "time_in_force, purpose, standing, status, reason, reserved_fen, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, o.id).bind(2, o.offer_id).bind(3, o.product_id).bind(4, o.account_id).bind(5, o.side);
  st.bind(6, o.price_fen).bind(7, o.quantity).bind(8, o.filled_quantity).bind(9, o.time_in_force);
  st.bind(10, o.purpose).bind(11, o.standing ? 1 : 0).bind(12, o.status).bind(13, o.reason).bind(14, o.reserved_fen);
  st.bind(15, o.created_at).bind(16, o.updated_at).run();
  st.reset();
  o.seq = db.last_insert_rowid();
}

void save_order(store::Db& db, const OrderRow& o) {
  auto& st = db.cached(
      "UPDATE orders SET filled_quantity = ?, status = ?, reason = ?, reserved_fen = ?, updated_at = ? WHERE seq = ?");
  st.bind(1, o.filled_quantity).bind(2, o.status).bind(3, o.reason).bind(4, o.reserved_fen).bind(5, o.updated_at);
  st.bind(6, o.seq).run();
  st.reset();
}

std::string order_json_text(const OrderRow& o, std::optional<std::string_view> trades) {
  JsonText t;
  t.begin_object();
  t.key("created_at").value(o.created_at);
  t.key("filled_quantity").value(o.filled_quantity);
  t.key("id").value(o.id);
  t.key("offer_id").value(o.offer_id);
  t.key("price_fen").value(o.price_fen);
  t.key("product_id").value(o.product_id);
  if (o.purpose.empty()) t.key("purpose").null();
  else t.key("purpose").value(o.purpose);
  if (o.quantity) t.key("quantity").value(*o.quantity);
  else t.key("quantity").null();
  if (o.reason) t.key("reason").value(*o.reason);
  else t.key("reason").null();
  t.key("reserved_fen").value(o.reserved_fen);
  t.key("side").value(o.side);
  t.key("standing").value(o.standing);
  t.key("status").value(o.status);
  t.key("time_in_force").value(o.time_in_force);
  if (trades) t.key("trades").raw(*trades);
  t.key("updated_at").value(o.updated_at);
  return t.end_object().take();
}

nlohmann::json order_json(const OrderRow& o) { return nlohmann::json::parse(order_json_text(o)); }

}  // namespace dx::orders
