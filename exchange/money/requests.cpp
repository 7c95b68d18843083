#include "money/requests.hpp"

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/money.hpp"
#include "money/journal.hpp"
#include "money/repository.hpp"
#include "store/sequencer.hpp"

namespace dx::money {

namespace {

using nlohmann::json;

// Only buyer and seller accounts hold money; staff accounts never trade.
Status check_account(store::Db& db, const std::string& id) {
  const auto kind = repository::account_kind(db, id);
  if (!kind || *kind == "staff")
    return field_error("account_id", "names no buyer or seller account");
  return ok_status();
}

}  // namespace

Result<json> apply_request(store::Tx& tx, market::Market& market, const MoneyRequest& r) {
  if (auto st = check_account(tx.db(), r.account_id); !st) return st.error();
  const bool in = r.direction == Direction::deposit;
  const std::string id = new_id(in ? "dep" : "wdr");
  const std::int64_t before = last_entry_id(tx.db());
  // The ledger refuses (insufficient funds, overflow) before anything is written.
  const auto moved = in ? market::deposit(tx, market, r.account_id, r.amount_fen, id)
                        : market::withdraw(tx, market, r.account_id, r.amount_fen, id);
  if (!moved) return moved.error();
  repository::insert_request(tx.db(), {id, in ? "deposit" : "withdrawal", r.account_id,
                                       r.amount_fen, r.reference, r.actor_id, tx.now_text()});
  json view = {{"id", id},
               {"kind", in ? "deposit" : "withdrawal"},
               {"account_id", r.account_id},
               {"amount_fen", r.amount_fen},
               {"reference", r.reference},
               {"created_at", tx.now_text()}};
  json data = view;
  data["postings"] = postings_after(tx.db(), before);
  tx.record(r.actor_id, in ? "money.deposited" : "money.withdrawn", id, data);
  return view;
}

}  // namespace dx::money
