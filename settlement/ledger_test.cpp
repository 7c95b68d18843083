// Unit tests of the ledger: each named movement, each refusal, and that a refusal changes nothing.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "settlement/ledger.hpp"
#include "settlement/test_printing.hpp"

namespace dx::settlement {
namespace {

using namespace literals;

constexpr PartyId kBuyer{1};
constexpr PartyId kSeller{2};
constexpr PartyId kStranger{99};
constexpr TradeId kTrade{10};

// Every balance the tests can touch, to compare a ledger before and after a refusal.
struct Snapshot {
  std::vector<Fen> balances;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

class LedgerTest : public testing::Test {
 protected:
  LedgerTest() {
    EXPECT_TRUE(ledger_.open_party(kBuyer));
    EXPECT_TRUE(ledger_.open_party(kSeller));
  }

  Fen balance(AccountKey account) const { return *ledger_.balance(account); }
  Fen available(PartyId party) const { return balance(AccountKey::available(party)); }
  Fen reserved(PartyId party) const { return balance(AccountKey::reserved(party)); }
  Fen escrow(TradeId trade) const { return balance(AccountKey::escrow(trade)); }

  Snapshot snapshot() const {
    Snapshot s;
    for (PartyId party : {kBuyer, kSeller}) {
      s.balances.push_back(available(party));
      s.balances.push_back(reserved(party));
    }
    const auto held = ledger_.balance(AccountKey::escrow(kTrade));
    s.balances.push_back(held ? *held : Fen{-1});
    s.balances.push_back(ledger_.fees());
    s.balances.push_back(ledger_.outside_world());
    return s;
  }

  // The buyer has deposited, reserved and funded the trade's escrow with `amount`.
  void fund_trade(Fen amount) {
    ASSERT_TRUE(ledger_.deposit(kBuyer, amount));
    ASSERT_TRUE(ledger_.reserve(kBuyer, amount));
    ASSERT_TRUE(ledger_.fund_escrow(kTrade, kBuyer, amount));
  }

  Ledger ledger_;
};

TEST_F(LedgerTest, OpenedPartyStartsWithZeroAvailableAndReserved) {
  EXPECT_EQ(available(kBuyer), 0_fen);
  EXPECT_EQ(reserved(kBuyer), 0_fen);
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, OpeningAPartyTwiceIsRefused) {
  EXPECT_EQ(ledger_.open_party(kBuyer).error(), LedgerError::account_exists);
}

TEST_F(LedgerTest, DepositMovesMoneyFromTheOutsideWorldToAvailable) {
  const auto deposited = ledger_.deposit(kBuyer, 5'000_fen);

  EXPECT_TRUE(deposited);
  EXPECT_EQ(available(kBuyer), 5'000_fen);
  EXPECT_EQ(ledger_.outside_world(), Fen{-5'000});
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, DepositToAnUnknownPartyIsRefusedAndChangesNothing) {
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.deposit(kStranger, 5'000_fen).error(), LedgerError::unknown_account);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, NamedOperationsRefuseZeroAndNegativeAmounts) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 100_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 50_fen));
  const Snapshot before = snapshot();

  for (Fen amount : {0_fen, Fen{-1}, kMinFen}) {
    EXPECT_EQ(ledger_.deposit(kBuyer, amount).error(), LedgerError::invalid_amount);
    EXPECT_EQ(ledger_.withdraw(kBuyer, amount).error(), LedgerError::invalid_amount);
    EXPECT_EQ(ledger_.reserve(kBuyer, amount).error(), LedgerError::invalid_amount);
    EXPECT_EQ(ledger_.release(kBuyer, amount).error(), LedgerError::invalid_amount);
    EXPECT_EQ(ledger_.fund_escrow(kTrade, kBuyer, amount).error(), LedgerError::invalid_amount);
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, WithdrawMovesAvailableToTheOutsideWorld) {
  ASSERT_TRUE(ledger_.deposit(kSeller, 1'000_fen));

  EXPECT_TRUE(ledger_.withdraw(kSeller, 400_fen));
  EXPECT_EQ(available(kSeller), 600_fen);
  EXPECT_EQ(ledger_.outside_world(), Fen{-600});
}

TEST_F(LedgerTest, WithdrawingMoreThanAvailableIsRefusedAndChangesNothing) {
  ASSERT_TRUE(ledger_.deposit(kSeller, 1'000_fen));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.withdraw(kSeller, 1'001_fen).error(), LedgerError::insufficient_funds);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, WithdrawCannotTakeReservedFunds) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 700_fen));

  EXPECT_EQ(ledger_.withdraw(kBuyer, 301_fen).error(), LedgerError::insufficient_funds);
  EXPECT_TRUE(ledger_.withdraw(kBuyer, 300_fen));
}

TEST_F(LedgerTest, ReserveMovesAvailableToReserved) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));

  EXPECT_TRUE(ledger_.reserve(kBuyer, 700_fen));
  EXPECT_EQ(available(kBuyer), 300_fen);
  EXPECT_EQ(reserved(kBuyer), 700_fen);
}

TEST_F(LedgerTest, ReservingMoreThanAvailableIsRefusedAndChangesNothing) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.reserve(kBuyer, 1'001_fen).error(), LedgerError::insufficient_funds);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, ReleaseMovesReservedBackToAvailable) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 700_fen));

  EXPECT_TRUE(ledger_.release(kBuyer, 200_fen));
  EXPECT_EQ(available(kBuyer), 500_fen);
  EXPECT_EQ(reserved(kBuyer), 500_fen);
}

TEST_F(LedgerTest, ReleasingMoreThanReservedIsRefused) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 700_fen));

