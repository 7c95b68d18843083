#include "trades/delivery_service.hpp"

#include <stdexcept>
#include <utility>

#include "crypto/crypto.hpp"
#include "store/sequencer.hpp"

namespace dx::trades {

namespace {

using settlement::TradeStatus;

// What the buyer may still receive: nothing once refunded (the money went back) or while a
// complaint holds the trade (O13, CQO-41), nothing while the buyer's account is suspended.
Status may_receive(const TradeRow& t, const Caller& who) {
  if (who.suspended)
    return legal_error(Errc::account_suspended,
                       "This account is suspended; access to data is suspended with it.", "O14",
                       "CQO-39");
  if (t.state.status == TradeStatus::refunded || t.state.status == TradeStatus::frozen)
    return make_error(Errc::invalid_state,
                      "A trade that is " + status_name(t.state) + " delivers nothing.");
  return ok_status();
}

// Gateway and compute trades are used through the exchange, never handed over: 409 with the way.
Status served_trade(const TradeRow& t) {
  if (t.delivery_mode == "gateway")
    return make_error(Errc::invalid_state,
                      "A gateway trade is delivered by the exchange as calls: use /gw/" + t.id +
                          "/{path} with your token or API key.");
  return make_error(Errc::invalid_state,
                    "A compute trade is delivered by the exchange as results of jobs: POST "
                    "/trades/" +
                        t.id + "/jobs with one SELECT over table data; the rows never leave.");
}

Status is_file_trade(const TradeRow& t, bool want_file) {
  if (served_by_exchange(t.delivery_mode)) return served_trade(t);
  if ((t.delivery_mode == "file") == want_file) return ok_status();
  return make_error(Errc::invalid_state,
                    want_file
                        ? "This trade is delivered by its seller: read GET /trades/{id}/access."
                        : "A file trade is delivered by the exchange: GET /trades/{id}/data.");
}

// The buyer's trade, checked again inside the command that records the delivery.
Result<TradeRow> deliverable(store::Db& db, const std::string& id, const Caller& who, bool file) {
  auto t = trade_for(db, id, who, Party::buyer);
  if (!t) return t.error();
  if (auto st = is_file_trade(*t, file); !st) return st.error();
  if (auto st = may_receive(*t, who); !st) return st.error();
  return t;
}

std::string sha256_hex(const std::string& bytes) { return crypto::hex(crypto::sha256(bytes)); }

}  // namespace

Result<repository::DataFile> file_to_download(store::Db& db, const std::string& id,
                                              const Caller& who) {
  auto t = deliverable(db, id, who, true);
  if (!t) return t.error();
  auto file = repository::data_file(db, *t);
  if (!file)
    throw std::logic_error("the traded version of trade " + id + " has no stored data file");
  return std::move(*file);
}

Status record_download(store::Tx& tx, const std::string& id, const Caller& who,
                       const repository::DataFile& file) {
  auto t = deliverable(tx.db(), id, who, true);
  if (!t) return t.error();
  tx.record(who.account_id, "trade.data_downloaded", id,
            {{"sha256", file.sha256}, {"size_bytes", file.size}});
  return ok_status();
}

Result<TradeRow> deliver(store::Tx& tx, market::Market& market, const Config& config,
                         const SealedDelivery& d) {
  auto t = trade_for(tx.db(), d.trade_id, d.seller, Party::seller);
  if (!t) return t.error();
  if (auto st = is_file_trade(*t, false); !st) return st.error();
  // The record binds the sealed delivery without revealing it.
  const Move move{settlement::TradeEvent::seller_delivered,
                  d.seller.account_id,
                  "trade.delivered",
                  {{"delivery_sha256", sha256_hex(d.sealed)}}};
  auto moved = apply_move(tx, market, config, std::move(*t), move);
  if (moved) repository::save_delivery(tx, d.trade_id, d.sealed);
  return moved;
}

Result<ApiAccess> read_access(store::Tx& tx, const std::string& master_key, const std::string& id,
                              const Caller& who) {
  auto t = deliverable(tx.db(), id, who, false);
  if (!t) return t.error();
  const auto sealed = repository::sealed_delivery(tx.db(), id);
  if (!sealed) return make_error(Errc::invalid_state, "The seller has not delivered yet.");
  auto d = open_delivery(*sealed, master_key, id);
  if (!d)
    throw std::runtime_error("the delivery of trade " + id + " does not open under the master key");
  tx.record(who.account_id, "trade.access_read", id, {{"delivery_sha256", sha256_hex(*sealed)}});
  return ApiAccess{std::move(*t), std::move(*d)};
}

}  // namespace dx::trades
