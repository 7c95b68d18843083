// The exchange's double-entry ledger in integer fen: the clearing of O8 (SH-67) and the money side
// of the settlement O4 (CQ-37(4)) supervises.
//
// Invariants kept by every operation:
//  - every movement is a set of postings summing to zero, applied all or nothing;
//  - no account other than the outside world is ever negative;
//  - so the outside world holds minus everything inside, and total() is always zero.
//
// Not thread-safe: one owner (the sequencer) applies every movement.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>

#include "core/result.hpp"
#include "settlement/account.hpp"
#include "settlement/fen.hpp"
#include "settlement/ledger_error.hpp"

namespace dx::settlement {

using LedgerStatus = Result<Unit, LedgerError>;

// What settle() paid: the seller's proceeds and the exchange's fee; together the escrowed amount.
struct Payout {
  Fen to_seller;
  Fen fee;
  friend bool operator==(const Payout&, const Payout&) = default;
};

class Ledger {
 public:
  // The most postings one movement may hold; the named operations use at most three.
  static constexpr std::size_t kMaxPostings = 8;

  // Opens a party's available and reserved accounts at zero. Refused: account_exists.
  LedgerStatus open_party(PartyId party);

  // Applies a balanced movement atomically. Refused, in this order of checking: too_many_postings;
  // overflow or unbalanced (the amounts' sum); unknown_account or escrow_already_settled (a closed
  // escrow takes no postings); overflow (a resulting balance); insufficient_funds.
  LedgerStatus apply(std::span<const Posting> postings);

  // The named movements. Each may be refused with invalid_amount (amount zero or negative),
  // unknown_account, insufficient_funds or overflow, and a refusal changes nothing. A paid-out
  // escrow stays, closed at zero, so that a second payout is refused as escrow_already_settled.

  // outside world → available.
  LedgerStatus deposit(PartyId party, Fen amount);
  // available → outside world.
  LedgerStatus withdraw(PartyId party, Fen amount);
  // available → reserved: funds a buy order before it can match.
  LedgerStatus reserve(PartyId party, Fen amount);
  // reserved → available: a cancelled order, or a fill below the reserved price.
  LedgerStatus release(PartyId party, Fen amount);
  // buyer reserved → the trade's new escrow, at the fill. Refused also: escrow_exists.
  LedgerStatus fund_escrow(TradeId trade, PartyId buyer, Fen amount);
  // escrow → seller available less the fee, fee → exchange fees; closes the escrow.
  Result<Payout, LedgerError> settle(TradeId trade, PartyId seller, int fee_bps);
  // escrow → the buyer who funded it (wrong_party otherwise); closes the escrow.
  Result<Fen, LedgerError> refund(TradeId trade, PartyId buyer);

  // An escrow's balance is zero once it is closed. Refused: unknown_account.
  Result<Fen, LedgerError> balance(AccountKey account) const;
  Fen fees() const { return fees_; }
  Fen outside_world() const { return outside_; }
  // The sum of every account, closed escrows included: zero by construction. O(accounts).
  Fen total() const;
  // Visits every account with its balance, in no particular order.
  void for_each_account(const std::function<void(AccountKey, Fen)>& visit) const;

 private:
  struct PartyAccounts {
    Fen available;
    Fen reserved;
  };
  enum class EscrowState : std::uint8_t { open, settled, refunded };
  struct Escrow {
    Fen balance;
    PartyId buyer{};
    EscrowState state = EscrowState::open;
  };

  // The balance of `account`, or nullptr when there is no such account; escrows in any state.
  // Node-based maps keep the pointer stable while other accounts are added.
  template <typename Self>
  static auto find(Self& self, AccountKey account) -> decltype(&self.fees_);
  // The balance a posting to `account` changes: closed escrows are refused.
  Result<Fen*, LedgerError> slot(AccountKey account);
  Result<Escrow*, LedgerError> open_escrow(TradeId trade);
  LedgerStatus transfer(AccountKey from, AccountKey to, Fen amount);

  std::unordered_map<PartyId, PartyAccounts> parties_;
  std::unordered_map<TradeId, Escrow> escrows_;
  Fen fees_;
  Fen outside_;
};

}  // namespace dx::settlement