  EXPECT_EQ(ledger_.release(kBuyer, 701_fen).error(), LedgerError::insufficient_funds);
}

TEST_F(LedgerTest, FundEscrowMovesTheBuyersReservedFundsIntoTheTradesEscrow) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 1'000_fen));

  EXPECT_TRUE(ledger_.fund_escrow(kTrade, kBuyer, 800_fen));
  EXPECT_EQ(reserved(kBuyer), 200_fen);
  EXPECT_EQ(escrow(kTrade), 800_fen);
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, FundEscrowFromUnreservedFundsIsRefusedAndLeavesNoEscrow) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.fund_escrow(kTrade, kBuyer, 800_fen).error(), LedgerError::insufficient_funds);
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(ledger_.balance(AccountKey::escrow(kTrade)).error(), LedgerError::unknown_account);
}

TEST_F(LedgerTest, FundingOneTradesEscrowTwiceIsRefused) {
  fund_trade(800_fen);
  ASSERT_TRUE(ledger_.deposit(kBuyer, 100_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 100_fen));

  EXPECT_EQ(ledger_.fund_escrow(kTrade, kBuyer, 100_fen).error(), LedgerError::escrow_exists);
  EXPECT_EQ(escrow(kTrade), 800_fen);
}

TEST_F(LedgerTest, FundEscrowForAnUnknownBuyerIsRefused) {
  EXPECT_EQ(ledger_.fund_escrow(kTrade, kStranger, 1_fen).error(), LedgerError::unknown_account);
  EXPECT_EQ(ledger_.balance(AccountKey::escrow(kTrade)).error(), LedgerError::unknown_account);
}

