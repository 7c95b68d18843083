// The trade life cycle of API.md ("Trades, contracts, delivery and settlement") as data: how the
// exchange supervises delivery and settlement (O4, CQ-37(4)). A trade's state, the events that move
// it, and what a move asks of the caller: timers to set or cancel, money to move.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace dx::settlement {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

// A file product is held by the exchange and delivered at the fill; an api product awaits its
// seller's delivery (O15).
enum class DeliveryKind { file, api };

enum class TradeStatus {
  pending,            // created, its fill not yet applied; no API status shows it
  awaiting_delivery,  // api product: the delivery window runs
  delivered,          // the acceptance window runs
  settled,            // final: escrow released to the seller less the fee
  disputed,           // the buyer disputed; staff decide
  refunded,           // final: escrow returned to the buyer
  frozen,             // a complaint holds the trade (O13); its timers are paused
};

enum class TradeEvent {
  filled,
  seller_delivered,
  buyer_accepted,
  buyer_disputed,
  staff_resolved_release,
  staff_resolved_refund,
  delivery_window_elapsed,
  acceptance_window_elapsed,
  complaint_froze,
  complaint_released,
  complaint_upheld_withdraw,
};

// Each timer, when due, comes back as the event of the same name.
enum class TimerKind { delivery, acceptance };

// Money the caller must move with the ledger in the same step as it stores the new state.
enum class Effect {
  release_escrow_to_seller,  // Ledger::settle
  refund_buyer,              // Ledger::refund
};

enum class TransitionError {
  invalid_state,  // the event does not apply to the trade's current state
  final_state,    // the trade is settled or refunded; nothing moves it any more
  timer_not_due,  // a timer event before the deadline the state holds (a stale timer)
};

struct Timer {
  TimerKind kind = TimerKind::delivery;
  TimePoint due;
  friend bool operator==(const Timer&, const Timer&) = default;
};

struct PausedTimer {
  TimerKind kind = TimerKind::delivery;
  Clock::duration remaining{};  // never negative: an overdue timer resumes due at once
  friend bool operator==(const PausedTimer&, const PausedTimer&) = default;
};

// What a frozen trade remembers, so that a released complaint resumes it where it stopped.
struct Frozen {
  TradeStatus from = TradeStatus::pending;
  std::optional<PausedTimer> timer{};
  friend bool operator==(const Frozen&, const Frozen&) = default;
};

// Invariants: `timer` is the deadline running in the current status (delivery while
// awaiting_delivery, acceptance while delivered, none otherwise); `frozen` is set iff the status
// is frozen.
struct TradeState {
  TradeStatus status = TradeStatus::pending;
  DeliveryKind delivery = DeliveryKind::file;
  std::optional<Timer> timer{};
  std::optional<Frozen> frozen{};
  friend bool operator==(const TradeState&, const TradeState&) = default;
};

// The windows from config (`settlement.delivery_window_s`, `settlement.acceptance_window_s`).
struct TradeConfig {
  std::chrono::seconds delivery_window{};
  std::chrono::seconds acceptance_window{};
};

// A move of the state machine: the new state and what the caller must do alongside storing it.
struct Transition {
  TradeState state;
  std::optional<TimerKind> cancel_timer{};
  std::optional<Timer> set_timer{};
  std::optional<Effect> effect{};
  friend bool operator==(const Transition&, const Transition&) = default;
};

constexpr TradeState new_trade(DeliveryKind delivery) {
  return TradeState{TradeStatus::pending, delivery, std::nullopt, std::nullopt};
}

constexpr bool is_final(TradeStatus status) {
  return status == TradeStatus::settled || status == TradeStatus::refunded;
}

// The stable snake_case names, as used in the API (`status`) and in records.
std::string_view to_string(DeliveryKind kind);
std::string_view to_string(TradeStatus status);
std::string_view to_string(TradeEvent event);
std::string_view to_string(TimerKind kind);
std::string_view to_string(Effect effect);
std::string_view to_string(TransitionError error);

}  // namespace dx::settlement
