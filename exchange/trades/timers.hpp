// The settlement timers (API.md: an api trade's delivery window lapses → refunded; the acceptance
// window, counted from delivery, lapses → settled). A timer is a trade's `timer_due` in the
// database, not a timer in memory, so a trade that fell due while the server was down is handled
// on the first check after start. Supervising settlement this way is O4 (CQ-37(4)).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <thread>

#include "config/config.hpp"

namespace dx {
struct Services;
namespace market {
class Market;
}
namespace store {
class Tx;
}
}  // namespace dx

namespace dx::trades {

// Fires, in this command, up to `max` timers due at tx.now(), oldest first: each becomes its
// window-elapsed event through apply_move, recorded as `trade.timer_fired`. Returns how many
// fired. Sequencer thread only.
std::size_t fire_due_timers(store::Tx& tx, market::Market& market, const Config& config, std::size_t max = 200);

// A thread that submits fire_due_timers to the sequencer at start and then every `every`
// (`settlement.timer_check_s`), never with more than one such command queued. Stops and joins in
// its destructor, which must run before the sequencer stops.
class SettlementTimers {
 public:
  SettlementTimers(Services& services, std::chrono::seconds every);
  ~SettlementTimers();
  SettlementTimers(const SettlementTimers&) = delete;
  SettlementTimers& operator=(const SettlementTimers&) = delete;

 private:
  void check();

  Services& services_;
  std::shared_ptr<std::atomic<bool>> queued_ = std::make_shared<std::atomic<bool>>(false);
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dx::trades
