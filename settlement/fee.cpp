#include "settlement/fee.hpp"

#include <cstdint>

namespace dx::settlement {

Result<Fen, LedgerError> fee_for(Fen amount, int fee_bps) {
  if (amount < Fen{0}) return LedgerError::invalid_amount;
  if (fee_bps < 0 || fee_bps > kBasisPointsPerWhole) return LedgerError::invalid_fee_rate;
  // amount = whole × 10000 + rest, so amount × bps / 10000 = whole × bps + rest × bps / 10000.
  // whole × bps ≤ amount and rest × bps < 10^8: neither overflows. Non-negative, so the
  // truncating division is the floor.
  const std::int64_t whole = amount.value() / kBasisPointsPerWhole;
  const std::int64_t rest = amount.value() % kBasisPointsPerWhole;
  return Fen{whole * fee_bps + rest * fee_bps / kBasisPointsPerWhole};
}

}  // namespace dx::settlement
