// Delivery under the exchange's supervision (O15, CQO-13; O4, CQ-37(4)): what the buyer of a file
// trade may download, what the seller of an api trade delivers and what its buyer then reads.
// Each download and each reading is recorded in the command that allows it (O3, O8 full
// traceability); a suspended buyer gets nothing (O14, CQO-39). No HTTP, JSON answers or SQL.
#pragma once

#include <string>

#include "config/config.hpp"
#include "core/error.hpp"
#include "trades/delivery.hpp"
#include "trades/repository.hpp"
#include "trades/service.hpp"

namespace dx::trades {

// The buyer's file to download: the trade must be a file trade that still delivers.
Result<repository::DataFile> file_to_download(store::Db& db, const std::string& id,
                                              const Caller& who);
// Checks the buyer's right again inside the command and records the download of `file`.
Status record_download(store::Tx& tx, const std::string& id, const Caller& who,
                       const repository::DataFile& file);

// A seller's delivery of an api trade, sealed for that trade (seal_delivery) before it reaches
// here.
struct SealedDelivery {
  std::string trade_id;
  Caller seller;
  std::string sealed;
};
// Moves the trade to delivered and stores the sealed delivery; the record binds its SHA-256.
Result<TradeRow> deliver(store::Tx& tx, market::Market& market, const Config& config,
                         const SealedDelivery& d);

struct ApiAccess {
  TradeRow trade;
  ApiDelivery delivery;
};
// What the seller delivered, opened for the buyer and recorded; invalid_state until delivered.
Result<ApiAccess> read_access(store::Tx& tx, const std::string& master_key, const std::string& id,
                              const Caller& who);

}  // namespace dx::trades
