// Stable names of the trade state machine's enumerations; switches without default, so a new
// enumerator is flagged by the compiler.
#include "settlement/trade_state.hpp"

namespace dx::settlement {

std::string_view to_string(DeliveryKind kind) {
  switch (kind) {
    case DeliveryKind::file:
      return "file";
    case DeliveryKind::api:
      return "api";
  }
  return "unknown";
}

std::string_view to_string(TradeStatus status) {
  switch (status) {
    case TradeStatus::pending:
      return "pending";
    case TradeStatus::awaiting_delivery:
      return "awaiting_delivery";
    case TradeStatus::delivered:
      return "delivered";
    case TradeStatus::settled:
      return "settled";
    case TradeStatus::disputed:
      return "disputed";
    case TradeStatus::refunded:
      return "refunded";
    case TradeStatus::frozen:
      return "frozen";
  }
  return "unknown";
}

std::string_view to_string(TradeEvent event) {
  switch (event) {
    case TradeEvent::filled:
      return "filled";
    case TradeEvent::seller_delivered:
      return "seller_delivered";
    case TradeEvent::buyer_accepted:
      return "buyer_accepted";
    case TradeEvent::buyer_disputed:
      return "buyer_disputed";
    case TradeEvent::staff_resolved_release:
      return "staff_resolved_release";
    case TradeEvent::staff_resolved_refund:
      return "staff_resolved_refund";
    case TradeEvent::delivery_window_elapsed:
      return "delivery_window_elapsed";
    case TradeEvent::acceptance_window_elapsed:
      return "acceptance_window_elapsed";
    case TradeEvent::complaint_froze:
      return "complaint_froze";
    case TradeEvent::complaint_released:
      return "complaint_released";
    case TradeEvent::complaint_upheld_withdraw:
      return "complaint_upheld_withdraw";
  }
  return "unknown";
}

std::string_view to_string(TimerKind kind) {
  switch (kind) {
    case TimerKind::delivery:
      return "delivery";
    case TimerKind::acceptance:
      return "acceptance";
  }
  return "unknown";
}

std::string_view to_string(Effect effect) {
  switch (effect) {
    case Effect::release_escrow_to_seller:
      return "release_escrow_to_seller";
    case Effect::refund_buyer:
      return "refund_buyer";
  }
  return "unknown";
}

std::string_view to_string(TransitionError error) {
  switch (error) {
    case TransitionError::invalid_state:
      return "invalid_state";
    case TransitionError::final_state:
      return "final_state";
    case TransitionError::timer_not_due:
      return "timer_not_due";
  }
  return "unknown";
}

}  // namespace dx::settlement
