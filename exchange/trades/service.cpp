#include "trades/service.hpp"

#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

#include "store/sequencer.hpp"

namespace dx::trades {

namespace {

const char* party_name(Party p) { return p == Party::buyer ? "buyer" : "seller"; }

}  // namespace

Result<TradeRow> trade_for(store::Db& db, const std::string& id, const Caller& who, Party need) {
  auto t = repository::load_trade(db, id);
  const bool buyer = t && t->buyer_id == who.account_id;
  const bool seller = t && t->seller_id == who.account_id;
  if (!t || !(buyer || seller || who.staff)) return make_error(Errc::not_found, "No such trade.");
  if ((need == Party::buyer && !buyer) || (need == Party::seller && !seller))
    return make_error(Errc::forbidden,
                      std::string("Only the trade's ") + party_name(need) + " may do this.");
  return std::move(*t);
}

TradePage find_trades(store::Db& db, const repository::TradeFilter& filter) {
  TradePage page{repository::trade_page(db, filter), std::nullopt};
  if (static_cast<int>(page.trades.size()) == filter.limit)
    page.next_cursor = page.trades.back().seq;
  return page;
}

Result<repository::ContractRow> contract_for(store::Db& db, const std::string& contract_id,
                                             const Caller& who) {
  auto contract = repository::contract_by_id(db, contract_id);
  if (!contract || !trade_for(db, contract->trade_id, who, Party::any))
    return make_error(Errc::not_found, "No such contract.");
  return std::move(*contract);
}

Result<Certified> certified_trade(store::Db& db, const std::string& trade_id, const Caller& who) {
  auto t = trade_for(db, trade_id, who, Party::any);
  if (!t) return t.error();
  auto contract = repository::contract_of_trade(db, t->id);
  if (!contract) throw std::logic_error("trade " + t->id + " has no contract");
  ContractFacts facts{contract->id, contract->sha256_hex,
                      nlohmann::json::parse(contract->document)};
  return Certified{std::move(*t), std::move(facts)};
}

Result<TradeRow> move_trade(store::Tx& tx, market::Market& market, const Config& config,
                            const std::string& id, const Caller& who, Party need,
                            const Move& move) {
  auto t = trade_for(tx.db(), id, who, need);
  if (!t) return t.error();
  return apply_move(tx, market, config, std::move(*t), move);
}

}  // namespace dx::trades
