// The trade state machine as one pure function: no clock read (`now` is passed in), no I/O.
// Thread-safe.
#pragma once

#include "core/result.hpp"
#include "settlement/trade_state.hpp"

namespace dx::settlement {

// The move `event` makes from `state` at `now`. Refused with final_state when the trade is settled
// or refunded, invalid_state when the event does not apply to the status, and timer_not_due when
// a window-elapsed event arrives before the deadline held in the state.
Result<Transition, TransitionError> transition(const TradeState& state, TradeEvent event,
                                                 TimePoint now, const TradeConfig& config);

}  // namespace dx::settlement
