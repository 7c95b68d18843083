// Ledger throughput in postings per second (reported as items/s). The trade cycle is the mix the
// sequencer applies for each fill: reserve (2 postings) when the buy order arrives, fund_escrow
// (2) at the fill, settle (3) when the buyer accepts.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "settlement/ledger.hpp"

namespace dx::settlement {
namespace {

constexpr std::int64_t kParties = 1'024;
// A ledger keeps a closed escrow per trade; start afresh now and then so the benchmark measures
// postings, not the growth of one map to tens of millions of trades.
constexpr std::int64_t kTradesPerLedger = 1 << 16;
constexpr std::int64_t kPostingsPerTrade = 2 + 2 + 3;

void fund(Ledger& ledger) {
  for (std::int64_t p = 0; p < kParties; ++p) {
    (void)ledger.open_party(PartyId{p});
    (void)ledger.deposit(PartyId{p}, Fen{1'000'000'000'000});
  }
}

bool trade_once(Ledger& ledger, std::int64_t trade) {
  const PartyId buyer{trade % kParties};
  const PartyId seller{(trade % kParties + 1 + trade % (kParties - 1)) % kParties};
  const Fen amount{100 + trade % 10'000};
  const bool reserved = ledger.reserve(buyer, amount).ok();
  const bool funded = ledger.fund_escrow(TradeId{trade}, buyer, amount).ok();
  const bool settled = ledger.settle(TradeId{trade}, seller, 100).ok();
  return reserved && funded && settled;
}

void BM_TradeCycle(benchmark::State& state) {
  Ledger ledger;
  fund(ledger);
  std::int64_t trade = 0;
  for (auto _ : state) {
    if (trade == kTradesPerLedger) {
      state.PauseTiming();
      ledger = Ledger{};
      fund(ledger);
      trade = 0;
      state.ResumeTiming();
    }
    if (!trade_once(ledger, trade++)) {
      state.SkipWithError("a movement was refused");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kPostingsPerTrade);
}
BENCHMARK(BM_TradeCycle);

// Reserve and release in turn: two-posting movements between one party's accounts.
void BM_ReserveRelease(benchmark::State& state) {
  Ledger ledger;
  fund(ledger);
  std::int64_t i = 0;
  for (auto _ : state) {
    const PartyId party{i % kParties};
    const bool ok = ledger.reserve(party, Fen{500}).ok() && ledger.release(party, Fen{500}).ok();
    benchmark::DoNotOptimize(ok);
    ++i;
  }
  state.SetItemsProcessed(state.iterations() * 4);
}
BENCHMARK(BM_ReserveRelease);

}  // namespace
}  // namespace dx::settlement

BENCHMARK_MAIN();
