// Delivery (O15, CQO-13) under the exchange's supervision (O4, CQ-37(4)): the buyer downloads a
// file product the exchange holds, or reads what the seller of an api product delivered. Each
// download and each reading of an api delivery is recorded before anything is sent (O3, O8 full
// traceability), and a suspended buyer gets nothing (O14, CQO-39: access is suspended).
#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "files/blob_store.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"
#include "trades/delivery.hpp"
#include "trades/route_parts.hpp"
#include "trades/trade_moves.hpp"

namespace dx::trades {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;
using settlement::TradeStatus;

// What the buyer may still receive: nothing once refunded (the money went back) or while a
// complaint holds the trade (O13, CQO-41), nothing while the buyer's account is suspended.
Status may_receive(const TradeRow& t, const http::Principal& who) {
  if (who.suspended)
    return legal_error(Errc::account_suspended, "This account is suspended; access to data is suspended with it.",
                       "O14", "CQO-39");
  if (t.state.status == TradeStatus::refunded || t.state.status == TradeStatus::frozen)
    return make_error(Errc::invalid_state, "A trade that is " + status_name(t.state) + " delivers nothing.");
  return ok_status();
}

Status is_file_trade(const TradeRow& t, bool want_file) {
  if ((t.delivery_mode == "file") == want_file) return ok_status();
  return make_error(Errc::invalid_state, want_file ? "This trade is delivered by its seller: read GET /trades/{id}/access."
                                                   : "A file trade is delivered by the exchange: GET /trades/{id}/data.");
}

// The buyer's trade, checked again inside the command that records the delivery.
Result<TradeRow> deliverable(store::Db& db, const std::string& id, const http::Principal& who, bool file) {
  auto t = trade_for(db, id, who, Party::buyer);
  if (!t) return t.error();
  if (auto st = is_file_trade(*t, file); !st) return st.error();
  if (auto st = may_receive(*t, who); !st) return st.error();
  return t;
}

struct DataFile {
  std::string sha256, wrapped_key, content_type = "application/octet-stream", file_name;
  std::int64_t size = 0;
};

// The dataset of the traded version: its blob, and the type and name the seller uploaded it with.
std::optional<DataFile> data_file(store::Db& db, const TradeRow& t) {
  auto& st = db.cached(
      "SELECT v.data_sha256, b.wrapped_key, b.size_bytes, f.content_type, f.file_name FROM product_versions v "
      "JOIN blobs b ON b.sha256 = v.data_sha256 LEFT JOIN files f ON f.sha256 = v.data_sha256 AND f.owner_id = ? "
      "WHERE v.product_id = ? AND v.version = ? ORDER BY f.created_at LIMIT 1");
  st.bind(1, t.seller_id).bind(2, t.product_id).bind(3, t.product_version);
  std::optional<DataFile> d;
  if (st.step()) {
    d.emplace();
    d->sha256 = st.text(0);
    d->wrapped_key = st.blob(1);
    d->size = st.int64(2);
    if (!st.is_null(3)) d->content_type = st.text(3);
    d->file_name = st.is_null(4) ? t.id + ".data" : st.text(4);
  }
  st.reset();
  return d;
}

http::Response data_response(const DataFile& d, std::function<std::optional<std::string>()> reader) {
  http::Response res;
  res.stream_size = static_cast<std::uint64_t>(d.size);
  res.stream = std::move(reader);
  res.set_header("Content-Type", d.content_type);
  res.set_header("X-Content-SHA256", d.sha256);
  res.set_header("Content-Security-Policy", "sandbox");
  std::string name = d.file_name;
  for (auto& ch : name)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == '"' || ch == '\\') ch = '_';
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return res;
}

std::optional<std::string> sealed_delivery(store::Db& db, const std::string& id) {
  auto& st = db.cached("SELECT delivery_sealed FROM trades WHERE id = ?");
  st.bind(1, id);
  std::optional<std::string> sealed;
  if (st.step() && !st.is_null(0)) sealed = st.blob(0);
  st.reset();
  return sealed;
}

}  // namespace

void get_data(const Context& c, Request& req, Reply reply) {
  std::optional<DataFile> file;
  {
    auto db = c.s.reads.acquire();
    auto t = deliverable(*db, req.param("id"), *req.principal, true);
    if (!t) return http::send_problem(reply, t.error());
    file = data_file(*db, *t);
  }
  if (!file) throw std::logic_error("the traded version of trade " + req.param("id") + " has no stored data file");
  // Opened before the record, so a stored file that cannot be read is never recorded as delivered.
  auto reader = c.blobs.reader(file->sha256, file->wrapped_key);
  c.s.sequencer.run<json>(
      [&c, id = req.param("id"), who = *req.principal, sha = file->sha256, size = file->size](store::Tx& tx) -> Result<json> {
        auto t = deliverable(tx.db(), id, who, true);
        if (!t) return t.error();
        tx.record(who.account_id, "trade.data_downloaded", id, {{"sha256", sha}, {"size_bytes", size}});
        return json::object();
      },
      [reply, file = *file, reader](Result<json> r) {
        if (!r) return http::send_problem(reply, r.error());
        reply(data_response(file, reader));
      });
}

void post_deliver(const Context& c, Request& req, Reply reply) {
  auto body = http::json_object_body(req);
  if (!body) return http::send_problem(reply, body.error());
  auto delivery = parse_delivery(*body);
  if (!delivery) return http::send_problem(reply, delivery.error());
  const std::string id = req.param("id");
  const std::string sealed = seal_delivery(*delivery, c.s.keys.master, id);
  c.s.sequencer.run<json>(
      [&c, id, who = *req.principal, sealed](store::Tx& tx) -> Result<json> {
        auto t = trade_for(tx.db(), id, who, Party::seller);
        if (!t) return t.error();
        if (auto st = is_file_trade(*t, false); !st) return st.error();
        // The record binds the sealed delivery without revealing it.
        const Move move{settlement::TradeEvent::seller_delivered, who.account_id, "trade.delivered",
                        {{"delivery_sha256", crypto::hex(crypto::sha256(sealed))}}};
        auto moved = apply_move(tx, c.s.market, c.s.config, std::move(*t), move);
        if (!moved) return moved.error();
        auto& st = tx.db().cached("UPDATE trades SET delivery_sealed = ? WHERE id = ?");
        st.bind_blob(1, sealed).bind(2, id).run();
        st.reset();
        return trade_view(*moved);
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

void get_access(const Context& c, Request& req, Reply reply) {
  c.s.sequencer.run<json>(
      [&c, id = req.param("id"), who = *req.principal](store::Tx& tx) -> Result<json> {
        auto t = deliverable(tx.db(), id, who, false);
        if (!t) return t.error();
        const auto sealed = sealed_delivery(tx.db(), id);
        if (!sealed) return make_error(Errc::invalid_state, "The seller has not delivered yet.");
        auto d = open_delivery(*sealed, c.s.keys.master, id);
        if (!d) throw std::runtime_error("the delivery of trade " + id + " does not open under the master key");
        tx.record(who.account_id, "trade.access_read", id, {{"delivery_sha256", crypto::hex(crypto::sha256(*sealed))}});
        return json{{"trade_id", id}, {"delivery_mode", t->delivery_mode}, {"endpoint", d->endpoint},
                    {"credentials", d->credentials}, {"instructions", d->instructions},
                    {"delivered_at", t->delivered_at ? json(*t->delivered_at) : json(nullptr)}};
      },
      [reply](Result<json> r) { http::send_result(reply, 200, r); });
}

}  // namespace dx::trades
