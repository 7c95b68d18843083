// Randomized test of the ledger against a plain model of the balances. Hundreds of thousands of
// random movements, valid and invalid; after each: the ledger agrees with the model (a refusal
// changed nothing, a success changed exactly what it says), every account sums to zero, and only
// the outside world is negative. The seed is fixed; DX_SETTLEMENT_SEED changes it.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "settlement/fee.hpp"
#include "settlement/ledger.hpp"
#include "settlement/test_printing.hpp"

namespace dx::settlement {
namespace {

constexpr std::uint64_t kDefaultSeed = 20'240'615;
constexpr int kOperations = 300'000;
constexpr int kFullSweepEvery = 10'000;
constexpr int kParties = 16;
constexpr std::size_t kMaxOpenTrades = 64;

std::uint64_t seed_from_environment() {
  const char* text = std::getenv("DX_SETTLEMENT_SEED");
  return text == nullptr ? kDefaultSeed : std::stoull(text);
}

bool fits_sum(Fen a, Fen b) { return checked_add(a, b).has_value(); }
Fen minus(Fen a) { return Fen{-a.value()}; }  // amounts here are never the minimum

struct OpenTrade {
  TradeId id;
  PartyId buyer;
  Fen amount;
};

class RandomLedger {
 public:
  explicit RandomLedger(std::uint64_t seed) : rng_(seed) {
    for (int p = 0; p < kParties; ++p) EXPECT_TRUE(ledger_.open_party(PartyId{p}));
  }

  void step() {
    const int dice = uniform(0, 99);
    if (dice < 15) return deposit();
    if (dice < 25) return withdraw();
    if (dice < 45) return reserve();
    if (dice < 55) return release();
    if (dice < 75 && open_.size() < kMaxOpenTrades) return fund_escrow();
    if (dice < 90) return settle();
    return refund();
  }

  // The ledger agrees with the model; the tracked accounts (every account that can be non-zero)
  // sum to zero; none but the outside world is negative.
  void check_tracked_accounts() const {
    std::uint64_t sum = 0;
    const auto check = [&sum](AccountKey key, Fen actual, Fen expected) {
      EXPECT_EQ(actual, expected) << static_cast<int>(key.kind) << " " << key.id;
      if (key.kind != AccountKind::outside_world) {
        EXPECT_GE(actual, Fen{0});
      }
      sum += static_cast<std::uint64_t>(actual.value());
    };
    for (int p = 0; p < kParties; ++p) {
      check(AccountKey::available(PartyId{p}), balance(AccountKey::available(PartyId{p})),
            available_[p]);
      check(AccountKey::reserved(PartyId{p}), balance(AccountKey::reserved(PartyId{p})),
            reserved_[p]);
    }
    for (const OpenTrade& t : open_) {
      check(AccountKey::escrow(t.id), balance(AccountKey::escrow(t.id)), t.amount);
    }
    check(AccountKey::fees(), ledger_.fees(), fees_);
    check(AccountKey::outside_world(), ledger_.outside_world(), outside_);
    EXPECT_EQ(sum, 0u);
  }

  // Every account of the ledger, closed escrows included.
  void check_every_account() const {
    EXPECT_EQ(ledger_.total(), Fen{0});
    ledger_.for_each_account([](AccountKey key, Fen balance) {
      if (key.kind != AccountKind::outside_world) {
        EXPECT_GE(balance, Fen{0});
      }
    });
  }

