#include "market/money.hpp"

#include <stdexcept>
#include <vector>

#include "app/services.hpp"
#include "market/market.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"

namespace dx::market {

namespace {

using settlement::Fen;
using settlement::LedgerError;

// One journal line: which bucket, whose (account or trade id; none for the house accounts), how much.
struct Line {
  const char* bucket;
  std::string owner;
  std::int64_t fen;
};

// Refusals a caller can cause map to problems; anything else is a broken invariant.
Error refusal(LedgerError e) {
  switch (e) {
    case LedgerError::insufficient_funds:
      return make_error(Errc::insufficient_funds, "The available balance does not cover this amount.");
    case LedgerError::invalid_amount:
      return field_error("amount_fen", "must be a positive number of fen");
    case LedgerError::overflow:
      return field_error("amount_fen", "is too large for the balances involved");
    case LedgerError::escrow_already_settled:
      return make_error(Errc::invalid_state, "The trade's escrow has already been paid out.");
    case LedgerError::invalid_fee_rate:
    case LedgerError::unknown_account:
    case LedgerError::account_exists:
    case LedgerError::escrow_exists:
    case LedgerError::wrong_party:
    case LedgerError::unbalanced:
    case LedgerError::too_many_postings:
      break;
  }
  throw std::logic_error("ledger refused a movement the exchange built: " + std::string(settlement::to_string(e)));
}

void adjust_balance(store::Db& db, const Line& l) {
  const bool available = std::string_view(l.bucket) == "available";
  // The row first, then the change: the CHECK (>= 0) would judge an upsert's candidate row alone.
  auto& open = db.cached("INSERT OR IGNORE INTO balances (account_id) VALUES (?)");
  open.bind(1, l.owner).run();
  open.reset();
  auto& st = available ? db.cached("UPDATE balances SET available_fen = available_fen + ? WHERE account_id = ?")
                       : db.cached("UPDATE balances SET reserved_fen = reserved_fen + ? WHERE account_id = ?");
  st.bind(1, l.fen).bind(2, l.owner).run();
  st.reset();
}

void adjust(store::Db& db, const Line& l) {
  const std::string_view bucket = l.bucket;
  if (bucket == "available" || bucket == "reserved") return adjust_balance(db, l);
  auto& st = bucket == "escrow" ? db.cached("UPDATE trades SET escrow_fen = escrow_fen + ? WHERE id = ?")
                                : db.cached("UPDATE house_accounts SET balance_fen = balance_fen + ? WHERE name = ?");
  st.bind(1, l.fen).bind(2, bucket == "escrow" ? l.owner : std::string(bucket)).run();
  st.reset();
}

// Writes a movement the ledger has applied: its postings and the balances they change.
void journal(store::Tx& tx, const char* kind, const std::vector<Line>& lines, const std::string& reference) {
  auto& db = tx.db();
  const std::string movement = new_id("mov");
  auto& st = db.cached(
      "INSERT INTO ledger_entries (movement, kind, bucket, owner, amount_fen, reference, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const auto& l : lines) {
    if (l.fen == 0) continue;
    st.bind(1, movement).bind(2, kind).bind(3, l.bucket);
    if (l.owner.empty()) st.bind_null(4);
    else st.bind(4, l.owner);
    st.bind(5, l.fen).bind(6, reference).bind(7, tx.now_text()).run();
    st.reset();
    adjust(db, l);
  }
}

Status applied(settlement::LedgerStatus s) {
  if (!s) return refusal(s.error());
  return ok_status();
}

}  // namespace

Status deposit(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference) {
  if (auto st = applied(m.ledger.deposit(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "deposit", {{"outside_world", "", -fen}, {"available", account, fen}}, reference);
  return ok_status();
}

Status withdraw(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference) {
  if (auto st = applied(m.ledger.withdraw(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "withdrawal", {{"available", account, -fen}, {"outside_world", "", fen}}, reference);
  return ok_status();
}

Status reserve(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference) {
  if (auto st = applied(m.ledger.reserve(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "reserve", {{"available", account, -fen}, {"reserved", account, fen}}, reference);
  return ok_status();
}

Status release(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen, const std::string& reference) {
  if (auto st = applied(m.ledger.release(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "release", {{"reserved", account, -fen}, {"available", account, fen}}, reference);
  return ok_status();
}

Status fund_escrow(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& buyer, std::int64_t fen) {
  const settlement::TradeId id{trade.seq};
  if (auto st = applied(m.ledger.fund_escrow(id, m.party(tx.db(), buyer), Fen{fen})); !st) return st;
  journal(tx, "fund_escrow", {{"reserved", buyer, -fen}, {"escrow", trade.id, fen}}, trade.id);
  return ok_status();
}

Result<Payout> settle(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& seller, int fee_bps) {
  auto paid = m.ledger.settle(settlement::TradeId{trade.seq}, m.party(tx.db(), seller), fee_bps);
  if (!paid) return refusal(paid.error());
  const Payout out{paid->to_seller.value(), paid->fee.value()};
  journal(tx, "settle",
          {{"escrow", trade.id, -(out.to_seller_fen + out.fee_fen)}, {"available", seller, out.to_seller_fen},
           {"fees", "", out.fee_fen}},
          trade.id);
  return out;
}

Result<std::int64_t> refund(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& buyer) {
  auto back = m.ledger.refund(settlement::TradeId{trade.seq}, m.party(tx.db(), buyer));
  if (!back) return refusal(back.error());
  journal(tx, "refund", {{"escrow", trade.id, -back->value()}, {"available", buyer, back->value()}}, trade.id);
  return back->value();
}

}  // namespace dx::market
