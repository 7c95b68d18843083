// The exchange's fee on a trade, in basis points of the trade amount, taken from the seller's
// proceeds (API.md, `settlement.fee_bps`).
#pragma once

#include "core/result.hpp"
#include "settlement/fen.hpp"
#include "settlement/ledger_error.hpp"

namespace dx::settlement {

inline constexpr int kBasisPointsPerWhole = 10'000;

// floor(amount × fee_bps / 10000), exact for every amount (no intermediate product overflows).
// Refused: invalid_amount when amount < 0; invalid_fee_rate when fee_bps is outside [0, 10000].
Result<Fen, LedgerError> fee_for(Fen amount, int fee_bps);

}  // namespace dx::settlement
