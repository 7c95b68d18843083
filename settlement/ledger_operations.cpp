// The named movements of trading: each builds its postings and hands them to Ledger::apply, so
// every one of them is balanced, atomic and overflow checked (O8, SH-67: clearing).
#include <array>

#include "settlement/fee.hpp"
#include "settlement/ledger.hpp"

namespace dx::settlement {

LedgerStatus Ledger::transfer(AccountKey from, AccountKey to, Fen amount) {
  if (amount <= Fen{0}) return LedgerError::invalid_amount;
  const std::array<Posting, 2> postings{{{from, Fen{-amount.value()}}, {to, amount}}};
  return apply(postings);
}

LedgerStatus Ledger::deposit(PartyId party, Fen amount) {
  return transfer(AccountKey::outside_world(), AccountKey::available(party), amount);
}

LedgerStatus Ledger::withdraw(PartyId party, Fen amount) {
  return transfer(AccountKey::available(party), AccountKey::outside_world(), amount);
}

LedgerStatus Ledger::reserve(PartyId party, Fen amount) {
  return transfer(AccountKey::available(party), AccountKey::reserved(party), amount);
}

LedgerStatus Ledger::release(PartyId party, Fen amount) {
  return transfer(AccountKey::reserved(party), AccountKey::available(party), amount);
}

LedgerStatus Ledger::fund_escrow(TradeId trade, PartyId buyer, Fen amount) {
  if (amount <= Fen{0}) return LedgerError::invalid_amount;
  if (!parties_.contains(buyer)) return LedgerError::unknown_account;
  const auto [it, created] = escrows_.try_emplace(trade, Escrow{Fen{0}, buyer, EscrowState::open});
  if (!created) return LedgerError::escrow_exists;
  auto moved = transfer(AccountKey::reserved(buyer), AccountKey::escrow(trade), amount);
  // A refused funding leaves no trace, not even an empty escrow.
  if (!moved) escrows_.erase(it);
  return moved;
}

Result<Payout, LedgerError> Ledger::settle(TradeId trade, PartyId seller, int fee_bps) {
  auto escrow = open_escrow(trade);
  if (!escrow) return escrow.error();
  const Fen amount = (*escrow)->balance;
  const auto fee = fee_for(amount, fee_bps);
  if (!fee) return fee.error();
  const Payout payout{Fen{amount.value() - fee->value()}, *fee};
  const std::array<Posting, 3> postings{{{AccountKey::escrow(trade), Fen{-amount.value()}},
                                         {AccountKey::available(seller), payout.to_seller},
                                         {AccountKey::fees(), payout.fee}}};
  if (auto applied = apply(postings); !applied) return applied.error();
  (*escrow)->state = EscrowState::settled;
  return payout;
}

Result<Fen, LedgerError> Ledger::refund(TradeId trade, PartyId buyer) {
  auto escrow = open_escrow(trade);
  if (!escrow) return escrow.error();
  if ((*escrow)->buyer != buyer) return LedgerError::wrong_party;
  const Fen amount = (*escrow)->balance;
  const std::array<Posting, 2> postings{
      {{AccountKey::escrow(trade), Fen{-amount.value()}}, {AccountKey::available(buyer), amount}}};
  if (auto applied = apply(postings); !applied) return applied.error();
  (*escrow)->state = EscrowState::refunded;
  return amount;
}

}  // namespace dx::settlement