 private:
  int uniform(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
  std::int64_t uniform64(std::int64_t low, std::int64_t high) {
    return std::uniform_int_distribution<std::int64_t>(low, high)(rng_);
  }
  PartyId random_party() { return PartyId{uniform(0, kParties - 1)}; }
  std::size_t index(PartyId p) const { return static_cast<std::size_t>(p); }

  // Mostly ordinary amounts; some zero or negative; some huge, to reach overflow.
  Fen random_amount() {
    const int dice = uniform(0, 99);
    if (dice < 3) return Fen{-uniform64(0, 1'000)};
    if (dice < 5) return Fen{uniform64(1, kMaxFen.value())};
    return Fen{uniform64(1, 100'000)};
  }

  // Half the time an amount the balance covers, so that movements also succeed.
  Fen amount_within(Fen balance) {
    if (balance <= Fen{0} || uniform(0, 1) == 0) return random_amount();
    return Fen{uniform64(1, balance.value())};
  }

  Fen balance(AccountKey key) const {
    const auto value = ledger_.balance(key);
    EXPECT_TRUE(value) << to_string(value.error());
    return value ? *value : Fen{-1};
  }

  void deposit() {
    const PartyId p = random_party();
    const Fen amount = random_amount();
    Fen& available = available_[index(p)];
    const bool expected =
        amount > Fen{0} && fits_sum(outside_, minus(amount)) && fits_sum(available, amount);
    const bool done = ledger_.deposit(p, amount).ok();
    EXPECT_EQ(done, expected);
    if (!done) return;
    outside_ = Fen{outside_.value() - amount.value()};
    available = Fen{available.value() + amount.value()};
  }

  void withdraw() {
    const PartyId p = random_party();
    Fen& available = available_[index(p)];
    const Fen amount = amount_within(available);
    const bool expected = amount > Fen{0} && available >= amount;
    const bool done = ledger_.withdraw(p, amount).ok();
    EXPECT_EQ(done, expected);
    if (!done) return;
    available = Fen{available.value() - amount.value()};
    outside_ = Fen{outside_.value() + amount.value()};
  }

  // Moves `amount` within one party, from one of its accounts to the other.
  void shift(Fen& from, Fen& to, Fen amount, bool done) {
    const bool expected = amount > Fen{0} && from >= amount && fits_sum(to, amount);
    EXPECT_EQ(done, expected);
    if (!done) return;
    from = Fen{from.value() - amount.value()};
    to = Fen{to.value() + amount.value()};
  }

  void reserve() {
    const PartyId p = random_party();
    const Fen amount = amount_within(available_[index(p)]);
    const bool done = ledger_.reserve(p, amount).ok();
    shift(available_[index(p)], reserved_[index(p)], amount, done);
  }

  void release() {
    const PartyId p = random_party();
    const Fen amount = amount_within(reserved_[index(p)]);
    const bool done = ledger_.release(p, amount).ok();
    shift(reserved_[index(p)], available_[index(p)], amount, done);
  }

  void fund_escrow() {
    const PartyId buyer = random_party();
    Fen& reserved = reserved_[index(buyer)];
    const Fen amount = amount_within(reserved);
    if (uniform(0, 19) == 0 && !closed_.empty()) return fund_used_trade(buyer, amount);
    const TradeId trade{next_trade_++};
    const bool expected = amount > Fen{0} && reserved >= amount;
    const bool done = ledger_.fund_escrow(trade, buyer, amount).ok();
    EXPECT_EQ(done, expected);
    if (!done) {
      EXPECT_FALSE(ledger_.balance(AccountKey::escrow(trade)));  // no trace of the attempt
      return;
    }
    reserved = Fen{reserved.value() - amount.value()};
    open_.push_back({trade, buyer, amount});
  }

  void fund_used_trade(PartyId buyer, Fen amount) {
    const TradeId trade = closed_[static_cast<std::size_t>(uniform(0, int(closed_.size()) - 1))];
    const auto result = ledger_.fund_escrow(trade, buyer, amount);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error(),
              amount > Fen{0} ? LedgerError::escrow_exists : LedgerError::invalid_amount);
  }

  // An open trade to pay out, removed from the open list; or none for a closed or unknown one.
  std::optional<OpenTrade> take_open_trade(TradeId& id) {
    const int dice = uniform(0, 99);
    if (open_.empty() || dice < 5) {
      id = closed_.empty() || dice < 2 ? TradeId{-1} : closed_[closed_.size() - 1];
      return std::nullopt;
    }
    const std::size_t i = static_cast<std::size_t>(uniform(0, int(open_.size()) - 1));
    const OpenTrade trade = open_[i];
    open_[i] = open_.back();
    open_.pop_back();
    id = trade.id;
    return trade;
  }

  void expect_closed_refusal(TradeId id, LedgerError error) {
    EXPECT_EQ(error, id == TradeId{-1} ? LedgerError::unknown_account
                                       : LedgerError::escrow_already_settled);
  }

  void keep_open(const OpenTrade& trade) { open_.push_back(trade); }

  void close(const OpenTrade& trade) {
    EXPECT_EQ(balance(AccountKey::escrow(trade.id)), Fen{0});
    if (closed_.size() < kMaxOpenTrades) {
      closed_.push_back(trade.id);
    } else {
      closed_[static_cast<std::size_t>(uniform(0, int(kMaxOpenTrades) - 1))] = trade.id;
    }
  }

  // One time in twenty a rate out of range, either side.
  int random_fee_rate() {
    if (uniform(0, 19) != 0) return uniform(0, kBasisPointsPerWhole);
    return uniform(0, 1) == 0 ? uniform(-10, -1) : uniform(kBasisPointsPerWhole + 1, 10'010);
  }

  void settle() {
    TradeId id{};
    const auto trade = take_open_trade(id);
    const PartyId seller = random_party();
    const int bps = random_fee_rate();
    const auto payout = ledger_.settle(id, seller, bps);
    if (!trade) return expect_closed_refusal(id, payout.error());
    if (!payout) return expect_settle_refusal(*trade, seller, bps, payout.error());
    check_payout(trade->amount, bps, *payout);
    Fen& available = available_[index(seller)];
    available = Fen{available.value() + payout->to_seller.value()};
    fees_ = Fen{fees_.value() + payout->fee.value()};
    close(*trade);
  }

  void expect_settle_refusal(const OpenTrade& trade, PartyId seller, int bps, LedgerError error) {
    const bool valid_rate = bps >= 0 && bps <= kBasisPointsPerWhole;
    EXPECT_EQ(error, valid_rate ? LedgerError::overflow : LedgerError::invalid_fee_rate);
    EXPECT_TRUE(!valid_rate || !fits_sum(available_[index(seller)], trade.amount));
    keep_open(trade);
  }

  static void check_payout(Fen amount, int bps, Payout payout) {
    EXPECT_EQ(payout.to_seller.value() + payout.fee.value(), amount.value());
    EXPECT_GE(payout.fee, Fen{0});
    EXPECT_LE(payout.fee, amount);
    if (amount.value() <= kMaxFen.value() / kBasisPointsPerWhole) {
      EXPECT_EQ(payout.fee.value(), amount.value() * bps / kBasisPointsPerWhole);
    }
  }

  void refund() {
    TradeId id{};
    const auto trade = take_open_trade(id);
    const PartyId claimant =
        uniform(0, 9) == 0 ? random_party() : (trade ? trade->buyer : PartyId{});
    const auto refunded = ledger_.refund(id, claimant);
    if (!trade) return expect_closed_refusal(id, refunded.error());
    if (claimant != trade->buyer) {
      EXPECT_EQ(refunded.error(), LedgerError::wrong_party);
      return keep_open(*trade);
    }
    Fen& available = available_[index(trade->buyer)];
    EXPECT_EQ(refunded.ok(), fits_sum(available, trade->amount));
    if (!refunded) return keep_open(*trade);
    EXPECT_EQ(*refunded, trade->amount);
    available = Fen{available.value() + trade->amount.value()};
    close(*trade);
  }

  std::mt19937_64 rng_;
  Ledger ledger_;
  std::array<Fen, kParties> available_{};
  std::array<Fen, kParties> reserved_{};
  std::vector<OpenTrade> open_;
  std::vector<TradeId> closed_;  // a sample of closed trades, to try paying out again
  Fen fees_{0};
  Fen outside_{0};
  std::int64_t next_trade_ = 1;
};

TEST(LedgerRandomized, MoneyIsConservedAndNeverNegativeAcrossRandomMovements) {
  const std::uint64_t seed = seed_from_environment();
  SCOPED_TRACE("DX_SETTLEMENT_SEED=" + std::to_string(seed));
  RandomLedger run(seed);

  for (int i = 1; i <= kOperations && !HasFailure(); ++i) {
    run.step();
    run.check_tracked_accounts();
    if (i % kFullSweepEvery == 0) run.check_every_account();
  }
  run.check_every_account();
}

}  // namespace
}  // namespace dx::settlement
