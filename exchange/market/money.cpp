#include "market/money.hpp"

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "market/market.hpp"
#include "market/repository.hpp"
#include "store/sequencer.hpp"

namespace dx::market {

namespace {

using settlement::Fen;
using settlement::LedgerError;

using Line = repository::JournalLine;

// Refusals a caller can cause map to problems; anything else is a broken invariant.
Error refusal(LedgerError e) {
  switch (e) {
    case LedgerError::insufficient_funds:
      return make_error(Errc::insufficient_funds,
                        "The available balance does not cover this amount.");
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
  throw std::logic_error("ledger refused a movement the exchange built: " +
                         std::string(settlement::to_string(e)));
}

void adjust_house_or_escrow(store::Db& db, const Line& l) {
  if (std::string_view(l.bucket) == "escrow")
    repository::adjust_escrow(db, l.owner, l.fen);
  else
    repository::adjust_house_account(db, l.bucket, l.fen);
}

// Writes a movement the ledger has applied: its postings and the balances they change (each
// account's once, however many of its buckets the movement touches).
void journal(store::Tx& tx, const char* kind, const std::vector<Line>& lines,
             const std::string& reference) {
  auto& db = tx.db();
  repository::insert_entries(db, new_id("mov"), kind, lines, reference, tx.now_text());
  struct Net {
    const std::string* account;
    std::int64_t available = 0, reserved = 0;
  };
  std::vector<Net> nets;
  for (const auto& l : lines) {
    if (l.fen == 0) continue;
    const std::string_view bucket = l.bucket;
    if (bucket != "available" && bucket != "reserved") {
      adjust_house_or_escrow(db, l);
      continue;
    }
    auto net = std::find_if(nets.begin(), nets.end(),
                            [&l](const Net& n) { return *n.account == l.owner; });
    if (net == nets.end()) net = nets.insert(nets.end(), Net{&l.owner});
    (bucket == "available" ? net->available : net->reserved) += l.fen;
  }
  for (const auto& n : nets) repository::adjust_balances(db, *n.account, n.available, n.reserved);
}

Status applied(settlement::LedgerStatus s) {
  if (!s) return refusal(s.error());
  return ok_status();
}

}  // namespace

Status deposit(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen,
               const std::string& reference) {
  if (fen > kMaxDepositsFen - m.deposited())
    return field_error("amount_fen",
                       "would take the money deposited with the exchange past its limit of " +
                           std::to_string(kMaxDepositsFen) + " fen");
  if (auto st = applied(m.ledger().deposit(m.party(tx.db(), account), Fen{fen})); !st) return st;
  m.count_deposit(fen);
  journal(tx, "deposit", {{"outside_world", "", -fen}, {"available", account, fen}}, reference);
  return ok_status();
}

Status withdraw(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen,
                const std::string& reference) {
  if (auto st = applied(m.ledger().withdraw(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "withdrawal", {{"available", account, -fen}, {"outside_world", "", fen}}, reference);
  return ok_status();
}

Status reserve(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen,
               const std::string& reference) {
  if (auto st = applied(m.ledger().reserve(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "reserve", {{"available", account, -fen}, {"reserved", account, fen}}, reference);
  return ok_status();
}

Status release(store::Tx& tx, Market& m, const std::string& account, std::int64_t fen,
               const std::string& reference) {
  if (auto st = applied(m.ledger().release(m.party(tx.db(), account), Fen{fen})); !st) return st;
  journal(tx, "release", {{"reserved", account, -fen}, {"available", account, fen}}, reference);
  return ok_status();
}

Status fund_escrow(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& buyer,
                   std::int64_t fen) {
  const settlement::TradeId id{trade.seq};
  if (auto st = applied(m.ledger().fund_escrow(id, m.party(tx.db(), buyer), Fen{fen})); !st)
    return st;
  journal(tx, "fund_escrow", {{"reserved", buyer, -fen}, {"escrow", trade.id, fen}}, trade.id);
  return ok_status();
}

Result<Payout> settle(store::Tx& tx, Market& m, const TradeRef& trade, const std::string& seller,
                      int fee_bps) {
  auto paid = m.ledger().settle(settlement::TradeId{trade.seq}, m.party(tx.db(), seller), fee_bps);
  if (!paid) return refusal(paid.error());
  const Payout out{paid->to_seller.value(), paid->fee.value()};
  journal(tx, "settle",
          {{"escrow", trade.id, -(out.to_seller_fen + out.fee_fen)},
           {"available", seller, out.to_seller_fen},
           {"fees", "", out.fee_fen}},
          trade.id);
  return out;
}

Result<std::int64_t> refund(store::Tx& tx, Market& m, const TradeRef& trade,
                            const std::string& buyer) {
  auto back = m.ledger().refund(settlement::TradeId{trade.seq}, m.party(tx.db(), buyer));
  if (!back) return refusal(back.error());
  journal(tx, "refund", {{"escrow", trade.id, -back->value()}, {"available", buyer, back->value()}},
          trade.id);
  return back->value();
}

}  // namespace dx::market
