// Why the ledger refused a movement. Every refusal leaves every balance unchanged.
#pragma once

#include <string_view>

namespace dx::settlement {

enum class LedgerError {
  invalid_amount,          // a named operation's amount is zero or negative
  invalid_fee_rate,        // fee_bps outside [0, 10000]
  unknown_account,         // no such party or trade escrow
  account_exists,          // the party is already open
  escrow_exists,           // the trade's escrow has already been funded
  escrow_already_settled,  // the trade's escrow has already been paid out (settled or refunded)
  wrong_party,             // a refund to someone other than the buyer who funded the escrow
  insufficient_funds,      // an account other than the outside world would go negative
  overflow,                // a balance or sum would not fit in 64 bits
  unbalanced,              // the postings of a movement do not sum to zero
  too_many_postings,       // more postings than one movement may hold (kMaxPostings)
};

// The stable snake_case name of an error, for logs and API error codes.
std::string_view to_string(LedgerError error);

}  // namespace dx::settlement
