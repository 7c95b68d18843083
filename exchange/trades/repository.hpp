// Every SQL statement of the trades folder: trades (rows, states, timers, sealed deliveries),
// contracts, and what a trade reads of offers, accounts and stored files. Reads take any
// connection (store::Db&: a pooled reader, or the writer inside a command); writes take the
// sequencer's transaction (store::Tx&) and so run on its thread only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "trades/trade.hpp"

namespace dx::store {
class Db;
class Tx;
}  // namespace dx::store

namespace dx::trades::repository {

// Which of a product's trades: `open` (awaiting delivery, delivered or disputed), `frozen`, or
// `unsettled` (open or frozen).
enum class TradeSet { open, frozen, unsettled };
// The ids of a product's trades in the set, oldest first.
std::vector<std::string> trade_ids_of(store::Db& db, const std::string& product_id, TradeSet set);

// What a trade and its agreement take from the offer and the offer's product version.
struct OfferFacts {
  std::string product_id, name, scenario, security_measures, disposal, delivery_mode;
  std::int64_t version = 0, term_days = 0;
  std::string purposes;  // the stored JSON array
  std::string title, data_sha256, document_sha256;
  std::optional<std::int64_t> data_rows;
  // Gateway offers: calls per seat and per second (nullopt: none), and the licensed routes as
  // the catalogue shows them (a JSON array; nullopt unless the product is listed with a gateway).
  std::optional<std::int64_t> call_quota, rate_limit_per_s;
  std::optional<std::string> gateway_routes;
  // Compute offers: jobs per seat (nullopt: none), and the product's compute terms as the
  // catalogue shows them (a JSON object; nullopt unless the product is listed for compute).
  std::optional<std::int64_t> job_quota;
  std::optional<std::string> compute_terms;
};

// A party as the agreement names it.
struct PartyFacts {
  std::string display_name, kind;
  std::optional<std::string> legal_name;  // the latest verified one (O2)
};

// A stored agreement: `document` is the exact text whose SHA-256 the records cite.
struct ContractRow {
  std::string id, trade_id, document, sha256_hex, created_at;
};

// The dataset of a traded version: its blob, and the type and name the seller uploaded it with.
struct DataFile {
  std::string sha256, wrapped_key, content_type = "application/octet-stream", file_name;
  std::int64_t size = 0;
};

// A page of trades by seq: newest first from `cursor` down, or oldest first from it up.
struct TradeFilter {
  std::optional<std::string> party;  // only this account's trades; all when unset
  std::optional<std::string> status;
  std::int64_t cursor = 0;  // a trade seq; 0: from the start
  int limit = 50;
  bool oldest_first = false;
};

// Reads.
std::optional<TradeRow> load_trade(store::Db& db, const std::string& id);
std::vector<TradeRow> trade_page(store::Db& db, const TradeFilter& filter);
// Ids of trades whose timer is due at `now`, the longest due first.
std::vector<std::string> due_trade_ids(store::Db& db, TimePoint now, std::size_t max);
std::optional<OfferFacts> offer_facts(store::Db& db, const std::string& offer_id);
std::optional<PartyFacts> party_facts(store::Db& db, const std::string& account_id);
std::optional<ContractRow> contract_by_id(store::Db& db, const std::string& id);
std::optional<ContractRow> contract_of_trade(store::Db& db, const std::string& trade_id);
std::optional<DataFile> data_file(store::Db& db, const TradeRow& trade);
// The sealed API delivery of a trade; nullopt until its seller delivered.
std::optional<std::string> sealed_delivery(store::Db& db, const std::string& trade_id);

// Writes, in the command's transaction.
// Inserts `trade` as `pending` with no escrow yet; returns its seq.
std::int64_t insert_trade(store::Tx& tx, const TradeRow& trade);
// Writes `state` (status, running timer, what a frozen trade remembers) and updated_at = tx.now().
void save_state(store::Tx& tx, const std::string& id, const settlement::TradeState& state);
// Writes the fee and the times a move sets: delivered, settled, disputed (and why).
void save_times(store::Tx& tx, const TradeRow& trade);
void save_delivered_at(store::Tx& tx, const std::string& id, const std::string& at);
void save_delivery(store::Tx& tx, const std::string& id, const std::string& sealed);
void insert_contract(store::Tx& tx, const ContractRow& contract);

}  // namespace dx::trades::repository
