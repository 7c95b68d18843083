#include "trades/timers.hpp"

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "settlement/trade_state.hpp"
#include "store/sequencer.hpp"
#include "trades/repository.hpp"
#include "trades/trade_moves.hpp"

namespace dx::trades {

namespace {

settlement::TradeEvent elapsed_event(settlement::TimerKind kind) {
  return kind == settlement::TimerKind::delivery ? settlement::TradeEvent::delivery_window_elapsed
                                                 : settlement::TradeEvent::acceptance_window_elapsed;
}

}  // namespace

std::size_t fire_due_timers(store::Tx& tx, market::Market& market, const Config& config, std::size_t max) {
  std::size_t fired = 0;
  for (const auto& id : repository::due_trade_ids(tx.db(), tx.now(), max)) {
    auto trade = repository::load_trade(tx.db(), id);
    if (!trade || !trade->state.timer) continue;
    const auto kind = trade->state.timer->kind;
    const Move move{elapsed_event(kind), "exchange", "trade.timer_fired",
                    {{"timer", std::string(settlement::to_string(kind))}, {"due", to_rfc3339(trade->state.timer->due)}}};
    // A refusal changed nothing (a timer stored in whole milliseconds is never early); skip it.
    if (apply_move(tx, market, config, std::move(*trade), move)) ++fired;
  }
  return fired;
}

SettlementTimers::SettlementTimers(Services& services, std::chrono::seconds every)
    : services_(services), thread_([this, every] {
        std::unique_lock lock(mu_);
        for (;;) {
          check();
          if (cv_.wait_for(lock, every, [this] { return stopping_; })) return;
        }
      }) {}

SettlementTimers::~SettlementTimers() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SettlementTimers::check() {
  // One check at a time: a slow batch must not let checks pile up in the sequencer's queue. The
  // command may finish after this object is gone, so it holds the flag, not `this`.
  if (queued_->exchange(true)) return;
  Services* s = &services_;
  services_.sequencer.submit(
      [s](store::Tx& tx) {
        fire_due_timers(tx, s->market, s->config);
        return true;
      },
      [queued = queued_](bool) { *queued = false; });
}

}  // namespace dx::trades
