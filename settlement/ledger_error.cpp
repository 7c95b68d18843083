#include "settlement/ledger_error.hpp"

namespace dx::settlement {

std::string_view to_string(LedgerError error) {
  switch (error) {
    case LedgerError::invalid_amount:
      return "invalid_amount";
    case LedgerError::invalid_fee_rate:
      return "invalid_fee_rate";
    case LedgerError::unknown_account:
      return "unknown_account";
    case LedgerError::account_exists:
      return "account_exists";
    case LedgerError::escrow_exists:
      return "escrow_exists";
    case LedgerError::escrow_already_settled:
      return "escrow_already_settled";
    case LedgerError::wrong_party:
      return "wrong_party";
    case LedgerError::insufficient_funds:
      return "insufficient_funds";
    case LedgerError::overflow:
      return "overflow";
    case LedgerError::unbalanced:
      return "unbalanced";
    case LedgerError::too_many_postings:
      return "too_many_postings";
  }
  return "unknown";
}

}  // namespace dx::settlement
