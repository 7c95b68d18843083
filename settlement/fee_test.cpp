// Fen arithmetic and the fee: exact, rounded down, never overflowing.
#include <gtest/gtest.h>

#include <cstdint>

#include "settlement/fee.hpp"
#include "settlement/fen.hpp"
#include "settlement/test_printing.hpp"

namespace dx::settlement {
namespace {

using namespace literals;

TEST(FenArithmetic, CheckedAddAndSubtractRefuseOverflowAtBothEnds) {
  EXPECT_EQ(checked_add(kMaxFen, 0_fen), kMaxFen);
  EXPECT_FALSE(checked_add(kMaxFen, 1_fen));
  EXPECT_FALSE(checked_add(kMinFen, Fen{-1}));
  EXPECT_EQ(checked_add(kMinFen, kMaxFen), Fen{-1});
  EXPECT_FALSE(checked_sub(kMinFen, 1_fen));
  EXPECT_FALSE(checked_sub(0_fen, kMinFen));
  EXPECT_EQ(checked_sub(Fen{-1}, kMinFen), kMaxFen);
  EXPECT_EQ(checked_sub(kMaxFen, kMaxFen), 0_fen);
}

TEST(FenArithmetic, CheckedNegateRefusesOnlyTheMinimum) {
  EXPECT_EQ(checked_negate(kMaxFen), Fen{-kMaxFen.value()});
  EXPECT_FALSE(checked_negate(kMinFen));
}

TEST(FenArithmetic, CheckedMultiplyRefusesOverflowInEverySignCombination) {
  EXPECT_EQ(checked_mul(1'000_fen, 3), 3'000_fen);
  EXPECT_EQ(checked_mul(kMinFen, 0), 0_fen);
  EXPECT_EQ(checked_mul(kMaxFen, -1), Fen{-kMaxFen.value()});
  EXPECT_FALSE(checked_mul(kMinFen, -1));
  EXPECT_FALSE(checked_mul(Fen{-1}, kMinFen.value()));
  EXPECT_FALSE(checked_mul(Fen{4'611'686'018'427'387'904}, 2));
  EXPECT_EQ(checked_mul(Fen{-4'611'686'018'427'387'904}, 2), kMinFen);
  EXPECT_FALSE(checked_mul(Fen{-4'611'686'018'427'387'904}, -2));
  EXPECT_FALSE(checked_mul(Fen{3}, -3'074'457'345'618'258'603));
  EXPECT_EQ(checked_mul(Fen{3}, -3'074'457'345'618'258'602), Fen{-9'223'372'036'854'775'806});
}

TEST(Fee, IsRoundedDown) {
  EXPECT_EQ(*fee_for(199_fen, 100), 1_fen);  // 1.99 fen
  EXPECT_EQ(*fee_for(99_fen, 100), 0_fen);   // 0.99 fen
  EXPECT_EQ(*fee_for(10'000_fen, 100), 100_fen);
  EXPECT_EQ(*fee_for(12'345_fen, 250), 308_fen);  // 308.625 fen
}

TEST(Fee, MatchesTheDirectFormulaOnSmallAmounts) {
  for (std::int64_t amount = 0; amount <= 30'000; amount += 7) {
    for (int bps : {0, 1, 3, 99, 100, 250, 3'333, 9'999, 10'000}) {
      EXPECT_EQ(*fee_for(Fen{amount}, bps), Fen{amount * bps / 10'000}) << amount << " " << bps;
    }
  }
}

TEST(Fee, OfTheLargestAmountDoesNotOverflow) {
  // Expected values computed with arbitrary-precision integers.
  EXPECT_EQ(*fee_for(kMaxFen, 10'000), kMaxFen);
  EXPECT_EQ(*fee_for(kMaxFen, 9'999), Fen{9'222'449'699'651'090'329});
  EXPECT_EQ(*fee_for(kMaxFen, 250), Fen{230'584'300'921'369'395});
  EXPECT_EQ(*fee_for(kMaxFen, 1), Fen{922'337'203'685'477});
}

TEST(Fee, RefusesANegativeAmount) {
  EXPECT_EQ(fee_for(Fen{-1}, 100).error(), LedgerError::invalid_amount);
}

TEST(Fee, RefusesARateOutsideZeroToTenThousandBasisPoints) {
  EXPECT_EQ(fee_for(100_fen, -1).error(), LedgerError::invalid_fee_rate);
  EXPECT_EQ(fee_for(100_fen, 10'001).error(), LedgerError::invalid_fee_rate);
  EXPECT_TRUE(fee_for(100_fen, 0));
  EXPECT_TRUE(fee_for(100_fen, 10'000));
}

}  // namespace
}  // namespace dx::settlement
