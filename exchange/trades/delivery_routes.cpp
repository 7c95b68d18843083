// Delivery (O15, CQO-13) under the exchange's supervision (O4, CQ-37(4)): the buyer downloads a
// file product the exchange holds, or reads what the seller of an api product delivered. Each
// download and each reading of an api delivery is recorded before anything is sent (O3, O8 full
// traceability), and a suspended buyer gets nothing (O14, CQO-39: access is suspended).
#include "config/config.hpp"
#include "core/services.hpp"
#include "files/blob_store.hpp"
#include "http/json_body.hpp"
#include "http/reply.hpp"
#include "store/db.hpp"
#include "store/read_pool.hpp"
#include "store/sequencer.hpp"
#include "trades/delivery_service.hpp"
#include "trades/route_parts.hpp"

namespace dx::trades {

namespace {

using http::Reply;
using http::Request;
using nlohmann::json;
using repository::DataFile;

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

Result<DataFile> file_to_download(const Context& c, const std::string& id, const Caller& who) {
  auto db = c.s.reads.acquire();
  return file_to_download(*db, id, who);
}

}  // namespace

void get_data(const Context& c, Request& req, Reply reply) {
  const Caller who = caller_of(*req.principal);
  auto file = file_to_download(c, req.param("id"), who);
  if (!file) return http::send_problem(reply, file.error());
  // Opened before the record, so a stored file that cannot be read is never recorded as delivered.
  auto reader = c.blobs.reader(file->sha256, file->wrapped_key);
  c.s.sequencer.run<Unit>(
      [id = req.param("id"), who, file = *file](store::Tx& tx) { return record_download(tx, id, who, file); },
      [reply, file = *file, reader](Status r) {
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
  SealedDelivery sealed{id, caller_of(*req.principal), seal_delivery(*delivery, c.s.keys.master, id)};
  c.s.sequencer.run<TradeRow>(
      [&c, sealed = std::move(sealed)](store::Tx& tx) { return deliver(tx, c.s.market, c.s.config, sealed); },
      [reply](const Result<TradeRow>& r) { send_trade(reply, r); });
}

void get_access(const Context& c, Request& req, Reply reply) {
  c.s.sequencer.run<ApiAccess>(
      [&c, id = req.param("id"), who = caller_of(*req.principal)](store::Tx& tx) {
        return read_access(tx, c.s.keys.master, id, who);
      },
      [reply](const Result<ApiAccess>& r) {
        if (!r) return http::send_problem(reply, r.error());
        http::send_json(reply, 200, access_view(r->trade, r->delivery));
      });
}

}  // namespace dx::trades
