#include "trades/timers.hpp"

#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/services.hpp"
#include "crypto/crypto.hpp"
#include "settlement/trade_state.hpp"
#include "store/db.hpp"
#include "store/sequencer.hpp"
#include "trades/trade_moves.hpp"

namespace dx::trades {

namespace {

std::vector<std::string> due_trades(store::Db& db, TimePoint now, std::size_t max) {
  // timer_due is RFC 3339 with fixed-width fields in UTC, so text order is time order and the
  // partial index trades_timer answers this.
  auto& st = db.cached("SELECT id FROM trades WHERE timer_due IS NOT NULL AND timer_due <= ? ORDER BY timer_due LIMIT ?");
  st.bind(1, to_rfc3339(now)).bind(2, static_cast<std::int64_t>(max));
  std::vector<std::string> ids;
  while (st.step()) ids.push_back(st.text(0));
  st.reset();
  return ids;
}

settlement::TradeEvent elapsed_event(settlement::TimerKind kind) {
  return kind == settlement::TimerKind::delivery ? settlement::TradeEvent::delivery_window_elapsed
                                                 : settlement::TradeEvent::acceptance_window_elapsed;
}

}  // namespace

std::size_t fire_due_timers(store::Tx& tx, market::Market& market, const Config& config, std::size_t max) {
  std::size_t fired = 0;
  for (const auto& id : due_trades(tx.db(), tx.now(), max)) {
    auto trade = load_trade(tx.db(), id);
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