TEST_F(LedgerTest, SettlePaysTheSellerLessTheFeeAndTheFeeToTheExchange) {
  fund_trade(10'000_fen);

  const auto payout = ledger_.settle(kTrade, kSeller, 250);

  ASSERT_TRUE(payout);
  EXPECT_EQ(*payout, (Payout{9'750_fen, 250_fen}));
  EXPECT_EQ(available(kSeller), 9'750_fen);
  EXPECT_EQ(ledger_.fees(), 250_fen);
  EXPECT_EQ(escrow(kTrade), 0_fen);
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, SettleRoundsTheFeeDownInTheSellersFavour) {
  fund_trade(199_fen);

  const auto payout = ledger_.settle(kTrade, kSeller, 100);

  ASSERT_TRUE(payout);
  EXPECT_EQ(*payout, (Payout{198_fen, 1_fen}));
}

TEST_F(LedgerTest, SettleWithAZeroFeeRatePaysTheWholeAmountToTheSeller) {
  fund_trade(500_fen);

  EXPECT_EQ(*ledger_.settle(kTrade, kSeller, 0), (Payout{500_fen, 0_fen}));
  EXPECT_EQ(ledger_.fees(), 0_fen);
}

TEST_F(LedgerTest, SettlingTheSameEscrowTwiceIsRefused) {
  fund_trade(500_fen);
  ASSERT_TRUE(ledger_.settle(kTrade, kSeller, 100));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.settle(kTrade, kSeller, 100).error(), LedgerError::escrow_already_settled);
  EXPECT_EQ(ledger_.refund(kTrade, kBuyer).error(), LedgerError::escrow_already_settled);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, SettlingARefundedEscrowIsRefused) {
  fund_trade(500_fen);
  ASSERT_TRUE(ledger_.refund(kTrade, kBuyer));

  EXPECT_EQ(ledger_.settle(kTrade, kSeller, 100).error(), LedgerError::escrow_already_settled);
  EXPECT_EQ(available(kSeller), 0_fen);
}

TEST_F(LedgerTest, SettlingAnUnknownTradeIsRefused) {
  EXPECT_EQ(ledger_.settle(TradeId{77}, kSeller, 100).error(), LedgerError::unknown_account);
  EXPECT_EQ(ledger_.refund(TradeId{77}, kBuyer).error(), LedgerError::unknown_account);
}

TEST_F(LedgerTest, SettlingToAnUnknownSellerIsRefusedAndLeavesTheEscrowOpen) {
  fund_trade(500_fen);
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.settle(kTrade, kStranger, 100).error(), LedgerError::unknown_account);
  EXPECT_EQ(snapshot(), before);
  EXPECT_TRUE(ledger_.settle(kTrade, kSeller, 100));
}

TEST_F(LedgerTest, SettlingWithAFeeRateOutOfRangeIsRefusedAndLeavesTheEscrowOpen) {
  fund_trade(500_fen);
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.settle(kTrade, kSeller, 10'001).error(), LedgerError::invalid_fee_rate);
  EXPECT_EQ(ledger_.settle(kTrade, kSeller, -1).error(), LedgerError::invalid_fee_rate);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, RefundReturnsTheEscrowToTheBuyersAvailableBalance) {
  fund_trade(500_fen);

  const auto refunded = ledger_.refund(kTrade, kBuyer);

  ASSERT_TRUE(refunded);
  EXPECT_EQ(*refunded, 500_fen);
  EXPECT_EQ(available(kBuyer), 500_fen);
  EXPECT_EQ(reserved(kBuyer), 0_fen);
  EXPECT_EQ(escrow(kTrade), 0_fen);
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, RefundToAPartyOtherThanTheFundingBuyerIsRefused) {
  fund_trade(500_fen);
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.refund(kTrade, kSeller).error(), LedgerError::wrong_party);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, ApplyMovesABalancedSetOfPostings) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  const std::array<Posting, 3> postings{{{AccountKey::available(kBuyer), Fen{-300}},
                                         {AccountKey::available(kSeller), 200_fen},
                                         {AccountKey::fees(), 100_fen}}};

  EXPECT_TRUE(ledger_.apply(postings));
  EXPECT_EQ(available(kBuyer), 700_fen);
  EXPECT_EQ(available(kSeller), 200_fen);
  EXPECT_EQ(ledger_.fees(), 100_fen);
}

TEST_F(LedgerTest, ApplyRefusesAnUnbalancedMovementAndChangesNothing) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  const Snapshot before = snapshot();
  const std::array<Posting, 2> postings{
      {{AccountKey::available(kBuyer), Fen{-300}}, {AccountKey::available(kSeller), 299_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::unbalanced);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, ApplyRefusesAMovementWhoseRunningSumOverflows) {
  const std::array<Posting, 3> postings{{{AccountKey::available(kSeller), kMaxFen},
                                         {AccountKey::available(kBuyer), 1_fen},
                                         {AccountKey::outside_world(), kMinFen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::overflow);
}

TEST_F(LedgerTest, ApplyRefusesAPostingToAnUnknownAccountAndChangesNothing) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  const Snapshot before = snapshot();
  const std::array<Posting, 2> postings{
      {{AccountKey::available(kBuyer), Fen{-300}}, {AccountKey::available(kStranger), 300_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::unknown_account);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, ApplyRefusesFeesOrOutsideWorldKeysWithAnId) {
  const std::array<Posting, 2> postings{
      {{AccountKey::outside_world(), Fen{-1}}, {AccountKey{AccountKind::fees, 3}, 1_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::unknown_account);
  EXPECT_EQ(ledger_.balance(AccountKey{AccountKind::outside_world, 1}).error(),
            LedgerError::unknown_account);
}

TEST_F(LedgerTest, ApplyRefusesAMovementThatOverdrawsOneOfItsAccountsAndChangesNothing) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.deposit(kSeller, 10_fen));
  const Snapshot before = snapshot();
  const std::array<Posting, 3> postings{{{AccountKey::available(kBuyer), Fen{-500}},
                                         {AccountKey::available(kSeller), Fen{-11}},
                                         {AccountKey::fees(), 511_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::insufficient_funds);
  EXPECT_EQ(snapshot(), before);
}

TEST_F(LedgerTest, ApplyJudgesAnAccountPostedTwiceByItsFinalBalance) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 100_fen));
  const std::array<Posting, 4> postings{{{AccountKey::available(kBuyer), Fen{-150}},
                                         {AccountKey::available(kBuyer), 120_fen},
                                         {AccountKey::available(kSeller), 30_fen},
                                         {AccountKey::available(kSeller), 0_fen}}};

  EXPECT_TRUE(ledger_.apply(postings));
  EXPECT_EQ(available(kBuyer), 70_fen);
  EXPECT_EQ(available(kSeller), 30_fen);
}

TEST_F(LedgerTest, ApplyRefusesAnAccountPostedTwiceThatEndsNegative) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 100_fen));
  const std::array<Posting, 3> postings{{{AccountKey::available(kBuyer), 50_fen},
                                         {AccountKey::available(kBuyer), Fen{-151}},
                                         {AccountKey::fees(), 101_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::insufficient_funds);
  EXPECT_EQ(available(kBuyer), 100_fen);
}

TEST_F(LedgerTest, ApplyRefusesMoreThanTheMaximumNumberOfPostings) {
  const std::vector<Posting> postings(Ledger::kMaxPostings + 1, Posting{AccountKey::fees(), 0_fen});

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::too_many_postings);
}

TEST_F(LedgerTest, ApplyAcceptsAnEmptyMovement) {
  EXPECT_TRUE(ledger_.apply({}));
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, ApplyRefusesAPostingToAClosedEscrow) {
  fund_trade(500_fen);
  ASSERT_TRUE(ledger_.refund(kTrade, kBuyer));
  const std::array<Posting, 2> postings{
      {{AccountKey::available(kBuyer), Fen{-1}}, {AccountKey::escrow(kTrade), 1_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::escrow_already_settled);
  EXPECT_EQ(available(kBuyer), 500_fen);
}

TEST_F(LedgerTest, OnlyTheOutsideWorldMayGoNegative) {
  const std::array<Posting, 2> postings{
      {{AccountKey::fees(), Fen{-1}}, {AccountKey::outside_world(), 1_fen}}};

  EXPECT_EQ(ledger_.apply(postings).error(), LedgerError::insufficient_funds);
  EXPECT_TRUE(ledger_.deposit(kBuyer, 1_fen));
  EXPECT_LT(ledger_.outside_world(), 0_fen);
}

TEST_F(LedgerTest, DepositThatWouldOverflowTheOutsideWorldIsRefused) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, kMaxFen));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.deposit(kSeller, 2_fen).error(), LedgerError::overflow);
  EXPECT_EQ(snapshot(), before);
  EXPECT_TRUE(ledger_.deposit(kSeller, 1_fen));
  EXPECT_EQ(ledger_.outside_world(), kMinFen);
  EXPECT_EQ(ledger_.total(), 0_fen);
}

TEST_F(LedgerTest, MovementThatWouldOverflowAnAccountIsRefusedAndLeavesTheEscrowOpen) {
  // Inside accounts together may hold 2^63 fen, one more than a single account can.
  ASSERT_TRUE(ledger_.deposit(kSeller, kMaxFen));
  ASSERT_TRUE(ledger_.deposit(kBuyer, 1_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 1_fen));
  ASSERT_TRUE(ledger_.fund_escrow(kTrade, kBuyer, 1_fen));
  const Snapshot before = snapshot();

  EXPECT_EQ(ledger_.settle(kTrade, kSeller, 0).error(), LedgerError::overflow);
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(*ledger_.refund(kTrade, kBuyer), 1_fen);
}

TEST_F(LedgerTest, BalanceOfAnUnknownAccountIsRefused) {
  EXPECT_EQ(ledger_.balance(AccountKey::available(kStranger)).error(),
            LedgerError::unknown_account);
  EXPECT_EQ(ledger_.balance(AccountKey::reserved(kStranger)).error(), LedgerError::unknown_account);
  EXPECT_EQ(ledger_.balance(AccountKey::escrow(kTrade)).error(), LedgerError::unknown_account);
}

TEST_F(LedgerTest, ForEachAccountVisitsEveryAccountOnce) {
  fund_trade(500_fen);
  int visited = 0;
  Fen sum{0};

  ledger_.for_each_account([&](AccountKey, Fen balance) {
    ++visited;
    sum = *checked_add(sum, balance);
  });

  EXPECT_EQ(visited, 2 * 2 + 1 + 2);  // two parties, one escrow, fees, outside world
  EXPECT_EQ(sum, 0_fen);
}

TEST_F(LedgerTest, ATradeRoundTripKeepsTheTotalAtZero) {
  ASSERT_TRUE(ledger_.deposit(kBuyer, 10'000_fen));
  ASSERT_TRUE(ledger_.reserve(kBuyer, 6'000_fen));
  ASSERT_TRUE(ledger_.fund_escrow(kTrade, kBuyer, 5'000_fen));
  ASSERT_TRUE(ledger_.release(kBuyer, 1'000_fen));
  ASSERT_TRUE(ledger_.settle(kTrade, kSeller, 100));
  ASSERT_TRUE(ledger_.withdraw(kSeller, 4'950_fen));

  EXPECT_EQ(available(kBuyer), 5'000_fen);
  EXPECT_EQ(ledger_.fees(), 50_fen);
  EXPECT_EQ(ledger_.outside_world(), Fen{-5'050});
  EXPECT_EQ(ledger_.total(), 0_fen);
}

}  // namespace
}  // namespace dx::settlement
