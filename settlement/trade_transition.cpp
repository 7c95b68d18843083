// Every move of the trade life cycle (API.md): awaiting_delivery → delivered → settled, or
// disputed → settled | refunded, or frozen while a complaint holds the trade. Supervising delivery
// and settlement this way is O4 (CQ-37(4)); freezing and withdrawing on complaint is O13.
#include "settlement/trade_transition.hpp"

#include <algorithm>
#include <stdexcept>

namespace dx::settlement {
namespace {

using Outcome = Result<Transition, TransitionError>;

// Money is still in escrow and the trade is not frozen.
bool is_open(TradeStatus status) {
  return status == TradeStatus::awaiting_delivery || status == TradeStatus::delivered ||
         status == TradeStatus::disputed;
}

// Moves to `status` with no timer running; the timer of the old status, if any, is cancelled.
Transition leave_to(const TradeState& from, TradeStatus status) {
  Transition move{TradeState{status, from.delivery, std::nullopt, std::nullopt}};
  if (from.timer) move.cancel_timer = from.timer->kind;
  return move;
}

Transition start_timer(Transition move, TimerKind kind, TimePoint due) {
  move.state.timer = Timer{kind, due};
  move.set_timer = move.state.timer;
  return move;
}

Transition with_effect(Transition move, Effect effect) {
  move.effect = effect;
  return move;
}

const Frozen& frozen_part(const TradeState& state) {
  // Only transition() builds frozen states, always with their Frozen part.
  if (!state.frozen) throw std::logic_error("frozen trade state without its frozen part");
  return *state.frozen;
}

std::optional<PausedTimer> pause(const std::optional<Timer>& timer, TimePoint now) {
  if (!timer) return std::nullopt;
  return PausedTimer{timer->kind, std::max(timer->due - now, Clock::duration::zero())};
}

Outcome on_filled(const TradeState& state, TimePoint now, const TradeConfig& config) {
  if (state.status != TradeStatus::pending) return TransitionError::invalid_state;
  if (state.delivery == DeliveryKind::file) {
    // The exchange holds the file, so the fill delivers it; acceptance counts from here.
    return start_timer(leave_to(state, TradeStatus::delivered), TimerKind::acceptance,
                       now + config.acceptance_window);
  }
  return start_timer(leave_to(state, TradeStatus::awaiting_delivery), TimerKind::delivery,
                     now + config.delivery_window);
}

Outcome on_seller_delivered(const TradeState& state, TimePoint now, const TradeConfig& config) {
  if (state.status != TradeStatus::awaiting_delivery) return TransitionError::invalid_state;
  return start_timer(leave_to(state, TradeStatus::delivered), TimerKind::acceptance,
                     now + config.acceptance_window);
}

Outcome on_buyer_accepted(const TradeState& state) {
  if (state.status != TradeStatus::delivered) return TransitionError::invalid_state;
  return with_effect(leave_to(state, TradeStatus::settled), Effect::release_escrow_to_seller);
}

Outcome on_buyer_disputed(const TradeState& state) {
  if (state.status != TradeStatus::delivered) return TransitionError::invalid_state;
  return leave_to(state, TradeStatus::disputed);
}

Outcome on_staff_resolved(const TradeState& state, TradeStatus outcome, Effect effect) {
  if (state.status != TradeStatus::disputed) return TransitionError::invalid_state;
  return with_effect(leave_to(state, outcome), effect);
}

// A window ran out: only while its timer runs, and not before the deadline the state holds.
Outcome on_window_elapsed(const TradeState& state, TimerKind kind, TradeStatus outcome,
                         Effect effect, TimePoint now) {
  if (!state.timer || state.timer->kind != kind) return TransitionError::invalid_state;
  if (now < state.timer->due) return TransitionError::timer_not_due;
  Transition move = with_effect(leave_to(state, outcome), effect);
  move.cancel_timer.reset();  // it has just fired
  return move;
}

Outcome on_complaint_froze(const TradeState& state, TimePoint now) {
  if (!is_open(state.status)) return TransitionError::invalid_state;
  Transition move = leave_to(state, TradeStatus::frozen);
  move.state.frozen = Frozen{state.status, pause(state.timer, now)};
  return move;
}

Outcome on_complaint_released(const TradeState& state, TimePoint now) {
  if (state.status != TradeStatus::frozen) return TransitionError::invalid_state;
  const Frozen& frozen = frozen_part(state);
  Transition move = leave_to(state, frozen.from);
  if (!frozen.timer) return move;
  return start_timer(move, frozen.timer->kind, now + frozen.timer->remaining);
}

Outcome on_complaint_upheld_withdraw(const TradeState& state) {
  // The product is withdrawn: every unsettled trade of it is refunded, frozen or not.
  if (!is_open(state.status) && state.status != TradeStatus::frozen) {
    return TransitionError::invalid_state;
  }
  return with_effect(leave_to(state, TradeStatus::refunded), Effect::refund_buyer);
}

}  // namespace

Result<Transition, TransitionError> transition(const TradeState& state, TradeEvent event,
                                                 TimePoint now, const TradeConfig& config) {
  if (is_final(state.status)) return TransitionError::final_state;
  switch (event) {
    case TradeEvent::filled:
      return on_filled(state, now, config);
    case TradeEvent::seller_delivered:
      return on_seller_delivered(state, now, config);
    case TradeEvent::buyer_accepted:
      return on_buyer_accepted(state);
    case TradeEvent::buyer_disputed:
      return on_buyer_disputed(state);
    case TradeEvent::staff_resolved_release:
      return on_staff_resolved(state, TradeStatus::settled, Effect::release_escrow_to_seller);
    case TradeEvent::staff_resolved_refund:
      return on_staff_resolved(state, TradeStatus::refunded, Effect::refund_buyer);
    case TradeEvent::delivery_window_elapsed:
      return on_window_elapsed(state, TimerKind::delivery, TradeStatus::refunded,
                               Effect::refund_buyer, now);
    case TradeEvent::acceptance_window_elapsed:
      return on_window_elapsed(state, TimerKind::acceptance, TradeStatus::settled,
                               Effect::release_escrow_to_seller, now);
    case TradeEvent::complaint_froze:
      return on_complaint_froze(state, now);
    case TradeEvent::complaint_released:
      return on_complaint_released(state, now);
    case TradeEvent::complaint_upheld_withdraw:
      return on_complaint_upheld_withdraw(state);
  }
  return TransitionError::invalid_state;
}

}  // namespace dx::settlement
