// Account storage and the one place balances change: Ledger::apply.
#include "settlement/ledger.hpp"

#include <array>
#include <cstdint>

namespace dx::settlement {
namespace {

// Refuses a movement whose amounts do not sum to zero (or whose running sum overflows).
LedgerStatus check_balanced(std::span<const Posting> postings) {
  Fen sum{0};
  for (const Posting& posting : postings) {
    const auto next = checked_add(sum, posting.amount);
    if (!next) return LedgerError::overflow;
    sum = *next;
  }
  if (sum != Fen{0}) return LedgerError::unbalanced;
  return {};
}

// Whether posting i is the last one of the movement to its account.
bool is_last_to_its_account(std::span<Fen* const> slots, std::size_t i) {
  for (std::size_t j = i + 1; j < slots.size(); ++j) {
    if (slots[j] == slots[i]) return false;
  }
  return true;
}

// after[i] = the balance of posting i's account once postings 0..i are applied, so that a movement
// may post to one account more than once.
LedgerStatus plan_balances(std::span<const Posting> postings, std::span<Fen* const> slots,
                           std::span<Fen> after) {
  for (std::size_t i = 0; i < postings.size(); ++i) {
    Fen before = *slots[i];
    for (std::size_t j = i; j-- > 0;) {
      if (slots[j] == slots[i]) {
        before = after[j];
        break;
      }
    }
    const auto next = checked_add(before, postings[i].amount);
    if (!next) return LedgerError::overflow;
    after[i] = *next;
  }
  return {};
}

// Only the outside world may end a movement below zero.
LedgerStatus check_covered(std::span<Fen* const> slots, std::span<const Fen> after,
                           const Fen* outside) {
  for (std::size_t i = 0; i < slots.size(); ++i) {
    if (slots[i] != outside && after[i] < Fen{0} && is_last_to_its_account(slots, i)) {
      return LedgerError::insufficient_funds;
    }
  }
  return {};
}

}  // namespace

template <typename Self>
auto Ledger::find(Self& self, AccountKey account) -> decltype(&self.fees_) {
  switch (account.kind) {
    case AccountKind::available:
    case AccountKind::reserved: {
      const auto it = self.parties_.find(PartyId{account.id});
      if (it == self.parties_.end()) return nullptr;
      auto& party = it->second;
      return account.kind == AccountKind::available ? &party.available : &party.reserved;
    }
    case AccountKind::escrow: {
      const auto it = self.escrows_.find(TradeId{account.id});
      return it == self.escrows_.end() ? nullptr : &it->second.balance;
    }
    case AccountKind::fees:
      return account.id == 0 ? &self.fees_ : nullptr;
    case AccountKind::outside_world:
      return account.id == 0 ? &self.outside_ : nullptr;
  }
  return nullptr;
}

Result<Fen*, LedgerError> Ledger::slot(AccountKey account) {
  if (account.kind == AccountKind::escrow) {
    auto escrow = open_escrow(TradeId{account.id});
    if (!escrow) return escrow.error();
    return &(*escrow)->balance;
  }
  Fen* balance = find(*this, account);
  if (balance == nullptr) return LedgerError::unknown_account;
  return balance;
}

Result<Ledger::Escrow*, LedgerError> Ledger::open_escrow(TradeId trade) {
  const auto it = escrows_.find(trade);
  if (it == escrows_.end()) return LedgerError::unknown_account;
  if (it->second.state != EscrowState::open) return LedgerError::escrow_already_settled;
  return &it->second;
}

LedgerStatus Ledger::open_party(PartyId party) {
  const bool opened = parties_.try_emplace(party).second;
  if (!opened) return LedgerError::account_exists;
  return {};
}

LedgerStatus Ledger::apply(std::span<const Posting> postings) {
  const std::size_t n = postings.size();
  if (n > kMaxPostings) return LedgerError::too_many_postings;
  if (auto balanced = check_balanced(postings); !balanced) return balanced;
  std::array<Fen*, kMaxPostings> slot_buffer{};
  for (std::size_t i = 0; i < n; ++i) {
    auto resolved = slot(postings[i].account);
    if (!resolved) return resolved.error();
    slot_buffer[i] = *resolved;
  }
  const std::span<Fen* const> slots(slot_buffer.data(), n);
  std::array<Fen, kMaxPostings> after_buffer{};
  const std::span<Fen> after(after_buffer.data(), n);
  if (auto planned = plan_balances(postings, slots, after); !planned) return planned;
  if (auto covered = check_covered(slots, after, &outside_); !covered) return covered;
  // Nothing can fail from here on; in order, so the last posting to an account sets it.
  for (std::size_t i = 0; i < n; ++i) *slots[i] = after[i];
  return {};
}

Result<Fen, LedgerError> Ledger::balance(AccountKey account) const {
  const Fen* balance = find(*this, account);
  if (balance == nullptr) return LedgerError::unknown_account;
  return *balance;
}

void Ledger::for_each_account(const std::function<void(AccountKey, Fen)>& visit) const {
  for (const auto& [party, accounts] : parties_) {
    visit(AccountKey::available(party), accounts.available);
    visit(AccountKey::reserved(party), accounts.reserved);
  }
  for (const auto& [trade, escrow] : escrows_) visit(AccountKey::escrow(trade), escrow.balance);
  visit(AccountKey::fees(), fees_);
  visit(AccountKey::outside_world(), outside_);
}

Fen Ledger::total() const {
  // Summed modulo 2^64, so partial sums cannot overflow; a true total other than zero whose
  // magnitude is below 2^64 still shows as non-zero.
  std::uint64_t sum = 0;
  for_each_account(
      [&sum](AccountKey, Fen balance) { sum += static_cast<std::uint64_t>(balance.value()); });
  return Fen{static_cast<std::int64_t>(sum)};
}

}  // namespace dx::settlement
